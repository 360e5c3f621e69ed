import type { Client } from "@a2a-js/sdk/client";
import type { A2aMode, A2aVersion } from "../../config/a2a-settings.js";
import type { Message } from "../../model/message.js";
import type { ConnectionStats } from "../../result/result.js";
import { type DeliveryCore, type DeliveryOutcome, failed, TIMED_OUT } from "../delivery-core.js";
import { CountedPool } from "../http/counted-pool.js";
import { AgentClients, UnsuitableAgentError } from "./agent-clients.js";
import { a2aMessageOf } from "./message-parts.js";
import {
  type CountedOutcome,
  isFinalState,
  outcomeOfError,
  outcomeOfReply,
  outcomeOfStatus,
} from "./outcome.js";
import { pooledFetch } from "./pooled-fetch.js";
import { A2A_CORE_PREFIX, type A2aTarget, agentUrl } from "./target.js";

/** Options of {@link A2aCore}. */
export interface A2aCoreOptions {
  readonly target: A2aTarget;
  /** Requests in flight at once, and so the most sockets the pool keeps open per host. */
  readonly concurrency: number;
  /** A delivery still unanswered after this long is abandoned as timed out, ms. */
  readonly timeoutMs: number | undefined;
  /** Sent with every request (from the environment, never saved). */
  readonly headers: Readonly<Record<string, string>>;
  readonly version: A2aVersion;
  readonly mode: A2aMode;
}

/** Thrown into a call that ran past its time, so its request is let go. */
class DeliveryTimeout extends Error {}

/**
 * Delivers each message as an A2A message to the recipient agent (`{agent}` in the URL), with
 * the official SDK's JSON-RPC client over a keep-alive pool of at most `concurrency` sockets:
 * the receivers are real agents, and the harness stresses them the way a swarm of agents
 * talking A2A would. Each agent's card is fetched once and its client reused.
 *
 * A plain message in reply, or a task that completed, is delivered; a task that failed, was
 * rejected or canceled, a JSON-RPC error and a failed connection are failures (JSON-RPC errors
 * that say the request is wrong for the agent are final); a call past the run's timeout is
 * timed out and its request closed. docs/agents.md has the whole mapping.
 */
export class A2aCore implements DeliveryCore {
  readonly name: string;
  private readonly pool: CountedPool;
  private readonly clients: AgentClients;

  constructor(private readonly options: A2aCoreOptions) {
    this.name = `${A2A_CORE_PREFIX}${options.target.template}`;
    this.pool = new CountedPool(options.concurrency);
    this.clients = new AgentClients(pooledFetch(this.pool, options.headers), options.version);
  }

  deliver(message: Message, recipient: string): Promise<DeliveryOutcome> {
    const controller = new AbortController();
    const work = this.send(message, recipient, controller.signal);
    const timeoutMs = this.options.timeoutMs;
    return new Promise<DeliveryOutcome>((resolve) => {
      let settled = false;
      const settle = ({ outcome, kind }: CountedOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (kind !== undefined) this.pool.countError(kind);
        resolve(outcome);
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              settle({ outcome: TIMED_OUT, kind: "timeout" });
              controller.abort(new DeliveryTimeout("timed out"));
            }, timeoutMs);
      void work.then(settle);
    });
  }

  close(): void {
    this.pool.destroy();
  }

  connections(): ConnectionStats {
    return this.pool.stats();
  }

  /** One delivery, its every error turned into an outcome. */
  private async send(
    message: Message,
    recipient: string,
    signal: AbortSignal,
  ): Promise<CountedOutcome> {
    try {
      const client = await this.clients.get(agentUrl(this.options.target.template, recipient));
      const request = {
        tenant: "",
        message: a2aMessageOf(message, recipient),
        configuration: undefined,
        metadata: undefined,
      };
      if (this.options.mode === "stream") return await streamed(client, request, signal);
      return outcomeOfReply(await client.sendMessage(request, { signal }));
    } catch (error) {
      if (error instanceof UnsuitableAgentError) return { outcome: error.outcome, kind: "card" };
      return outcomeOfError(error);
    }
  }
}

/** What `SendStreamingMessage` ends in: the first final event (a message, or a task's end). */
async function streamed(
  client: Client,
  request: Parameters<Client["sendMessageStream"]>[0],
  signal: AbortSignal,
): Promise<CountedOutcome> {
  for await (const event of client.sendMessageStream(request, { signal })) {
    const payload = event.payload;
    if (payload?.$case === "message") return outcomeOfReply(payload.value);
    const status =
      payload?.$case === "task"
        ? payload.value.status
        : payload?.$case === "statusUpdate"
          ? payload.value.status
          : undefined;
    if (status !== undefined && isFinalState(status.state)) return outcomeOfStatus(status);
  }
  return { outcome: failed("the stream ended before the task did"), kind: "stream" };
}
