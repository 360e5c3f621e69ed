import type { Message } from "../../model/message.js";
import { nowMs } from "../../util/clock.js";
import {
  CrossProcessWaiters,
  type WaitingConsumer,
  type WaitingProducer,
} from "../cross-process-waiters.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../driver.js";
import {
  checkDeadLetterLimit,
  checkDriverLimits,
  leaseVisibilityError,
} from "../driver-options.js";
import { prepareCodec } from "../message-codec.js";
import { QueueClosedError } from "../queue-closed.js";
import { duringUse, openQueueFile } from "./schema.js";
import { MAX_ROWS_PER_TRANSACTION, QueueStore } from "./store.js";

/** Options of {@link SqliteQueue.open}. */
export interface SqliteQueueOptions {
  /**
   * Most messages the file may hold at once (ready + delayed + leased, counting what other
   * processes put there). A positive integer or `Infinity`. Default 10 000.
   */
  readonly capacity?: number;
  /** Visibility timeout of a lease whose call names none, ms. Default 30 000. */
  readonly visibilityMs?: number;
  /** How many dead letters keep their body in the file; later ones are only counted. Default `Infinity`. */
  readonly deadLetterLimit?: number;
  /**
   * Clock (epoch ms) for `enqueuedAt`, lease expiry and retry times. Processes sharing a file
   * must share a clock, which the default, {@link nowMs} (wall clock), does to within the
   * system clock's accuracy.
   */
  readonly now?: () => number;
}

/**
 * How often a waiting producer or long poll looks at the file again. Other processes' writes
 * raise no event here, so waiting is polling; 5 ms keeps a long poll's added latency small
 * while an idle poll costs a few reads, no lock.
 */
const POLL_MS = 5;

const NO_WAITS = Promise.resolve(0);
const SETTLED = Promise.resolve();

/** A producer parked until the file has room, or until its next chunk's turn. */
interface ParkedProducer extends WaitingProducer {
  /** The messages not yet stored: a copy, so the caller may reuse its array. */
  readonly messages: readonly Message[];
}

/**
 * {@link QueueDriver} on an SQLite file (better-sqlite3, WAL): messages survive the process,
 * and several processes may share one file. See `sqlite-schema.ts` for the layout.
 *
 * Every call does its work synchronously, in transactions of at most
 * {@link MAX_ROWS_PER_TRANSACTION} rows: `lease` hands out at most that many at once, and
 * `enqueue` and `ack` of more continue in later turns of the event loop.
 *
 * Messages are serialised, not kept: each `lease` returns fresh message objects, and `nack` and
 * `deadLetter` store the fields of the message object the lease carries (attempts, recipients,
 * last error), as the contract asks. `enqueue` stores copies and leaves the caller's objects
 * alone. A lease that outlives its visibility timeout, including one held by a process that
 * died, becomes ready again with its last error as last stored and its expired hand-out added
 * to its attempts. Its token is then stale; a settle call with it before any process noticed
 * the expiry still counts.
 *
 * Waiting (a full queue, a long poll) wakes at once on this instance's own acks, dead letters,
 * enqueues and nacks, and otherwise every {@link POLL_MS} ms, to see other processes' work.
 *
 * After `close`, every call but `close` rejects with {@link QueueClosedError}, long polls in
 * progress resolve to `[]`, and producers still waiting reject.
 */
export class SqliteQueue implements QueueDriver {
  /** Always `sqlite`. */
  readonly name = "sqlite";
  /** Most messages the file may hold at once. */
  readonly capacity: number;
  /** Visibility timeout of a lease whose call names none, ms. */
  readonly visibilityMs: number;
  /** How many dead letters keep their body. */
  readonly deadLetterLimit: number;

  private readonly now: () => number;
  private readonly waiters = new CrossProcessWaiters<ParkedProducer, WaitingConsumer>(POLL_MS, {
    closed: () => this.closed,
    pump: () => this.pump(),
    serveConsumers: () => this.serveConsumers(),
    giveUp: (consumer) => this.giveUp(consumer),
  });
  private continuation: NodeJS.Immediate | undefined;
  private closed = false;

  private constructor(
    /** The queue file. */
    readonly path: string,
    private readonly store: QueueStore,
    options: Required<SqliteQueueOptions>,
  ) {
    this.capacity = options.capacity;
    this.visibilityMs = options.visibilityMs;
    this.deadLetterLimit = options.deadLetterLimit;
    this.now = options.now;
  }

