import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConfigError } from "../../errors.js";
import { laneConsumer, type NatsNames, priorityOfToken } from "./names.js";
import { type Pulled, pullNow } from "./pull.js";

/** A pulled message and the priority lane it came from. */
export interface LanePulled extends Pulled {
  readonly priority: number;
}

/**
 * Longest wait for one JetStream answer, ms: longer than the client's reconnect window, so that
 * a call cut off by a lost connection fails with the queue's `lost NATS` fault, not a timeout.
 */
export const API_TIMEOUT_MS = 10_000;
const NS_PER_MS = 1_000_000;

/**
 * The JetStream side of one queue: its streams and lane consumers (see `names.ts`), and the
 * few operations the driver builds on. Settles (ack, nak, progress) are fire-and-forget
 * publishes to a message's ack subject, ordered on the one connection; {@link flush} makes
 * sure the server has them.
 */
export class NatsStore {
  /** Priorities that have a lane consumer, highest first. */
  private lanes: number[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    readonly names: NatsNames,
    private readonly ackWaitMs: number,
  ) {}

  /**
   * Creates the queue's streams when missing (or checks the ones there are a queue's) and
   * finds its lanes, setting their AckWait to `ackWaitMs`.
   *
   * @throws {ConfigError} when a stream of that name exists and is not a swarm-stress queue.
   */
  static async open(nc: NatsConnection, names: NatsNames, ackWaitMs: number): Promise<NatsStore> {
    const { jetstream, jetstreamManager } = await import("@nats-io/jetstream");
    const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS });
    const store = new NatsStore(
      nc,
      jsm,
      jetstream(nc, { timeout: API_TIMEOUT_MS }),
      names,
      ackWaitMs,
    );
    await store.ensureStreams();
    await store.findLanes();
    return store;
  }

  /** `stream NAME at HOST:PORT`, for messages. */
  describe(target: string): string {
    return `NATS stream ${this.names.stream} at ${target}`;
  }

  /** Messages in the work stream (ready, delayed, leased) and in the dead-letter stream. */
  async counts(): Promise<{ held: number; dead: number }> {
    const [work, dead] = await Promise.all([
      this.jsm.streams.info(this.names.stream),
      this.jsm.streams.info(this.names.deadStream),
    ]);
    return { held: work.state.messages, dead: dead.state.messages };
  }

  /** Makes sure priority `priority` has its lane consumer before its messages are stored. */
  async ensureLane(priority: number): Promise<void> {
    if (this.lanes.includes(priority)) return;
    await this.jsm.consumers.add(this.names.stream, this.laneConfig(priority));
    this.lanes = [...this.lanes, priority].sort((a, b) => b - a);
  }

  /**
   * Stores `bodies` in order on their lanes' subjects and resolves once JetStream has
   * acknowledged every one. Sent together, not one round trip each: the connection keeps
   * their order, and the stream numbers them in that order.
   */
  async publish(bodies: readonly Uint8Array[], priorities: readonly number[]): Promise<void> {
    const expect = { streamName: this.names.stream };
    await Promise.all(
      bodies.map((body, i) =>
        this.js.publish(this.names.laneSubject(priorities[i] as number), body, { expect }),
      ),
    );
  }

  /** Up to `max` messages that are ready now, highest priority lane first. */
  async pull(max: number): Promise<LanePulled[]> {
    const out: LanePulled[] = [];
    for (const priority of this.lanes) {
      if (out.length >= max) break;
      const consumer = laneConsumer(priority);
      const pulled = await pullNow(
        this.nc,
        this.names.stream,
        consumer,
        max - out.length,
        API_TIMEOUT_MS,
      );
      for (const p of pulled) out.push({ ...p, priority });
    }
    return out;
  }

  /** Acknowledges a hand-out: the work-queue stream drops the message. */
  ack(reply: string): void {
    this.nc.publish(reply, "+ACK");
  }

  /**
   * Returns a hand-out, to be handed out again after `delayMs` (JetStream's nak with delay).
   * Sent as a request, answered once the consumer has taken it in: the server queues naks
   * apart from pull requests, and a pull sent right after a bare nak may miss the message.
   */
  async nak(reply: string, delayMs: number): Promise<void> {
    const delay = Math.max(0, Math.ceil(delayMs));
    const body = delay > 0 ? `-NAK ${JSON.stringify({ delay: delay * NS_PER_MS })}` : "-NAK";
    await this.nc.request(reply, body, { timeout: API_TIMEOUT_MS });
  }

  /** Restarts a hand-out's AckWait: the holder is still at it. */
  progress(reply: string): void {
    this.nc.publish(reply, "+WPI");
  }

  /** Resolves once the server has everything sent so far (one round trip). */
  flush(): Promise<void> {
    return this.nc.flush();
  }

  /** Keeps what a nack changed in the message at `seq`; one per message, the last wins. */
  async putRetry(seq: number, state: Uint8Array): Promise<void> {
    await this.js.publish(this.names.retrySubject(seq), state, {
      expect: { streamName: this.names.retryStream },
    });
  }

  /** What a nack changed in the message at `seq`, or undefined when it was never nacked. */
  async getRetry(seq: number): Promise<Uint8Array | undefined> {
    const stored = await this.jsm.streams.getMessage(this.names.retryStream, {
      last_by_subj: this.names.retrySubject(seq),
    });
    return stored?.data ?? undefined;
  }

  /** Forgets the retry state of the message at `seq`, settled for good. */
  async dropRetry(seq: number): Promise<void> {
    await this.jsm.streams.purge(this.names.retryStream, {
      filter: this.names.retrySubject(seq),
    });
  }

  /** Appends a dead letter; resolves once JetStream has it. */
  async addDeadLetter(record: Uint8Array): Promise<void> {
    await this.js.publish(this.names.deadSubject, record, {
      expect: { streamName: this.names.deadStream },
    });
  }

  /** Up to `limit` dead letters' records, oldest first. */
  deadLetters(limit: number): Promise<Uint8Array[]> {
    return oldestRecords(this.jsm, this.names.deadStream, limit);
  }

  /**
   * Every message the work stream holds, with its sequence, in stream order: one direct get
   * per message, each for the next one on the lanes' subjects from where the last left off.
   */
  async allHeld(): Promise<{ seq: number; data: Uint8Array }[]> {
    const out: { seq: number; data: Uint8Array }[] = [];
    const info = await this.jsm.streams.info(this.names.stream);
    if (info.state.messages === 0) return out;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; ) {
      const stored = await this.jsm.streams.getMessage(this.names.stream, {
        seq,
        next_by_subj: this.names.laneSubjects,
      } as never);
      if (stored === null) break;
      out.push({ seq: stored.seq, data: stored.data });
      seq = stored.seq + 1;
    }
    return out;
  }

  private async ensureStreams(): Promise<void> {
    const { names } = this;
    await this.ensureStream({
      name: names.stream,
      subjects: [names.laneSubjects],
      retention: "workqueue",
      description: "swarm-stress queue: messages",
    });
    await this.ensureStream({
      name: names.deadStream,
      subjects: [names.deadSubject],
      retention: "limits",
      description: "swarm-stress queue: dead letters",
    });
    await this.ensureStream({
      name: names.retryStream,
      subjects: [names.retrySubjects],
      retention: "limits",
      max_msgs_per_subject: 1,
      description: "swarm-stress queue: retry states",
    });
  }

  private async ensureStream(config: {
    name: string;
    subjects: string[];
    retention: "workqueue" | "limits";
    description: string;
    max_msgs_per_subject?: number;
  }): Promise<void> {
    const existing = await this.jsm.streams.info(config.name).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (existing === undefined) {
      await this.jsm.streams.add({ ...config, storage: "file", num_replicas: 1 } as never);
      return;
    }
    const same =
      existing.config.retention === config.retention &&
      existing.config.subjects?.length === 1 &&
      existing.config.subjects[0] === config.subjects[0];
    if (!same) {
      throw new ConfigError(
        `NATS stream ${config.name} exists and is not a swarm-stress queue's: use another stream name`,
      );
    }
  }

  private async findLanes(): Promise<void> {
    const lanes: number[] = [];
    for await (const info of this.jsm.consumers.list(this.names.stream)) {
      const priority = priorityOfToken(info.name.replace(/^lane_/, ""));
      if (!info.name.startsWith("lane_") || priority === undefined) continue;
      lanes.push(priority);
      if (info.config.ack_wait !== this.ackWaitMs * NS_PER_MS) {
        // A resumed run may lease with another visibility timeout than the run that made it.
        await this.jsm.consumers.update(this.names.stream, info.name, {
          ack_wait: this.ackWaitMs * NS_PER_MS,
        });
      }
    }
    this.lanes = lanes.sort((a, b) => b - a);
  }

  private laneConfig(priority: number) {
    return {
      durable_name: laneConsumer(priority),
      filter_subject: this.names.laneSubject(priority),
      ack_policy: "explicit",
      deliver_policy: "all",
      ack_wait: this.ackWaitMs * NS_PER_MS,
      // Attempts are counted and ended by the driver (a poison message goes to the dead-letter
      // stream with its body); JetStream's own limit would leave it stuck in the stream.
      max_deliver: -1,
      max_ack_pending: -1,
    } as const;
  }
}

