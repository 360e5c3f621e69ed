import type { Message } from "../../model/message.js";

/** One hand-out: the pg-boss job and the attempt of it that was fetched. */
export interface Held {
  /** The job's id. */
  readonly id: string;
  /** pg-boss's `retryCount` when fetched: names this attempt, so a stale settle misses. */
  readonly retryCount: number;
  /** Epoch ms, on the driver's clock, when the lease lapses. */
  readonly expiresAt: number;
  readonly message: Message;
}

/**
 * The driver's leases by token, with their expiry on the driver's clock. pg-boss's own expiry
 * counts whole seconds on the database's clock and is checked by its supervisor; a lease here
 * may be 100 ms and the clock a test's, so the driver times leases itself and fails a lapsed
 * one back to pg-boss (state `retry`, due at once). Bounded by the queue's capacity.
 */
export class LeaseBook {
  private readonly byToken = new Map<number, Held>();
  private lastToken = 0;

  /** Leases held now. */
  get size(): number {
    return this.byToken.size;
  }

  /** Records a hand-out; returns its token, new for every hand-out. */
  add(held: Held): number {
    this.lastToken++;
    this.byToken.set(this.lastToken, held);
    return this.lastToken;
  }

  /** Forgets the lease of `token`; undefined when it is stale (lapsed or settled). */
  release(token: number): Held | undefined {
    const held = this.byToken.get(token);
    if (held !== undefined) this.byToken.delete(token);
    return held;
  }

  /** Removes and returns every lease lapsed at `now`. */
  takeLapsed(now: number): Held[] {
    const lapsed: Held[] = [];
    for (const [token, held] of this.byToken) {
      if (held.expiresAt <= now) {
        lapsed.push(held);
        this.byToken.delete(token);
      }
    }
    return lapsed;
  }

  /** Epoch ms of the earliest expiry, or Infinity when nothing is leased. */
  nextExpiry(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const held of this.byToken.values()) if (held.expiresAt < next) next = held.expiresAt;
    return next;
  }

  /** Forgets every lease (the queue closed): their jobs stay active in PostgreSQL. */
  clear(): void {
    this.byToken.clear();
  }
}
