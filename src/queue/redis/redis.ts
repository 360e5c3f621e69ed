import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { ConfigError } from "../../errors.js";
import type { Message } from "../../model/message.js";
import {
  CrossProcessWaiters,
  type WaitingConsumer,
  type WaitingProducer,
} from "../cross-process-waiters.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../driver.js";
import { checkDriverLimits, leaseVisibilityError } from "../driver-options.js";
import { prepareCodec } from "../message-codec.js";
import { QueueClosedError } from "../queue-closed.js";
import type { RedisFaultLatch } from "./fault.js";
import { queueKeys } from "./keys.js";
import { RedisLink } from "./link.js";
import { type EncodedBatch, encodeBatch, MAX_PER_SCRIPT, RedisStore } from "./store.js";
import { parseRedisQueueUrl, type RedisQueueUrl, streamNameProblem } from "./url.js";

/** Options of {@link RedisQueue.open}. */
export interface RedisQueueOptions {
  /** `redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB][?stream=NAME]`, as text or taken apart. */
  readonly url: string | RedisQueueUrl;
  /** The stream, instead of the URL's `stream=` (default `swarm-stress`). */
  readonly stream?: string;
  /**
   * Most messages the stream may hold at once (ready + delayed + leased, counting what every
   * process sharing it put there). A positive integer or `Infinity`. Default 10 000.
   */
  readonly capacity?: number;
  /** Visibility timeout of a lease whose call names none, ms. Default 30 000. */
  readonly visibilityMs?: number;
  /**
   * This instance's consumer name in the stream's consumer group. Default
   * `HOSTNAME:PID:RANDOM`, unique per instance; name one to recognise a worker in `XINFO`.
   * Instances sharing a stream must have different names.
   */
  readonly consumer?: string;
  /**
   * Clock (epoch ms) for `enqueuedAt`, lease expiry and retry times; every instance sharing a
   * stream must use the same. Default: the Redis server's clock, read inside the scripts, so
   * machines whose clocks disagree still agree on when a lease expires.
   */
  readonly now?: () => number;
  /**
   * Carry on with what the stream already holds (an interrupted run, or a worker joining a
   * running one). Without it a stream holding messages or dead letters is refused, so that
   * runs never mix.
   */
  readonly resume?: boolean;
  /** Longest wait to connect, ms. Default 2 500. */
  readonly connectTimeoutMs?: number;
  /**
   * How long a lost connection is retried before every call fails, ms. Default
   * `REDIS_RETRY_WINDOW_MS` (10 s).
   */
  readonly retryWindowMs?: number;
  /**
   * Shared with the other Redis connections of the same run (a distributed run's store), so
   * that a fault any of them finds fails this queue too, with the same error.
   */
  readonly latch?: RedisFaultLatch;
}

/**
 * How often a waiting producer or long poll looks at Redis again. Other processes' work raises
 * no event here, so waiting is polling; a poll is one short script, and 5 ms keeps the latency
 * it adds small.
 */
const POLL_MS = 5;

const NO_WAITS = Promise.resolve(0);
const NO_LEASES = Promise.resolve<Lease[]>([]);

/** A producer whose messages are not all stored yet. */
interface EncodedProducer extends WaitingProducer {
  /** The messages, encoded when `enqueue` was called. */
  readonly batch: EncodedBatch;
  readonly size: number;
}

/** A long-polling lease call parked until a message is ready or its wait runs out. */
interface LongPoll extends WaitingConsumer {
  /** Its wait ran out while a lease call for it was on its way; that call is its last look. */
  timedOut: boolean;
}

