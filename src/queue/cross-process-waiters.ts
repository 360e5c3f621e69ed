import { MAX_TIMER_MS } from "../util/timer-limit.js";
import type { Lease } from "./driver.js";
import { Deque } from "./memory/deque.js";
import { QueueClosedError } from "./queue-closed.js";

/** A producer whose messages are not all stored yet. */
export interface WaitingProducer {
  /** Index of its first message not stored yet. */
  next: number;
  waits: number;
  /** Stopped by a full queue (not merely by how many messages one write may store). */
  blocked: boolean;
  readonly resolve: (waits: number) => void;
  readonly reject: (error: Error) => void;
}

/** A long-polling lease call parked until a message is ready or its wait runs out. */
export interface WaitingConsumer {
  readonly max: number;
  readonly visibilityMs: number;
  readonly resolve: (leases: Lease[]) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** What a driver does when waiters wake; see {@link CrossProcessWaiters}. */
export interface WaiterHooks<C extends WaitingConsumer> {
  /** The driver is closed (or closing): no poll is armed any more. */
  closed(): boolean;
  /** Tries to store more of the first waiting producer's messages. */
  pump(): void;
  /** Tries to hand messages to the waiting consumers, oldest first. */
  serveConsumers(): void;
  /** `consumer`'s wait ran out. */
  giveUp(consumer: C): void;
}

/**
 * The callers a durable queue driver keeps waiting (producers held back by a full queue, long
 * polls) and the poll timer that wakes them. Other processes' work raises no event in this
 * one, so waiting is polling: every `pollMs` the hooks look again, for as long as anyone waits.
 * The driver decides what a look does; this class keeps the lines and the timer.
 */
export class CrossProcessWaiters<P extends WaitingProducer, C extends WaitingConsumer> {
  /** Producers in arrival order; the first is the one being stored. */
  readonly producers = new Deque<P>();
  /** Long polls in arrival order. */
  readonly consumers: C[] = [];
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pollMs: number,
    private readonly hooks: WaiterHooks<C>,
  ) {}

  /** The first producer waits for room. */
  get producerBlocked(): boolean {
    return this.producers.peek()?.blocked === true;
  }

  /** A long poll waits. */
  get consumerWaiting(): boolean {
    return this.consumers.length > 0;
  }

  /** Parks a long poll until the driver serves it or, after `waitMs`, its `giveUp` hook runs. */
  waitForLease(consumer: C, waitMs: number): void {
    // Deliberately not unref'd: a caller awaiting a long poll should keep the process alive.
    consumer.timer = setTimeout(() => this.hooks.giveUp(consumer), Math.min(waitMs, MAX_TIMER_MS));
    this.consumers.push(consumer);
    this.armPoll();
  }

  /** Takes a consumer off the waiting list; false when it was not on it. */
  drop(consumer: C): boolean {
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return false;
    this.consumers.splice(index, 1);
    clearTimeout(consumer.timer);
    consumer.timer = undefined;
    return true;
  }

  /**
   * Keeps one timer running while a long poll waits or a producer waits for room. It is
   * unref'd while only long polls wait, whose own timers keep the process alive; a producer
   * waiting for another process to free room keeps it alive through this one.
   */
  armPoll(): void {
    if (this.pollTimer !== undefined || this.hooks.closed()) return;
    const blocked = this.producerBlocked;
    if (!blocked && !this.consumerWaiting) return;
    this.pollTimer = setTimeout(this.poll, this.pollMs);
    if (!blocked) this.pollTimer.unref();
  }

  /** Stops the poll timer once nobody waits any more. */
  disarmPollWhenIdle(): void {
    if (this.pollTimer === undefined) return;
    if (this.consumerWaiting || this.producerBlocked) return;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  /**
   * At close: stops the poll timer, answers the long polls with `[]` and rejects the producers
   * with {@link QueueClosedError} naming the driver `name`.
   */
  close(name: string): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    for (const consumer of this.consumers.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.resolve([]);
    }
    for (let p = this.producers.shift(); p !== undefined; p = this.producers.shift()) {
      p.reject(new QueueClosedError(name));
    }
  }

  private readonly poll = (): void => {
    this.pollTimer = undefined;
    if (this.hooks.closed()) return;
    if (this.producerBlocked) this.hooks.pump();
    if (this.consumerWaiting) this.hooks.serveConsumers();
    this.armPoll();
  };
}
