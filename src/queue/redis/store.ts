import { randomBytes } from "node:crypto";
import { ConfigError } from "../../errors.js";
import type { Message } from "../../model/message.js";
import { nowMs } from "../../util/clock.js";
import type { DeadLetter, Lease, QueueDepth } from "../driver.js";
import type { PackedValues } from "../message-codec.js";
import type { InspectedDeadLetter, PriorityDepth, QueueInspection } from "../sqlite/inspect.js";
import { ErrorReply } from "./client-module.js";
import { decodeMessage, decodeMessages, encodeMessage, encodeMessages } from "./codec.js";
import { RedisFault } from "./fault.js";
import { laneName, type QueueKeys, SCHEMA_VERSION } from "./keys.js";
import type { RedisLink } from "./link.js";
import * as lua from "./lua.js";
import { countsIn, integersIn, stampsIn } from "./replies.js";
import { LuaScript, type ScriptArgument, sendForBuffers } from "./scripts.js";
import { ServerClock } from "./server-clock.js";

/** Most messages one script stores or hands out, so that no script holds Redis up for long. */
export const MAX_PER_SCRIPT = 1_000;

/**
 * Messages encoded once, when `enqueue` is called, so the caller may reuse its array: their
 * bodies end to end, as {@link RedisStore.insert} sends a run of them, and each one's lane.
 */
export interface EncodedBatch extends PackedValues {
  readonly lanes: readonly string[];
}

/** Encodes `messages` for {@link RedisStore.insert}. */
export function encodeBatch(messages: readonly Message[]): EncodedBatch {
  const lanes = new Array<string>(messages.length);
  for (let i = 0; i < messages.length; i++) lanes[i] = laneName((messages[i] as Message).priority);
  return { ...encodeMessages(messages), lanes };
}

/** A hand-out from Redis; its token is the entry's hand-out number, which names this hand-out. */
class RedisLease implements Lease {
  constructor(
    readonly message: Message,
    readonly token: number,
  ) {}
}

const SCRIPTS = {
  open: new LuaScript(lua.OPEN),
  enqueue: new LuaScript(lua.ENQUEUE),
  lease: new LuaScript(lua.LEASE),
  ack: new LuaScript(lua.ACK),
  nack: new LuaScript(lua.NACK),
  deadLetter: new LuaScript(lua.DEAD_LETTER),
  release: new LuaScript(lua.RELEASE),
  depth: new LuaScript(lua.DEPTH),
  peek: new LuaScript(lua.PEEK),
  nextRetry: new LuaScript(lua.NEXT_RETRY),
  snapshot: new LuaScript(lua.SNAPSHOT),
  forgetConsumer: new LuaScript(lua.FORGET_CONSUMER),
  purge: new LuaScript(lua.PURGE),
} as const;

/** A script's reply: bulk strings as Buffers, lists of them (bodies) as arrays. */
type Reply = ReadonlyArray<Buffer | Buffer[] | number | null>;

/**
 * The queue's operations on one stream, each one Lua script (see `redis-lua.ts`), so any number
 * of instances may share the stream. Knows nothing of waiting: {@link RedisQueue} builds
 * backpressure and long polls on top.
 *
 * Time: with an injected clock every script runs on it. Without, the scripts take Redis' own
 * time, and times crossing to and from the caller (enqueuedAt and acceptedAt stamps, retry
 * times) are moved between the server's clock and this process' by the best offset the calls
 * have shown ({@link ServerClock}); so lease expiry and retries follow one clock however far the
 * workers' clocks drift apart, while the stamps a worker sees stay on its own clock.
 */