  /**
   * Opens the queue file at `path`, creating it when missing. An existing file is checked
   * read-only first and never modified unless it is a sound queue of a schema this version
   * reads.
   *
   * @throws {ConfigError} when an option is out of range, or the file is not a regular file,
   * not an SQLite database, corrupt, another application's database, or from a newer schema.
   */
  static open(path: string, options: SqliteQueueOptions = {}): SqliteQueue {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const deadLetterLimit = checkDeadLetterLimit(
      options.deadLetterLimit ?? Number.POSITIVE_INFINITY,
    );
    const db = openQueueFile(path, "create");
    prepareCodec();
    return new SqliteQueue(path, new QueueStore(db, deadLetterLimit), {
      capacity,
      visibilityMs,
      deadLetterLimit,
      now: options.now ?? nowMs,
    });
  }

  /**
   * Stores what fits at once, up to {@link MAX_ROWS_PER_TRANSACTION} messages, before it
   * returns; the rest follows in later turns of the event loop, waiting behind any producer
   * already waiting whenever the queue is full. Resolves to the number of waits: 1 for the
   * first time the call found the queue full, plus 1 each time freed space took some but not
   * all of what was left. The caller may reuse `messages` once the call returns.
   */
  /**
   * Let the leases in the file lapse now rather than at their visibility timeout, so their
   * messages are handed out again at once, each expired hand-out counted in its attempts. Only
   * for a caller that owns the file (a resumed run holds its claim): then whoever leased them
   * is gone. Returns how many lease calls lapsed.
   */
  lapseOrphanedLeases(): number {
    return this.store.lapseLeases(this.now());
  }

  enqueue(messages: readonly Message[]): Promise<number> {
    if (this.closed) return this.rejectClosed();
    if (messages.length === 0) return NO_WAITS;
    const head = this.waiters.producers.peek();
    if (head !== undefined) {
      // FIFO fairness puts this call behind producers still storing or waiting for room.
      return this.park(messages, 0, head.blocked);
    }
    let stored: number;
    try {
      stored = this.store.insert(messages, 0, messages.length, this.capacity, this.now());
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    if (stored > 0 && this.waiters.consumerWaiting) this.serveConsumers();
    if (stored === messages.length) return NO_WAITS;
    const full = stored < Math.min(messages.length, MAX_ROWS_PER_TRANSACTION);
    return this.park(messages, stored, full);
  }

  /**
   * Hands out up to `max` messages (at most {@link MAX_ROWS_PER_TRANSACTION}), highest priority
   * first, FIFO within a priority. Expired leases and due retries become ready first. With
   * `waitMs` and nothing ready, waits for this instance's enqueue or nack, or for a poll to
   * find work, else resolves to `[]` after `waitMs`; waiting calls are served in arrival order.
   */
  lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    if (this.closed) return this.rejectClosed();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== undefined) return Promise.reject(badVisibility);
    let leases: Lease[];
    try {
      leases = this.store.lease(max, visibilityMs, this.now());
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    const waitMs = options?.waitMs ?? 0;
    if (leases.length > 0 || !(max >= 1) || !(waitMs > 0)) return Promise.resolve(leases);
    return new Promise<Lease[]>((resolve, reject) => {
      this.waiters.waitForLease({ max, visibilityMs, resolve, reject, timer: undefined }, waitMs);
    });
  }

