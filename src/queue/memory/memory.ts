import type { Message } from "../../model/message.js";
import { nowMs } from "../../util/clock.js";
import { MAX_TIMER_MS } from "../../util/timer-limit.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../driver.js";
import {
  checkDeadLetterLimit,
  checkDriverLimits,
  leaseVisibilityError,
} from "../driver-options.js";
import { QueueClosedError } from "../queue-closed.js";
import { WaitingProducers } from "../waiting-producers.js";
import { WakeTimer } from "../wake-timer.js";
import { LeaseTable } from "./lease-table.js";
import { MinHeap } from "./min-heap.js";
import { PriorityFifo } from "./priority-fifo.js";

/** Options of {@link MemoryQueue}. */
export interface MemoryQueueOptions {
  /** Most messages held at once: ready + delayed + leased. A positive integer or `Infinity`. Default 10 000. */
  readonly capacity?: number;
  /** Visibility timeout of a lease whose call names none, ms. Default 30 000. */
  readonly visibilityMs?: number;
  /** How many dead letters keep their body; later ones are only counted. Default 10 000. */
  readonly deadLetterLimit?: number;
  /**
   * Clock (epoch ms) for `enqueuedAt`, lease expiry and retry times. Injectable so tests can
   * move time; it must not run backwards, since lease expiry relies on leases expiring in the
   * order they were made. Default {@link nowMs}.
   */
  readonly now?: () => number;
}

/** A long-polling lease call parked until a message is ready or its wait runs out. */
interface WaitingConsumer {
  readonly max: number;
  readonly visibilityMs: number;
  readonly resolve: (leases: Lease[]) => void;
  timer: NodeJS.Timeout | undefined;
}

// Shared settled promises: the fast paths of enqueue and the settle calls allocate none.
const NO_WAITS = Promise.resolve(0);
const SETTLED = Promise.resolve();

/**
 * Bounded in-process {@link QueueDriver}: the reference driver and the fastest one.
 *
 * Ready messages sit in one FIFO ring buffer per priority, nacked messages in a min-heap keyed
 * by retry time, leases by the call that handed them out (see {@link LeaseTable}). Nothing grows with
 * the number of messages that ever passed through: memory is bounded by `capacity`, plus up to
 * `deadLetterLimit` dead letters, which do not count towards capacity.
 *
 * What it stamps: `enqueuedAt`, to the moment a message becomes ready: when `enqueue` accepts it
 * (for a producer that had to wait, when space freed, not when it called), when its retry comes
 * due, or when its lease expires. `lease` adds one to `attempts` for every hand-out, so a
 * hand-out whose lease expires counts like one that was settled. Nothing else touches a
 * message: `nack` and `deadLetter` store the message object the lease carries, with whatever
 * the caller changed on it. Messages are kept by reference, not copied, so the holder of an
 * expired lease still shares the object with its next holder.
 *
 * A settle call for a lease whose visibility timeout has passed still counts until the queue
 * notices the expiry (at the next `lease`, `depth`, `nextRetryAt` or long-poll wake-up); from
 * then on its token is stale and the call is ignored.
 *
 * After `close`, every call but `close` rejects with {@link QueueClosedError}, long polls in
 * progress resolve to `[]`, and producers still waiting for space reject.
 */
export class MemoryQueue implements QueueDriver {
  /** Always `memory`. */
  readonly name = "memory";
  /** Most messages held at once: ready + delayed + leased. */
  readonly capacity: number;
  /** Visibility timeout of a lease whose call names none, ms. */
  readonly visibilityMs: number;
  /** How many dead letters keep their body. */
  readonly deadLetterLimit: number;

  private readonly now: () => number;
  private readonly ready = new PriorityFifo<Message>();
  private readonly delayed = new MinHeap<Message>();
  private readonly leases = new LeaseTable();
  private readonly dead: DeadLetter[] = [];
  private deadCount = 0;
  /** ready + delayed + leased, the number capacity limits. */
  private held = 0;
  private readonly producers = new WaitingProducers();
  private readonly consumers: WaitingConsumer[] = [];
  private closed = false;

  /**
   * Makes a message ready again, restamping `enqueuedAt` with the moment it became ready (its
   * retry time or its lease's expiry), so queue wait measures only time spent ready. Bound once
   * so that reaping expired leases allocates no closure per call.
   */
  private readonly requeue = (message: Message, readyAt: number): void => {
    message.enqueuedAt = readyAt;
    this.ready.push(message.priority, message);
  };

  /** Fires when a retry comes due or a lease expires while long polls wait. */
  private readonly wakeTimer = new WakeTimer(() => this.wake());