/**
 * {@link QueueDriver} on Redis Streams: messages live on the Redis server, and any number of
 * processes on any number of machines may share one stream, each with its own consumer name.
 * See `redis-keys.ts` for the layout and `redis-lua.ts` for the scripts.
 *
 * Every operation is one Lua script, so it is atomic across processes: enqueue checks the
 * capacity against a counter the scripts keep exact, lease hands entries out with XREADGROUP
 * and records each lease's deadline in a sorted set, ack is XACK + XDEL, and so on. A call
 * stores or hands out at most {@link MAX_PER_SCRIPT} messages; a larger enqueue continues in
 * further scripts.
 *
 * Leases and tokens: each message entry's id is `0-N`, N a hand-out number from one counter,
 * and the token of its lease is N. A lease that outlives its visibility timeout (its deadline,
 * on one clock, has passed when any instance next leases or looks at the depth) is put back at
 * the end of its priority's line as a new entry with a new number, `enqueuedAt` restamped to
 * the deadline, and the old entry is deleted. So a token names exactly one hand-out: a settle
 * call with it after the message was handed to someone else finds no lease and is ignored;
 * before any instance noticed the expiry it still counts, as the contract allows.
 *
 * Messages are serialised: `lease` returns fresh objects; `nack` and `deadLetter` store the
 * fields of the message the lease carries. Waiting (a full queue, a long poll) wakes at once
 * on this instance's own acks, dead letters, nacks and enqueues, else every {@link POLL_MS} ms.
 *
 * After `close`, every call but `close` rejects with {@link QueueClosedError}, long polls in
 * progress resolve to `[]`, and producers still waiting reject. What the stream holds stays
 * in Redis; {@link RedisQueue.purge} deletes it.
 *
 * Redis going away: a lost connection is retried for `REDIS_RETRY_WINDOW_MS` (10 s),
 * calls waiting meanwhile, and those the break cut off are sent again (a lease cut off that
 * way may have handed messages out; they come back when its visibility timeout passes, one
 * hand-out more in their attempts). When the window runs out, every pending and later call
 * rejects with one `RedisFault` (a RuntimeError), `lost Redis at HOST:PORT: connection refused (retried
 * for 10 s)`. A Redis that answers without the stream (restarted without persistence,
 * flushed) fails every call with `Redis at HOST:PORT lost the run's state (...)` rather than
 * serving a fresh, empty queue.
 */
export class RedisQueue implements QueueDriver {
  /** Always `redis`. */
  readonly name = "redis";
  /** Most messages the stream may hold at once. */
  readonly capacity: number;
  /** Visibility timeout of a lease whose call names none, ms. */
  readonly visibilityMs: number;
  /** The stream name. */
  readonly stream: string;
  /** This instance's consumer name. */
  readonly consumer: string;

