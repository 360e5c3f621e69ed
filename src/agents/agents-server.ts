import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { A2aAgent, type A2aAgentVersion, sendJson } from "./a2a-agent.js";
import { type AgentBehaviour, Decider } from "./behaviour.js";
import type { PushTally } from "./push-sender.js";
import { RECEIPTS_PATH, ReceiptBook, type ReceiptCounts } from "./receipts.js";

/** How the simulated agents are spoken to. */
export type AgentsProtocol = "a2a" | "http";

/** The protocols `agents serve` offers. */
export const AGENTS_PROTOCOLS: readonly AgentsProtocol[] = ["a2a", "http"];

/** Where every agent lives under the server's root: `/agents/{name}`. */
export const AGENTS_PATH = "/agents";

/** Options of {@link startAgentsServer}. */
export interface AgentsServerOptions {
  /** The agents' names (`Agent-1` … `Agent-N` for a run's swarm). */
  readonly names: readonly string[];
  readonly protocol: AgentsProtocol;
  /** The port on 127.0.0.1; 0 (the default) takes a free one. */
  readonly port?: number;
  /** A2A: the versions each card offers; both by default. */
  readonly versions?: readonly A2aAgentVersion[];
  /** Every agent's behaviour, until {@link AgentsServer.behave} changes one. */
  readonly behaviour?: AgentBehaviour;
  /** Seeds the agents' decisions (failures, delays). */
  readonly seed?: number;
}

/** Simulated agents on one port, each under `/agents/{name}`, with their receipts. */
export interface AgentsServer {
  readonly protocol: AgentsProtocol;
  readonly port: number;
  /** `http://127.0.0.1:PORT`: the receipts are at `/receipts` under it (`--verify`). */
  readonly url: string;
  /** `http://127.0.0.1:PORT/agents`: each agent is under it by name. */
  readonly base: string;
  /** The `--core` setting that delivers to these agents: `a2a:…/agents/{agent}` or `http:…`. */
  readonly core: string;
  /** Per agent: every delivery it was sent, by message id. */
  readonly received: ReceiptCounts;
  /** Per agent: the deliveries it completed, by message id. */
  readonly completed: ReceiptCounts;
  /** A2A: JSON-RPC methods called, with how often (`SendMessage`, `message/send`, …). */
  readonly methods: Map<string, number>;
  /** A2A: agent cards served. */
  cardsServed(): number;
  /** A2A: push notifications the agents sent (push mode), and those that failed. */
  pushes(): PushTally;
  /** Change how one agent behaves from now on. */
  behave(agent: string, behaviour: AgentBehaviour): void;
  /** Forget receipts, counts and per-agent behaviours. */
  reset(): void;
  close(): Promise<void>;
}

/** The path of an agent's card under its own URL. */
const CARD_SUFFIX = "/.well-known/agent-card.json";

/**
 * Start simulated agents on 127.0.0.1: real A2A agents (the SDK's server side on node:http)
 * or plain HTTP receivers (`POST /agents/{name}` with the HTTP core's JSON), each keeping
 * receipts of the message ids it received and completed, served as JSON at `GET /receipts`.
 */
