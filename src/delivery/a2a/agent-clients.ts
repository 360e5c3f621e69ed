import type { AgentCard, AgentInterface } from "@a2a-js/sdk";
import { Client, DefaultAgentCardResolver, JsonRpcTransportFactory } from "@a2a-js/sdk/client";
import type { A2aVersion } from "../../config/a2a-settings.js";
import { failed } from "../delivery-core.js";
import { agentCardUrl } from "./target.js";

/** The transport this core speaks, as agent cards name it. */
const JSON_RPC = "JSONRPC";

/**
 * An agent whose card says it cannot be reached the way the run asked: no retry heals it, so
 * its messages are dead-lettered at once.
 */
export class UnsuitableAgentError extends Error {
  /** The failure this stands for, final. */
  readonly outcome = failed(this.message, { final: true });
}

/**
 * One SDK client per agent URL, made from the agent's card, which is fetched once: the first
 * delivery to an agent fetches it, those in flight meanwhile wait for the same fetch, and the
 * rest reuse the client. A card that could not be fetched is forgotten, so the next delivery
 * to that agent tries again (an agent that starts late is not lost for the whole run). A card
 * without what the run needs (a JSON-RPC interface of its version; push notifications, in push
 * mode) makes every delivery to the agent fail for good.
 */
export class AgentClients {
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly resolver: DefaultAgentCardResolver;
  private readonly transports: JsonRpcTransportFactory;

  constructor(
    fetchImpl: typeof fetch,
    private readonly version: A2aVersion,
    private readonly needs: { readonly push: boolean } = { push: false },
  ) {
    const legacyCompat = { enabled: version === "0.3" };
    this.resolver = new DefaultAgentCardResolver({ fetchImpl, legacyCompat });
    this.transports = new JsonRpcTransportFactory({ fetchImpl, legacyCompat });
  }

  /** The client of the agent at `url`. */
  get(url: string): Promise<Client> {
    const known = this.clients.get(url);
    if (known !== undefined) return known;
    const client = this.connect(url);
    this.clients.set(url, client);
    client.catch(() => {
      if (this.clients.get(url) === client) this.clients.delete(url);
    });
    return client;
  }

  private async connect(url: string): Promise<Client> {
    // The card's full URL and an empty path: the resolver would otherwise look at the host's
    // root, and every agent under one host would share one card.
    const card = await this.resolver.resolve(agentCardUrl(url), "");
    const chosen = jsonRpcInterface(card, this.version);
    if (chosen === undefined) {
      throw new UnsuitableAgentError(
        `agent card offers no JSON-RPC interface for A2A ${this.version} (see --a2a-version)`,
      );
    }
    if (this.needs.push && card.capabilities?.pushNotifications !== true) {
      throw new UnsuitableAgentError("agent card offers no push notifications (see --a2a-mode)");
    }
    const only: AgentCard = { ...card, supportedInterfaces: [chosen] };
    const transport = await this.transports.create(chosen.url, only);
    return new Client(transport, only);
  }
}

/** The card's JSON-RPC interface of `version` (0.3 stands for any 0.x), if it has one. */
function jsonRpcInterface(card: AgentCard, version: A2aVersion): AgentInterface | undefined {
  return card.supportedInterfaces.find(
    (candidate) =>
      candidate.protocolBinding.toUpperCase() === JSON_RPC &&
      isLegacy(candidate.protocolVersion) === (version === "0.3"),
  );
}

/** Whether a card's version is before 1.0; a card that names none is taken as 0.3. */
function isLegacy(version: string): boolean {
  const text = version.trim();
  return text === "" || text.startsWith("0.");
}