export class RedisStore {
  private readonly serverClock = new ServerClock();
  /**
   * This instance as a producer, in the scripts' memory of its last enqueue request: its own,
   * since two instances may share a consumer name.
   */
  private readonly producer = randomBytes(8).toString("hex");
  /** The number of this instance's latest enqueue request. */
  private enqueueRequests = 0;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: QueueKeys,
    /** The consumer name of this instance in every lane's group. */
    private readonly consumer: string,
    private readonly now: (() => number) | undefined,
  ) {}

  /**
   * Marks the stream as a queue unless it is one.
   *
   * @throws {ConfigError} when its keys hold something else or another layout version.
   */
  async open(): Promise<void> {
    let schema: Buffer;
    try {
      schema = await this.run<Buffer>(SCRIPTS.open, [SCHEMA_VERSION]);
    } catch (error) {
      if (error instanceof RedisFault && error.message.includes("WRONGTYPE")) {
        throw new ConfigError(
          `${this.describe()} is not a swarm-stress queue: its keys hold other data`,
        );
      }
      throw error;
    }
    if (schema.toString() !== SCHEMA_VERSION) {
      throw new ConfigError(
        `${this.describe()} has queue layout ${schema.toString()}, not ${SCHEMA_VERSION}; use the swarm-stress that made it`,
      );
    }
  }

  /** The stream and server in messages, password hidden. */
  describe(): string {
    const { target, db } = this.link.target;
    return `Redis stream "${this.keys.stream}" at ${target}/${db}`;
  }

  /** Stores as many of `batch[from..to)` as fit under `capacity`, in order; returns how many. */
  async insert(batch: EncodedBatch, from: number, to: number, capacity: number): Promise<number> {
    const args: ScriptArgument[] = [
      this.producer,
      String(++this.enqueueRequests),
      capacity === Number.POSITIVE_INFINITY ? "-1" : String(capacity),
      String(to - from),
    ];
    const { lanes, bytes, ends } = batch;
    for (let i = from; i < to; ) {
      const lane = lanes[i] as string;
      let end = i + 1;
      while (end < to && lanes[end] === lane) end++;
      const lengths = Buffer.allocUnsafe(4 * (end - i));
      const first = i === 0 ? 0 : (ends[i - 1] as number);
      for (let k = i, at = first; k < end; k++) {
        lengths.writeUInt32LE((ends[k] as number) - at, 4 * (k - i));
        at = ends[k] as number;
      }
      args.push(lane, String(end - i), lengths, bytes.subarray(first, ends[end - 1]));
      i = end;
    }
    const reply = await this.run<Reply>(SCRIPTS.enqueue, args);
    return reply[1] as number;
  }

  /**
   * Hands out up to `max` ready messages (at most {@link MAX_PER_SCRIPT}), highest priority
   * first, FIFO within a priority, after expired leases and due retries became ready.
   */
  async lease(max: number, visibilityMs: number): Promise<Lease[]> {
    const count = Math.min(Math.floor(max), MAX_PER_SCRIPT);
    if (!(count >= 1)) return [];
    const sent = nowMs();
    const reply = await this.run<Reply>(SCRIPTS.lease, [
      String(count),
      String(visibilityMs),
      this.consumer,
    ]);
    const shift = this.offset(reply[0] as Buffer, sent);
    const leases: Lease[] = [];
    for (let at = 1; at < reply.length; at += 6) {
      const numbers = integersIn(reply[at + 1] as Buffer);
      const stamps = stampsIn(reply[at + 2] as Buffer, numbers.length, shift);
      const expired = countsIn(reply[at + 3] as Buffer, numbers.length);
      const accepted = stampsIn(reply[at + 4] as Buffer, numbers.length, shift);
      const priority = Number((reply[at] as Buffer).toString());
      decodeMessages(reply[at + 5] as Buffer[], priority, { stamps, accepted }, (message, i) => {
        // This hand-out, and earlier ones whose leases expired: every hand-out counts.
        message.attempts += 1 + (expired[i] as number);
        leases.push(new RedisLease(message, numbers[i] as number));
      });
    }
    return leases;
  }

  /** Deletes the messages of live leases among `leases[from..to)`; returns how many. */
  async ack(leases: readonly Lease[], from: number, to: number): Promise<number> {
    if (to <= from) return 0;
    return this.run<number>(SCRIPTS.ack, entryRuns(leases, from, to), false);
  }

  /** Delays a leased message until `retryAt` with the lease's message fields; false if stale. */
  async nack(lease: Lease, retryAt: number): Promise<boolean> {
    const at = this.now === undefined ? retryAt - nowMs() : retryAt;
    const args = [...entryOf(lease), String(at), encodeMessage(lease.message)];
    return (await this.run<number>(SCRIPTS.nack, args)) === 1;
  }

  /** Moves a leased message to the dead letters; false if the token is stale. */
  async deadLetter(lease: Lease, error: string): Promise<boolean> {
    const message = lease.message;
    const args = [...entryOf(lease), error, encodeMessage(message), String(message.enqueuedAt)];
    return (await this.run<number>(SCRIPTS.deadLetter, args, false)) === 1;
  }

  /** Makes leased messages ready again at once, as if their leases had expired. */
  async release(leases: readonly Lease[]): Promise<void> {
    if (leases.length === 0) return;
    await this.run(SCRIPTS.release, entryRuns(leases, 0, leases.length));
  }

  /** Up to `limit` dead letters, oldest first. */
  async deadLetters(limit: number): Promise<DeadLetter[]> {
    return (await this.deadEntries(limit)).map(([, fields]) => deadLetterOf(fields));
  }

  /** Up to `limit` entries of the dead-letter stream, oldest first: id and fields. */
  private deadEntries(limit: number): Promise<[Buffer, Buffer[]][]> {
    if (!(limit >= 1)) return Promise.resolve([]);
    return this.send<[Buffer, Buffer[]][]>([
      "XRANGE",
      this.keys.dead,
      "-",
      "+",
      "COUNT",
      String(Math.floor(limit)),
    ]);
  }

  /** Contents by state once expired leases and due retries have become ready. */
  async depth(): Promise<QueueDepth> {
    const [ready, delayed, leased, deadLettered] = await this.run<number[]>(SCRIPTS.depth, []);
    return {
      ready: ready as number,
      delayed: delayed as number,
      leased: leased as number,
      deadLettered: deadLettered as number,
    };
  }

  /** Retry time of the earliest message still delayed once due ones have become ready. */
  async nextRetryAt(): Promise<number | undefined> {
    const sent = nowMs();
    const [now, first] = await this.run<Reply>(SCRIPTS.nextRetry, []);
    if (first === null || first === undefined) return undefined;
    return Number((first as Buffer).toString()) + this.offset(now as Buffer, sent);
  }

  /** Every held message (ready, delayed, leased); a delayed one stamped with its retry time. */
  async snapshot(): Promise<Message[]> {
    const sent = nowMs();
    const reply = await this.run<Reply>(SCRIPTS.snapshot, []);
    const shift = this.offset(reply[0] as Buffer, sent);
    const messages: Message[] = [];
    for (let at = 1; at < reply.length; at += 3) {
      const priority = Number((reply[at] as Buffer).toString());
      const bodies = reply[at + 2] as Buffer[];
      const stamps = stampsIn(reply[at + 1] as Buffer, bodies.length, shift);
      decodeMessages(bodies, priority, { stamps }, (message) => {
        messages.push(message);
      });
    }
    return messages;
  }

  /**
   * What the stream holds as stored, for `queue inspect`: nothing is moved (an expired lease
   * still counts as leased, a due retry as delayed), times on this process's clock.
   */
  async peek(): Promise<StoredState> {
    const sent = nowMs();
    const reply = await this.run<Reply>(SCRIPTS.peek, []);
    const shift = this.offset(reply[0] as Buffer, sent);
    const text = (at: number) => (reply[at] as Buffer | null)?.toString();
    const time = (at: number) => {
      const value = text(at);
      return value === undefined ? undefined : Number(value) + shift;
    };
    const byPriority: PriorityDepth[] = [];
    for (let at = 8; at < reply.length; at += 4) {
      byPriority.push({
        priority: Number(text(at)),
        ready: reply[at + 1] as number,
        leased: reply[at + 2] as number,
        delayed: reply[at + 3] as number,
      });
    }
    byPriority.sort((a, b) => b.priority - a.priority);
    const now = Number(text(0)) + shift;
    const oldest = time(7);
    return {
      schemaVersion: Number(text(1)),
      depth: {
        ready: byPriority.reduce((sum, lane) => sum + lane.ready, 0),
        delayed: reply[2] as number,
        leased: byPriority.reduce((sum, lane) => sum + lane.leased, 0),
        deadLettered: reply[5] as number,
      },
      dueRetries: reply[3] as number,
      expiredLeases: reply[4] as number,
      nextRetryAt: time(6),
      oldestAgeMs: oldest === undefined ? undefined : Math.max(0, now - oldest),
      byPriority,
    };
  }

  /** Up to `limit` dead letters, oldest first, with when each was dead-lettered (Redis's clock). */
  async deadLettersWithTimes(limit: number): Promise<InspectedDeadLetter[]> {
    return (await this.deadEntries(limit)).map(([id, fields]) => ({
      ...deadLetterOf(fields),
      // The entry's id is Redis's time of the dead letter, ms.
      deadAt: Number(id.toString().split("-")[0]),
    }));
  }

  /** Leaves the lanes' consumer groups where this instance holds no lease. */
  async forgetConsumer(): Promise<void> {
    await this.run(SCRIPTS.forgetConsumer, [this.consumer, this.producer], false);
  }

  /** Deletes every key of the stream; returns how many there were. */
  purge(): Promise<number> {
    return this.run<number>(SCRIPTS.purge, [], false);
  }

  /**
   * Runs a script. Every failure comes out as a {@link RedisFault}: the stream gone from a
   * Redis that answers (its meta hash missing) trips the run's latch as lost state, and any
   * other error reply names the server and what it said.
   */
  private async run<T>(script: LuaScript, args: ScriptArgument[], timed = true): Promise<T> {
    const clock = timed && this.now !== undefined ? String(this.now()) : "";
    try {
      return await script.run<T>(this.link, this.keys.fixed, [this.keys.prefix, clock, ...args]);
    } catch (error) {
      throw this.classify(error);
    }
  }

  private async send<T>(args: readonly ScriptArgument[]): Promise<T> {
    try {
      return await sendForBuffers<T>(this.link, args);
    } catch (error) {
      throw this.classify(error);
    }
  }

  private classify(error: unknown): unknown {
    if (!(error instanceof ErrorReply)) return error;
    if (error.message.startsWith(lua.QUEUE_GONE)) return this.link.stateLost();
    const said = error.message.split("\n")[0] ?? "";
    return new RedisFault(`${this.describe()} refused a command: ${said}`, "refused");
  }

  /**
   * What to add to a time on the script's clock to put it on the caller's: nothing with an
   * injected clock, which the script ran on; else the best estimate of the server clock's
   * offset, this call's included.
   */
  private offset(serverNow: Buffer, sent: number): number {
    if (this.now !== undefined) return 0;
    return this.serverClock.observe(Number(serverNow.toString()), sent, nowMs());
  }
}