export async function startAgentsServer(options: AgentsServerOptions): Promise<AgentsServer> {
  const receipts = new ReceiptBook();
  const behaviours = new Map<string, AgentBehaviour>();
  const methods = new Map<string, number>();
  const decider = new Decider(options.seed ?? 0);
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const known = new Set(options.names);
  let cards = 0;
  const pushes: PushTally = { sent: 0, failed: 0 };
  const behaviourOf = (name: string): AgentBehaviour =>
    behaviours.get(name) ?? options.behaviour ?? {};

  const server: Server = createServer();
  server.keepAliveTimeout = 60_000;
  server.listen(options.port ?? 0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const base = `${url}${AGENTS_PATH}`;

  const a2aAgents = new Map<string, A2aAgent>();
  if (options.protocol === "a2a") {
    for (const name of options.names) {
      const agent = new A2aAgent({
        name,
        url: `${base}/${encodeURIComponent(name)}`,
        versions: options.versions ?? ["1.0", "0.3"],
        behaviour: () => behaviourOf(name),
        decider,
        receipts,
        pushes,
        closed,
      });
      a2aAgents.set(name, agent);
    }
  }

  /** An HTTP receiver: the HTTP core's JSON in, a status out. */
  const receiveHttp = async (name: string, body: string, response: ServerResponse) => {
    let delivery: { id?: unknown; attempt?: unknown };
    try {
      delivery = JSON.parse(body) as typeof delivery;
    } catch {
      sendJson(response, 400, { error: "the body is not JSON" });
      return;
    }
    const id = typeof delivery?.id === "string" ? delivery.id : undefined;
    if (id === undefined) {
      sendJson(response, 400, { error: "the body has no message id" });
      return;
    }
    const attempt = typeof delivery.attempt === "number" ? delivery.attempt : 1;
    const decision = decider.decide(behaviourOf(name), name, id, attempt);
    const copies = decision.drops ? 0 : decision.doubles ? 2 : 1;
    for (let i = 0; i < copies; i++) receipts.receive(name, id);
    if (decision.hangs) {
      // A dead agent: no answer, ever; the caller's timeout or the server's end settles it.
      await closed;
      return;
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.fails) {
      sendJson(response, decision.busy ? 429 : 500, { error: "simulated failure" });
      return;
    }
    for (let i = 0; i < copies; i++) receipts.complete(name, id);
    sendJson(response, 200, { ok: true });
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? "/", url).pathname;
    if (path === RECEIPTS_PATH) {
      if (request.method !== "GET") return sendJson(response, 405, { error: "GET only" });
      return sendJson(response, 200, receipts.document());
    }
    const prefix = `${AGENTS_PATH}/`;
    if (!path.startsWith(prefix)) return sendJson(response, 404, { error: "no such path" });
    const rest = path.slice(prefix.length);
    const isCard = rest.endsWith(CARD_SUFFIX);
    const encoded = isCard ? rest.slice(0, -CARD_SUFFIX.length) : rest.replace(/\/+$/, "");
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      return sendJson(response, 404, { error: "no such agent" });
    }
    if (!known.has(name)) return sendJson(response, 404, { error: `no agent ${name}` });
    const a2a = a2aAgents.get(name);
    if (isCard) {
      if (a2a === undefined || request.method !== "GET") {
        return sendJson(response, 404, { error: "no agent card" });
      }
      cards++;
      return a2a.serveCard(request, response);
    }
    if (request.method !== "POST") return sendJson(response, 405, { error: "POST only" });
    const body = await bodyOf(request);
    const status = behaviourOf(name).httpStatus;
    if (status !== undefined) {
      response.writeHead(status).end();
      return;
    }
    if (a2a === undefined) return receiveHttp(name, body, response);
    const parsed = jsonObjectOf(body);
    const method = parsed?.method;
    if (typeof method === "string") methods.set(method, (methods.get(method) ?? 0) + 1);
    return a2a.serveRpc(request, response, parsed);
  };

  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    route(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: "internal error" });
      else response.destroy();
    });
  });

  return {
    protocol: options.protocol,
    port,
    url,
    base,
    core: `${options.protocol}:${base}/{agent}`,
    received: receipts.received,
    completed: receipts.completed,
    methods,
    cardsServed: () => cards,
    pushes: () => ({ ...pushes }),
    behave: (agent, behaviour) => behaviours.set(agent, behaviour),
    reset() {
      behaviours.clear();
      receipts.clear();
      methods.clear();
      cards = 0;
      pushes.sent = 0;
      pushes.failed = 0;
    },
    async close() {
      markClosed();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The whole body of a request, as text. */
async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A body parsed as a JSON object; undefined when it is not JSON or not an object. */
function jsonObjectOf(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