  private wake(): void {
    if (this.closed) return;
    const now = this.now();
    this.maintain(now);
    this.armWake(now);
  }

  /** @throws {ConfigError} when an option is out of range. */
  constructor(options: MemoryQueueOptions = {}) {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const deadLetterLimit = checkDeadLetterLimit(options.deadLetterLimit ?? 10_000);
    this.capacity = capacity;
    this.visibilityMs = visibilityMs;
    this.deadLetterLimit = deadLetterLimit;
    this.now = options.now ?? nowMs;
  }

  /**
   * Accepts what fits at once, synchronously; a call that fits entirely resolves without a
   * timer or a new promise. The rest waits, behind any producer already waiting, until acks or
   * dead letters free space. Resolves to the number of waits: 1 for the first time the call
   * found the queue full, plus 1 each time freed space took some but not all of what was left.
   * The caller may reuse `messages` once the call returns.
   */
  enqueue(messages: readonly Message[]): Promise<number> {
    if (this.closed) return this.rejectClosed();
    if (this.producers.size > 0) {
      // Waiting producers mean the queue is full; FIFO fairness puts this call behind them.
      return messages.length === 0 ? NO_WAITS : this.producers.park(messages, 0);
    }
    const accepted = Math.min(messages.length, this.capacity - this.held);
    if (accepted > 0) this.accept(messages, 0, accepted);
    return accepted === messages.length ? NO_WAITS : this.producers.park(messages, accepted);
  }