/** The lane and stream entry id of a lease: its message's priority and `0-TOKEN`. */
function entryOf(lease: Lease): [string, string] {
  return [laneName(lease.message.priority), `0-${lease.token}`];
}

/**
 * `leases[from..to)` as the scripts take them: runs of one lane, `lane, count, highest
 * hand-out number, ids...`.
 */
function entryRuns(leases: readonly Lease[], from: number, to: number): string[] {
  const args: string[] = [];
  for (let i = from; i < to; ) {
    const lane = laneName((leases[i] as Lease).message.priority);
    const countAt = args.push(lane, "", "") - 2;
    const start = i;
    let highest = 0;
    for (; i < to && laneName((leases[i] as Lease).message.priority) === lane; i++) {
      const token = (leases[i] as Lease).token;
      if (token > highest) highest = token;
      args.push(`0-${token}`);
    }
    args[countAt] = String(i - start);
    args[countAt + 1] = String(highest);
  }
  return args;
}

/** What {@link RedisStore.peek} finds: a stream's contents as stored. */
export type StoredState = Omit<QueueInspection, "path" | "deadLetters">;

/** A dead letter from its entry's fields, as the dead-letter script writes them: b, p, e, t. */
function deadLetterOf(fields: readonly Buffer[]): DeadLetter {
  return {
    message: decodeMessage(
      fields[1] as Buffer,
      Number((fields[3] as Buffer).toString()),
      Number((fields[7] as Buffer).toString()),
    ),
    error: (fields[5] as Buffer).toString(),
  };
}
