import { MAX_TIMER_MS } from "../../util/timer-limit.js";
import type { Lease } from "../driver.js";
import { WakeTimer } from "../wake-timer.js";

/** Hands out up to `max` ready messages now, leased for `visibilityMs`. */
export type FetchLeases = (max: number, visibilityMs: number) => Promise<Lease[]>;

interface WaitingConsumer {
  readonly max: number;
  readonly visibilityMs: number;
  readonly resolve: (leases: Lease[]) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
  /** Its wait ran out while a fetch for it was under way: that fetch answers it. */
  timedOut: boolean;
}

/**
 * Lease calls waiting for messages (`waitMs`), oldest first. The database tells nobody when a
 * job becomes ready, so they fetch again when the driver says something may be ready (an
 * insert, a retry due now) and when a timer says so (the next lease expiry or known retry time,
 * on the driver's clock). One fetch at a time, for the oldest waiting call.
 */
export class LongPolls {
  private readonly waiting: WaitingConsumer[] = [];
  private serving: WaitingConsumer | undefined;
  private serveAgain = false;
  private readonly wakeTimer = new WakeTimer(() => this.serve());

  /**
   * `nextDue`: epoch ms, on `now`'s clock, when something may next become ready without an
   * insert (a lease lapsing, a retry coming due); Infinity for never.
   */
  constructor(
    private readonly fetch: FetchLeases,
    private readonly nextDue: () => number,
    private readonly now: () => number,
  ) {}

  /** Calls waiting; a new call that may wait queues behind them. */
  get size(): number {
    return this.waiting.length;
  }

  /** Waits up to `waitMs` for messages; resolves empty when none came. */
  wait(max: number, visibilityMs: number, waitMs: number): Promise<Lease[]> {
    return new Promise<Lease[]>((resolve, reject) => {
      const consumer: WaitingConsumer = {
        max,
        visibilityMs,
        resolve,
        reject,
        timer: undefined,
        timedOut: false,
      };
      consumer.timer = setTimeout(() => this.giveUp(consumer), Math.min(waitMs, MAX_TIMER_MS));
      this.waiting.push(consumer);
      this.arm();
    });
  }

  /** Something may be ready: fetch for the waiting calls until one finds nothing. */
  serve(): void {
    if (this.serving !== undefined) {
      this.serveAgain = true;
      return;
    }
    const consumer = this.waiting[0];
    if (consumer === undefined) return;
    this.serving = consumer;
    this.serveAgain = false;
    this.fetch(consumer.max, consumer.visibilityMs).then(
      (leases) => {
        this.serving = undefined;
        if (leases.length > 0 || consumer.timedOut) {
          this.remove(consumer);
          consumer.resolve(leases);
          if (leases.length > 0) this.serveAgain = true;
        }
        if (this.serveAgain) this.serve();
        else this.arm();
      },
      (error: Error) => {
        this.serving = undefined;
        this.rejectAll(error);
      },
    );
  }

  /** Sets the wake timer for `nextDue` while calls wait. */
  arm(): void {
    if (this.waiting.length === 0) this.wakeTimer.disarm();
    else this.wakeTimer.arm(this.nextDue(), this.now());
  }

  /** Ends every wait with nothing (the queue closed). */
  endAll(): void {
    this.wakeTimer.disarm();
    for (const consumer of this.waiting.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.resolve([]);
    }
  }

  /** Fails every wait with `error` (the queue broke). */
  rejectAll(error: Error): void {
    this.wakeTimer.disarm();
    for (const consumer of this.waiting.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.reject(error);
    }
  }

  private giveUp(consumer: WaitingConsumer): void {
    consumer.timer = undefined;
    if (this.serving === consumer) {
      consumer.timedOut = true;
      return;
    }
    if (!this.remove(consumer)) return;
    consumer.resolve([]);
    if (this.waiting.length === 0) this.wakeTimer.disarm();
  }

  private remove(consumer: WaitingConsumer): boolean {
    const index = this.waiting.indexOf(consumer);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    clearTimeout(consumer.timer);
    return true;
  }
}