  /**
   * Hands out up to `max` messages, highest priority first, FIFO within a priority. Expired
   * leases and due retries become ready first. With `waitMs` and nothing ready, waits for an
   * enqueue, a retry coming due or a lease expiring, else resolves to `[]` after `waitMs`;
   * waiting calls are served in the order they arrived.
   */
  lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    if (this.closed) return this.rejectClosed();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== undefined) return Promise.reject(badVisibility);
    const now = this.now();
    this.maintain(now);
    const waitMs = options?.waitMs ?? 0;
    if (this.ready.size > 0 || !(max >= 1) || !(waitMs > 0)) {
      return Promise.resolve(this.take(max, visibilityMs, now));
    }
    return new Promise<Lease[]>((resolve) => {
      const consumer: WaitingConsumer = { max, visibilityMs, resolve, timer: undefined };
      // Deliberately not unref'd: a caller awaiting a long poll should keep the process alive.
      consumer.timer = setTimeout(() => this.giveUp(consumer), Math.min(waitMs, MAX_TIMER_MS));
      this.consumers.push(consumer);
      this.armWake(now);
    });
  }

  /** Removes the messages for good; stale tokens are ignored. Freed space goes to waiting producers. */
  ack(leases: readonly Lease[]): Promise<void> {
    if (this.closed) return this.rejectClosed();
    let freed = 0;
    for (const lease of leases) if (this.leases.remove(lease)) freed++;
    if (freed > 0) this.free(freed);
    return SETTLED;
  }

  /**
   * Delays `lease.message` (the object the lease carries, with the caller's updates) until
   * `retryAt`; a stale token is ignored. The message keeps its place in `capacity`, so this
   * never waits.
   */
  nack(lease: Lease, retryAt: number): Promise<void> {
    if (this.closed) return this.rejectClosed();
    if (Number.isNaN(retryAt)) return Promise.reject(new RangeError("retryAt must not be NaN"));
    if (this.leases.remove(lease)) {
      this.delayed.push(retryAt, lease.message);
      if (this.consumers.length > 0) {
        const now = this.now();
        this.maintain(now);
        this.armWake(now);
      }
    }
    return SETTLED;
  }

  /**
   * Moves `lease.message` to the dead-letter list; a stale token is ignored. Only the first
   * `deadLetterLimit` keep their body, but every one is counted in `depth().deadLettered`.
   */
  deadLetter(lease: Lease, error: string): Promise<void> {
    if (this.closed) return this.rejectClosed();
    if (this.leases.remove(lease)) {
      this.deadCount++;
      if (this.dead.length < this.deadLetterLimit)
        this.dead.push({ message: lease.message, error });
      this.free(1);
    }
    return SETTLED;
  }

  /** Up to `limit` of the kept dead letters, oldest first. */
  deadLetters(limit: number): Promise<DeadLetter[]> {
    if (this.closed) return this.rejectClosed();
    return Promise.resolve(this.dead.slice(0, Math.max(0, limit)));
  }

  /** Current contents by state, after expired leases and due retries have become ready. */
  depth(): Promise<QueueDepth> {
    if (this.closed) return this.rejectClosed();
    this.maintain(this.now());
    return Promise.resolve({
      ready: this.ready.size,
      delayed: this.delayed.size,
      leased: this.leases.size,
      deadLettered: this.deadCount,
    });
  }

  /** Retry time of the earliest message still delayed (due ones are made ready first). */
  nextRetryAt(): Promise<number | undefined> {
    if (this.closed) return this.rejectClosed();
    this.maintain(this.now());
    return Promise.resolve(this.delayed.peekKey());
  }

  /** Every message held (ready, delayed, leased), in no particular order. */
  snapshot(): Promise<Message[]> {
    if (this.closed) return this.rejectClosed();
    const messages: Message[] = [];
    const add = (message: Message): void => {
      messages.push(message);
    };
    this.ready.forEach(add);
    this.delayed.forEach(add);
    this.leases.forEachMessage(add);
    return Promise.resolve(messages);
  }

  /** Drops every message and timer. Idempotent. */
  close(): Promise<void> {
    if (this.closed) return SETTLED;
    this.closed = true;
    this.disarmWake();
    for (const consumer of this.consumers.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.resolve([]);
    }
    this.producers.rejectAll(new QueueClosedError(this.name));
    this.ready.clear();
    this.delayed.clear();
    this.leases.clear();
    this.dead.length = 0;
    this.held = 0;
    return SETTLED;
  }

  /** Stamps and stores `messages[from..to)`, which must fit, then feeds waiting long polls. */
  private accept(messages: readonly Message[], from: number, to: number): void {
    const now = this.now();
    const ready = this.ready;
    for (let i = from; i < to; i++) {
      const message = messages[i] as Message;
      message.enqueuedAt = now;
      message.acceptedAt = now;
      ready.push(message.priority, message);
    }
    this.held += to - from;
    if (this.consumers.length > 0) this.serveConsumers(now);
  }

  /** Gives `count` freed places to waiting producers, oldest first. */
  private free(count: number): void {
    this.held -= count;
    this.producers.admit(
      () => this.capacity - this.held,
      (messages, from, to) => {
        this.accept(messages, from, to);
        return undefined;
      },
    );
  }

  private take(max: number, visibilityMs: number, now: number): Lease[] {
    const ready = this.ready;
    const most = Math.min(Math.floor(max), ready.size);
    // NaN (a `max` that is not a number) or below 1: none.
    const count = most >= 1 ? most : 0;
    return this.leases.addAll(count, this.handOutNext, visibilityMs, now);
  }

  /** The next ready message, counted as handed out once more; bound once for {@link take}. */
  private readonly handOutNext = (): Message => {
    const message = this.ready.shift() as Message;
    // Counted here, not by the holder: a hand-out whose lease expires still counts.
    message.attempts++;
    return message;
  };

  /** Turns expired leases and due retries into ready messages, and serves waiting long polls. */
  private maintain(now: number): void {
    if (this.leases.size > 0) this.leases.reap(now, this.requeue);
    const delayed = this.delayed;
    for (let due = delayed.peekKey(); due !== undefined && due <= now; due = delayed.peekKey()) {
      this.requeue(delayed.pop() as Message, due);
    }
    if (this.consumers.length > 0 && this.ready.size > 0) this.serveConsumers(now);
  }

  private serveConsumers(now: number): void {
    const consumers = this.consumers;
    while (consumers.length > 0 && this.ready.size > 0) {
      const consumer = consumers.shift() as WaitingConsumer;
      clearTimeout(consumer.timer);
      consumer.resolve(this.take(consumer.max, consumer.visibilityMs, now));
    }
    this.armWake(now);
  }

  /** A long poll's wait ran out: one last look, then `[]`. */
  private giveUp(consumer: WaitingConsumer): void {
    consumer.timer = undefined;
    if (this.consumers.includes(consumer)) this.maintain(this.now());
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    consumer.resolve([]);
    if (this.consumers.length === 0) this.disarmWake();
  }

  /**
   * Keeps one timer set for the moment something becomes ready without an enqueue (a retry
   * coming due or a lease expiring), while long polls wait. It is unref'd: each waiting call's
   * own timer already keeps the process alive for as long as anyone waits.
   */
  private armWake(now: number): void {
    if (this.consumers.length === 0) {
      this.wakeTimer.disarm();
      return;
    }
    const due = Math.min(
      this.delayed.peekKey() ?? Number.POSITIVE_INFINITY,
      this.leases.earliestExpiry(),
    );
    this.wakeTimer.arm(due, now);
  }

  private disarmWake(): void {
    this.wakeTimer.disarm();
  }

  private rejectClosed<T>(): Promise<T> {
    return Promise.reject(new QueueClosedError(this.name));
  }
}