/**
 * Deletes the streams of queue `names` (and with them its consumers): how many there were.
 * Creates nothing, unlike {@link NatsStore.open}.
 */
export async function deleteQueueStreams(nc: NatsConnection, names: NatsNames): Promise<number> {
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS });
  let deleted = 0;
  for (const name of [names.stream, names.deadStream, names.retryStream]) {
    deleted += await jsm.streams.delete(name).then(
      () => 1,
      (error: unknown) => {
        if (isNotFound(error)) return 0;
        throw error;
      },
    );
  }
  return deleted;
}

/**
 * Up to `limit` records of `stream`, oldest first, read by sequence (direct gets: nothing is
 * consumed or acknowledged). For a dead-letter stream, which keeps every record.
 */
export async function oldestRecords(
  jsm: JetStreamManager,
  stream: string,
  limit: number,
): Promise<Uint8Array[]> {
  if (!(limit >= 1)) return [];
  const info = await jsm.streams.info(stream);
  const { first_seq: first, last_seq: last, messages } = info.state;
  if (messages === 0) return [];
  const count = Math.min(limit, last - first + 1);
  const records = await Promise.all(
    Array.from({ length: count }, (_, i) => jsm.streams.getMessage(stream, { seq: first + i })),
  );
  return records.flatMap((record) => (record === null ? [] : [record.data]));
}

/** True for JetStream's answer that a stream does not exist. */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; code?: number; message?: string } | undefined;
  return (
    e?.name === "StreamNotFoundError" ||
    e?.code === 10059 ||
    /stream not found/i.test(e?.message ?? "")
  );
}