  /** Deletes the messages for good; stale tokens are ignored. Freed space goes to waiting producers. */
  ack(leases: readonly Lease[]): Promise<void> {
    if (this.closed) return this.rejectClosed();
    if (leases.length > MAX_ROWS_PER_TRANSACTION) return this.ackInTurns(leases);
    try {
      if (this.store.ack(leases, 0, leases.length) > 0) this.pump();
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    return SETTLED;
  }

  /**
   * Delays the message until `retryAt`, storing the attempts, recipients and last error of
   * `lease.message`; a stale token is ignored. The message keeps its place in `capacity`.
   */
  nack(lease: Lease, retryAt: number): Promise<void> {
    if (this.closed) return this.rejectClosed();
    if (Number.isNaN(retryAt)) return Promise.reject(new RangeError("retryAt must not be NaN"));
    try {
      if (this.store.nack(lease, retryAt) && this.waiters.consumerWaiting) this.serveConsumers();
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    return SETTLED;
  }

  /**
   * Moves the message, as `lease.message` has it, to the file's dead letters with `error`; a
   * stale token is ignored. Only the first `deadLetterLimit` keep their body, but every one is
   * counted in `depth().deadLettered`.
   */
  deadLetter(lease: Lease, error: string): Promise<void> {
    if (this.closed) return this.rejectClosed();
    try {
      if (this.store.deadLetter(lease, error, this.now())) this.pump();
    } catch (failure) {
      return Promise.reject(duringUse(this.path, failure));
    }
    return SETTLED;
  }

  /** Up to `limit` of the kept dead letters, oldest first. */
  deadLetters(limit: number): Promise<DeadLetter[]> {
    return this.read(() => this.store.deadLetters(limit));
  }

  /** Every message held in the file (ready, delayed, leased), in no particular order. */
  snapshot(): Promise<Message[]> {
    return this.read(() => this.store.snapshot());
  }

  /** Current contents by state, after expired leases and due retries have become ready. */
  depth(): Promise<QueueDepth> {
    return this.read(() => this.store.depth(this.now()));
  }

  /** Retry time of the earliest message still delayed (due ones are made ready first). */
  nextRetryAt(): Promise<number | undefined> {
    return this.read(() => this.store.nextRetryAt(this.now()));
  }

  /** Closes the file; what it holds stays there for the next open. Idempotent. */
  close(): Promise<void> {
    if (this.closed) return SETTLED;
    this.closed = true;
    if (this.continuation !== undefined) clearImmediate(this.continuation);
    this.continuation = undefined;
    this.waiters.close(this.name);
    this.store.close();
    return SETTLED;
  }

  private park(messages: readonly Message[], stored: number, full: boolean): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiters.producers.push({
        messages: messages.slice(stored),
        next: 0,
        waits: full ? 1 : 0,
        blocked: full,
        resolve,
        reject,
      });
      if (full) this.waiters.armPoll();
      else this.continueSoon();
    });
  }

  /**
   * Stores waiting producers' messages, oldest producer first, one transaction's worth per
   * turn of the event loop; stops at a full queue (to be woken by a settle call or a poll).
   */
  private pump(): void {
    const producers = this.waiters.producers;
    const producer = producers.peek();
    if (producer === undefined || this.closed) return;
    const left = producer.messages.length - producer.next;
    let stored: number;
    try {
      stored = this.store.insert(
        producer.messages,
        producer.next,
        producer.messages.length,
        this.capacity,
        this.now(),
      );
    } catch (error) {
      producers.shift();
      producer.reject(duringUse(this.path, error));
      this.continueSoon();
      return;
    }
    producer.next += stored;
    if (stored > 0 && this.waiters.consumerWaiting) this.serveConsumers();
    if (stored === left) {
      producers.shift();
      producer.resolve(producer.waits);
      this.waiters.disarmPollWhenIdle();
      this.continueSoon();
    } else if (stored < Math.min(left, MAX_ROWS_PER_TRANSACTION)) {
      // Full again: a new wait when it got some room, or when it was not waiting for room yet.
      if (stored > 0 || !producer.blocked) producer.waits++;
      producer.blocked = true;
      this.waiters.armPoll();
    } else {
      producer.blocked = false;
      this.continueSoon();
    }
  }

  /** Runs {@link pump} again in the next turn of the event loop, if anyone waits. */
  private continueSoon(): void {
    if (this.continuation !== undefined || this.waiters.producers.size === 0 || this.closed) {
      return;
    }
    this.continuation = setImmediate(() => {
      this.continuation = undefined;
      this.pump();
    });
  }

  private serveConsumers(): void {
    const consumers = this.waiters.consumers;
    while (consumers.length > 0) {
      const consumer = consumers[0] as WaitingConsumer;
      let leases: Lease[];
      try {
        leases = this.store.lease(consumer.max, consumer.visibilityMs, this.now());
      } catch (error) {
        consumers.shift();
        clearTimeout(consumer.timer);
        consumer.reject(duringUse(this.path, error));
        continue;
      }
      if (leases.length === 0) return;
      consumers.shift();
      clearTimeout(consumer.timer);
      consumer.resolve(leases);
    }
    this.waiters.disarmPollWhenIdle();
  }

  /** A long poll's wait ran out: one last look, then `[]`. */
  private giveUp(consumer: WaitingConsumer): void {
    consumer.timer = undefined;
    if (!this.waiters.drop(consumer)) return;
    this.waiters.disarmPollWhenIdle();
    try {
      consumer.resolve(this.store.lease(consumer.max, consumer.visibilityMs, this.now()));
    } catch (error) {
      consumer.reject(duringUse(this.path, error));
    }
  }

  private async ackInTurns(leases: readonly Lease[]): Promise<void> {
    for (let from = 0; from < leases.length; from += MAX_ROWS_PER_TRANSACTION) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.closed) throw new QueueClosedError(this.name);
      const to = Math.min(leases.length, from + MAX_ROWS_PER_TRANSACTION);
      let acked: number;
      try {
        acked = this.store.ack(leases, from, to);
      } catch (error) {
        throw duringUse(this.path, error);
      }
      if (acked > 0) this.pump();
    }
  }

  private read<T>(work: () => T): Promise<T> {
    if (this.closed) return this.rejectClosed();
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
  }

  private rejectClosed<T>(): Promise<T> {
    return Promise.reject(new QueueClosedError(this.name));
  }
}
