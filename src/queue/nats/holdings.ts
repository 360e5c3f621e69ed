import type { NatsMessage, RetryState } from "./codec.js";

/** A message this instance holds: leased, or (on an injected clock) waiting for its retry. */
export interface Holding {
  readonly token: number;
  /** The message's sequence in the work stream. */
  readonly seq: number;
  /** Its ack subject. */
  readonly reply: string;
  /** The consumer's delivery count of this hand-out. */
  readonly deliveries: number;
  /** The lease's end on the driver's clock. */
  readonly deadline: number;
  readonly message: NatsMessage;
  /** A retry state of it is in the retry stream, to be dropped once it is settled. */
  readonly retried: boolean;
  /** `performance.now()` of the last sign of life sent for it (hand-out or progress). */
  aliveAt: number;
}

/** A nacked message not yet due, by its stream sequence. */
export interface Delayed {
  readonly seq: number;
  readonly reply: string;
  readonly dueAt: number;
  /**
   * The driver holds it (unacked, kept alive) until it is due, then naks it: on an injected
   * clock, which the broker's timers cannot follow. Otherwise it was nakked with a delay and
   * the broker hands it out again by itself.
   */
  readonly heldHere: boolean;
  aliveAt: number;
}

/** What the next hand-out of a returned message takes on, by its stream sequence. */
export interface Return {
  /** When it became ready again (lease deadline or retry time): its new `enqueuedAt`. */
  readonly readyAt: number;
  readonly retry?: RetryState;
}

/**
 * What one driver instance knows of its own messages: its leases by token (a token names one
 * hand-out, so a stale one finds nothing), which token holds each stream sequence, the retries
 * it is waiting out, and what a returned message carries into its next hand-out. Every map is
 * bounded by the messages the queue holds.
 */
export class Holdings {
  readonly leases = new Map<number, Holding>();
  readonly tokenOf = new Map<number, number>();
  readonly delayed = new Map<number, Delayed>();
  readonly returns = new Map<number, Return>();
  private lastToken = 0;

  nextToken(): number {
    this.lastToken++;
    return this.lastToken;
  }

  /**
   * Records a hand-out. An earlier hand-out of the same message (the broker handed it out again
   * by itself, its AckWait over) goes stale, and so does a retry of it still counted as delayed.
   */
  add(holding: Holding): void {
    this.take(this.tokenOf.get(holding.seq) ?? -1);
    this.delayed.delete(holding.seq);
    this.leases.set(holding.token, holding);
    this.tokenOf.set(holding.seq, holding.token);
  }

  /** Removes and returns the lease of `token`, or undefined for a stale or unknown token. */
  take(token: number): Holding | undefined {
    const holding = this.leases.get(token);
    if (holding === undefined) return undefined;
    this.leases.delete(token);
    this.tokenOf.delete(holding.seq);
    return holding;
  }

  /** Leases whose deadline is at or before `now`, oldest hand-out first. */
  expired(now: number): Holding[] {
    const out: Holding[] = [];
    for (const holding of this.leases.values()) if (holding.deadline <= now) out.push(holding);
    return out;
  }

  /** Retries due at `now`, earliest first (they come back in that order). */
  due(now: number): Delayed[] {
    const out: Delayed[] = [];
    for (const delayed of this.delayed.values()) if (delayed.dueAt <= now) out.push(delayed);
    return out.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
  }

  /** The earliest retry time still ahead, or undefined. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const { dueAt } of this.delayed.values())
      if (next === undefined || dueAt < next) next = dueAt;
    return next;
  }
}