  private readonly waiters = new CrossProcessWaiters<EncodedProducer, LongPoll>(POLL_MS, {
    closed: () => this.closing !== undefined,
    pump: () => this.pump(),
    serveConsumers: () => this.serveConsumers(),
    giveUp: (consumer) => this.giveUp(consumer),
  });
  /** An enqueue script of the first producer is on its way. */
  private pumping = false;
  /** Space was freed while {@link pumping}: try again at once if that script found no room. */
  private freedWhilePumping = false;
  /** A lease script for the first waiting consumer is on its way. */
  private serving = false;
  /** Every script on its way, so that `close` waits for them before it disconnects. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly link: RedisLink,
    private readonly store: RedisStore,
    settings: { capacity: number; visibilityMs: number; stream: string; consumer: string },
  ) {
    this.capacity = settings.capacity;
    this.visibilityMs = settings.visibilityMs;
    this.stream = settings.stream;
    this.consumer = settings.consumer;
  }

  /**
   * Connects and opens the stream, marking it as a queue when new.
   *
   * @throws {ConfigError} when the URL or an option is bad, the stream's keys hold something
   * else, or (without `resume`) the stream still holds messages or dead letters.
   * @throws {RuntimeError} when Redis cannot be reached (down, refusing the password, no such
   * database), within `connectTimeoutMs`.
   */
  static async open(options: RedisQueueOptions): Promise<RedisQueue> {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const url = typeof options.url === "string" ? parseRedisQueueUrl(options.url) : options.url;
    const stream = checkedStream(options.stream ?? url.stream);
    const consumer = options.consumer ?? defaultConsumerName();
    if (consumer === "") throw new ConfigError("queue consumer name must not be empty");
    const link = await RedisLink.connect(url, {
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.retryWindowMs === undefined ? {} : { retryWindowMs: options.retryWindowMs }),
      ...(options.latch === undefined ? {} : { latch: options.latch }),
      clientName: `swarm-stress:${consumer}`.replace(/[^\w.:-]/g, "_"),
    });
    const store = new RedisStore(link, queueKeys(stream), consumer, options.now);
    try {
      prepareCodec();
      await store.open();
      if (options.resume !== true) await refuseEarlierRun(store);
    } catch (error) {
      await link.close();
      throw error;
    }
    return new RedisQueue(link, store, { capacity, visibilityMs, stream, consumer });
  }

  /**
   * Deletes every key of a stream (messages, leases, dead letters, counters): for tests and
   * for a distributed run that is finished with its stream. `stream` defaults to the URL's.
   * Returns how many keys there were. Instances still using the stream must be closed first.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when Redis cannot be reached.
   */
  static async purge(url: string, stream?: string): Promise<number> {
    const parsed = parseRedisQueueUrl(url);
    const name = checkedStream(stream ?? parsed.stream);
    const link = await RedisLink.connect(parsed);
    try {
      return await new RedisStore(link, queueKeys(name), "", undefined).purge();
    } finally {
      await link.close();
    }
  }

  /**
   * Stores the messages in order, up to {@link MAX_PER_SCRIPT} per script, waiting behind any
   * producer already waiting and, whenever the stream is full, for room. Resolves to the
   * number of waits: 1 for the first time the call found the stream full, plus 1 each time
   * freed room took some but not all of what was left. The messages are encoded before the
   * call returns, so the caller may reuse `messages` at once.
   */
  enqueue(messages: readonly Message[]): Promise<number> {
    if (this.closing !== undefined) return this.rejectClosed();
    if (messages.length === 0) return NO_WAITS;
    let batch: EncodedBatch;
    try {
      batch = encodeBatch(messages);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<number>((resolve, reject) => {
      this.waiters.producers.push({
        batch,
        size: messages.length,
        next: 0,
        waits: 0,
        blocked: false,
        resolve,
        reject,
      });
      this.pump();
    });
  }

  /**
   * Hands out up to `max` messages (at most {@link MAX_PER_SCRIPT}), highest priority first,
   * FIFO within a priority. Expired leases and due retries become ready first. With `waitMs`
   * and nothing ready, waits for this instance's enqueue or nack, or for a poll to find work,
   * else resolves to `[]` after `waitMs`; waiting calls are served in arrival order.
   */
  lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    if (this.closing !== undefined) return this.rejectClosed();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== undefined) return Promise.reject(badVisibility);
    if (!(max >= 1)) return NO_LEASES;
    const waitMs = options?.waitMs ?? 0;
    if (waitMs > 0 && this.waiters.consumerWaiting) return this.park(max, visibilityMs, waitMs);
    return this.track(this.store.lease(max, visibilityMs)).then((leases) => {
      if (leases.length > 0 || !(waitMs > 0)) return leases;
      if (this.closing !== undefined) return [];
      return this.park(max, visibilityMs, waitMs);
    });
  }

  /** Deletes the messages for good; stale tokens are ignored. Freed room goes to waiting producers. */
  async ack(leases: readonly Lease[]): Promise<void> {
    if (this.closing !== undefined) return this.rejectClosed();
    for (let from = 0; from < leases.length; from += MAX_PER_SCRIPT) {
      const to = Math.min(leases.length, from + MAX_PER_SCRIPT);
      if ((await this.track(this.store.ack(leases, from, to))) > 0) this.roomFreed();
    }
  }

  /**
   * Delays the message until `retryAt`, storing the attempts, recipients and last error of
   * `lease.message`; a stale token is ignored. The message keeps its place in `capacity`.
   */
  async nack(lease: Lease, retryAt: number): Promise<void> {
    if (this.closing !== undefined) return this.rejectClosed();
    if (Number.isNaN(retryAt)) throw new RangeError("retryAt must not be NaN");
    if ((await this.track(this.store.nack(lease, retryAt))) && this.waiters.consumerWaiting) {
      this.serveConsumers();
    }
  }

  /**
   * Moves the message, as `lease.message` has it, to the stream's dead letters with `error`; a
   * stale token is ignored. Every dead letter keeps its body.
   */
  async deadLetter(lease: Lease, error: string): Promise<void> {
    if (this.closing !== undefined) return this.rejectClosed();
    if (await this.track(this.store.deadLetter(lease, error))) this.roomFreed();
  }

  /** Up to `limit` dead letters, oldest first. */
  deadLetters(limit: number): Promise<DeadLetter[]> {
    if (this.closing !== undefined) return this.rejectClosed();
    return this.track(this.store.deadLetters(limit));
  }

  /** Every message held (ready, delayed, leased), in no particular order. */
  snapshot(): Promise<Message[]> {
    if (this.closing !== undefined) return this.rejectClosed();
    return this.track(this.store.snapshot());
  }

  /** Current contents by state, after expired leases and due retries have become ready. */
  depth(): Promise<QueueDepth> {
    if (this.closing !== undefined) return this.rejectClosed();
    return this.track(this.store.depth());
  }

  /** Retry time of the earliest message still delayed (due ones are made ready first). */
  nextRetryAt(): Promise<number | undefined> {
    if (this.closing !== undefined) return this.rejectClosed();
    return this.track(this.store.nextRetryAt());
  }

  /**
   * Waits for the scripts on their way, leaves the consumer group where this instance holds no
   * lease, and disconnects; what the stream holds stays. Idempotent. Never waits on a Redis
   * that is away: the connection is cut at once (scripts on their way reject), and after a
   * fault of the run nothing more is sent.
   */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.waiters.close(this.name);
    this.closing = (async () => {
      if (!this.link.up) await this.link.close();
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (this.link.up) await this.store.forgetConsumer().catch(() => {});
      await this.link.close();
    })();
    return this.closing;
  }

  /** Sends the next enqueue script of the first producer, unless one is on its way. */
  private pump(): void {
    const producers = this.waiters.producers;
    const producer = producers.peek();
    if (producer === undefined || this.pumping || this.closing !== undefined) return;
    this.pumping = true;
    this.freedWhilePumping = false;
    const from = producer.next;
    const to = Math.min(producer.size, from + MAX_PER_SCRIPT);
    this.track(this.store.insert(producer.batch, from, to, this.capacity)).then(
      (stored) => {
        this.pumping = false;
        if (this.closing !== undefined) return;
        producer.next += stored;
        if (stored > 0 && this.waiters.consumerWaiting) this.serveConsumers();
        if (producer.next === producer.size) {
          producers.shift();
          producer.resolve(producer.waits);
          this.pump();
        } else if (stored < to - from) {
          // Full: a new wait when it got some room, or when it was not waiting for room yet.
          if (stored > 0 || !producer.blocked) producer.waits++;
          producer.blocked = true;
          if (this.freedWhilePumping) this.pump();
          else this.waiters.armPoll();
        } else {
          producer.blocked = false;
          this.pump();
        }
        this.waiters.disarmPollWhenIdle();
      },
      (error: unknown) => {
        this.pumping = false;
        if (this.closing !== undefined) return;
        producers.shift();
        producer.reject(error as Error);
        this.pump();
      },
    );
  }

  /** This instance freed room: a producer waiting for it goes now, not at the next poll. */
  private roomFreed(): void {
    if (this.pumping) this.freedWhilePumping = true;
    else if (this.waiters.producerBlocked) this.pump();
  }

  private park(max: number, visibilityMs: number, waitMs: number): Promise<Lease[]> {
    return new Promise<Lease[]>((resolve, reject) => {
      const consumer: LongPoll = {
        max,
        visibilityMs,
        resolve,
        reject,
        timer: undefined,
        timedOut: false,
      };
      this.waiters.waitForLease(consumer, waitMs);
    });
  }

  /** Sends a lease script for the first waiting consumer, unless one is on its way. */
  private serveConsumers(): void {
    const consumer = this.waiters.consumers[0];
    if (consumer === undefined || this.serving || this.closing !== undefined) return;
    this.serving = true;
    this.track(this.store.lease(consumer.max, consumer.visibilityMs)).then(
      (leases) => {
        this.serving = false;
        if (this.closing !== undefined) {
          // The poll was answered with nothing at close; the messages need not wait out a lease.
          this.track(this.store.release(leases)).catch(() => {});
          return;
        }
        if (leases.length > 0 || consumer.timedOut) {
          this.waiters.drop(consumer);
          consumer.resolve(leases);
          this.serveConsumers();
        } else {
          this.waiters.armPoll();
        }
        this.waiters.disarmPollWhenIdle();
      },
      (error: unknown) => {
        this.serving = false;
        if (this.closing !== undefined) return;
        this.waiters.drop(consumer);
        consumer.reject(error as Error);
        this.serveConsumers();
      },
    );
  }

  /** A long poll's wait ran out: one last look, then `[]`. */
  private giveUp(consumer: LongPoll): void {
    consumer.timer = undefined;
    if (this.serving && this.waiters.consumers[0] === consumer) {
      consumer.timedOut = true;
      return;
    }
    if (!this.waiters.drop(consumer)) return;
    this.waiters.disarmPollWhenIdle();
    this.track(this.store.lease(consumer.max, consumer.visibilityMs)).then((leases) => {
      if (this.closing === undefined) consumer.resolve(leases);
      else {
        consumer.resolve([]);
        this.track(this.store.release(leases)).catch(() => {});
      }
    }, consumer.reject);
  }

  /** Keeps `work` in {@link inFlight} until it settles. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = (): void => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
    return work;
  }

  private rejectClosed<T>(): Promise<T> {
    return Promise.reject(new QueueClosedError(this.name));
  }
}

/** `HOSTNAME:PID:RANDOM`: unique per instance, and says where a lease holder runs. */
function defaultConsumerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

function checkedStream(stream: string): string {
  const problem = streamNameProblem(stream);
  if (problem !== undefined) throw new ConfigError(`queue ${problem}`);
  return stream;
}

/** Refuses a stream an earlier run left messages or dead letters in, so runs never mix. */
async function refuseEarlierRun(store: RedisStore): Promise<void> {
  const depth = await store.depth();
  const held = depth.ready + depth.delayed + depth.leased;
  if (held > 0) {
    throw new ConfigError(
      `${store.describe()} still holds ${held} message(s) from an earlier run: resume that run (run --resume), purge the stream or use another one`,
    );
  }
  if (depth.deadLettered > 0) {
    throw new ConfigError(
      `${store.describe()} holds ${depth.deadLettered} dead letter(s) from an earlier run: purge the stream or use another one`,
    );
  }
}
