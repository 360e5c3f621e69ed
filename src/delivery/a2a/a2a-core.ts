import type { Client } from "@a2a-js/sdk/client";
import type { A2aMode, A2aVersion } from "../../config/a2a-settings.js";
import type { Message } from "../../model/message.js";
import type { ConnectionStats } from "../../result/result.js";
import { type DeliveryCore, type DeliveryOutcome, failed, TIMED_OUT } from "../delivery-core.js";
import { CallDeadlines } from "../http/call-deadlines.js";
import { CountedPool } from "../http/counted-pool.js";
import { AgentClients, UnsuitableAgentError } from "./agent-clients.js";
import { a2aMessageOf } from "./message-parts.js";
import { type CountedOutcome, finalOutcomeOf, outcomeOfError, outcomeOfReply } from "./outcome.js";
import { pooledFetch } from "./pooled-fetch.js";
import { PushWebhook } from "./push-webhook.js";
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

/** The parameters of one `SendMessage`. */
type SendRequest = Parameters<Client["sendMessage"]>[0];

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
 *
 * In push mode the agent answers at once and posts the task's end to a webhook the core serves
 * on 127.0.0.1 ({@link PushWebhook}); the delivery settles when that push arrives, so its
 * latency ends there.
 */
export class A2aCore implements DeliveryCore {
  readonly name: string;
  private readonly pool: CountedPool;
  private readonly clients: AgentClients;
  /** Push mode: the webhook, listening once {@link A2aCore.init} (or the first push) started it. */
  private readonly webhook: PushWebhook | undefined;
  private listening: Promise<void> | undefined;
  private readonly deadlines = new CallDeadlines();

  constructor(private readonly options: A2aCoreOptions) {
    this.name = `${A2A_CORE_PREFIX}${options.target.template}`;
    this.pool = new CountedPool(options.concurrency);
    const push = options.mode === "push";
    this.clients = new AgentClients(pooledFetch(this.pool, options.headers), options.version, {
      push,
    });
    this.webhook = push ? new PushWebhook(options.version) : undefined;
  }

  /** Push mode: start the webhook, so a port that cannot be had stops the run before it starts. */
  async init(): Promise<void> {
    await this.webhookListening();
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
        this.deadlines.end(giveUp);
        if (kind !== undefined) this.pool.countError(kind);
        resolve(outcome);
      };
      const giveUp = (): void => {
        settle({ outcome: TIMED_OUT, kind: "timeout" });
        controller.abort(new DeliveryTimeout("timed out"));
      };
      if (timeoutMs !== undefined) this.deadlines.start(giveUp, timeoutMs);
      void work.then(settle);
    });
  }

  async close(): Promise<void> {
    this.deadlines.giveUpOverdue();
    this.pool.destroy();
    await this.webhook?.close();
  }

  connections(): ConnectionStats {
    this.deadlines.giveUpOverdue();
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
      if (this.options.mode === "push") return await this.pushed(client, request, signal);
      return outcomeOfReply(await client.sendMessage(request, { signal }));
    } catch (error) {
      if (error instanceof UnsuitableAgentError) return { outcome: error.outcome, kind: "card" };
      return outcomeOfError(error);
    }
  }

  /**
   * One delivery in push mode: `SendMessage` with this delivery's webhook and token, answered
   * at once; then the push of the task's end. An answer that is already final (a message, a
   * task that ended) settles it without waiting.
   */
  private async pushed(
    client: Client,
    request: SendRequest,
    signal: AbortSignal,
  ): Promise<CountedOutcome> {
    await this.webhookListening();
    const wait = (this.webhook as PushWebhook).expect();
    const stop = (): void => wait.cancel();
    signal.addEventListener("abort", stop, { once: true });
    try {
      const reply = await client.sendMessage(
        {
          ...request,
          configuration: {
            acceptedOutputModes: [],
            taskPushNotificationConfig: wait.config,
            returnImmediately: true,
            historyLength: undefined,
          },
        },
        { signal },
      );
      const now = finalOutcomeOf(
        "status" in reply
          ? { payload: { $case: "task", value: reply } }
          : { payload: { $case: "message", value: reply } },
      );
      return now ?? (await wait.outcome);
    } finally {
      signal.removeEventListener("abort", stop);
      wait.cancel();
    }
  }

  /** Push mode: the webhook's start, once. */
  private webhookListening(): Promise<void> {
    if (this.webhook === undefined) return Promise.resolve();
    this.listening ??= this.webhook.start();
    return this.listening;
  }
}

/** What `SendStreamingMessage` ends in: the first final event (a message, or a task's end). */
async function streamed(
  client: Client,
  request: SendRequest,
  signal: AbortSignal,
): Promise<CountedOutcome> {
  for await (const event of client.sendMessageStream(request, { signal })) {
    const outcome = finalOutcomeOf(event);
    if (outcome !== undefined) return outcome;
  }
  return { outcome: failed("the stream ended before the task did"), kind: "stream" };
}
