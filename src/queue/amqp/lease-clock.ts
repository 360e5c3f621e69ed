import { MinHeap } from "../memory/min-heap.js";

interface Entry<T> {
  readonly item: T;
  readonly token: number;
  readonly expiresAt: number;
}

/**
 * The driver's own lease clock: RabbitMQ knows only that a delivery is unacknowledged, not for
 * how long a holder may keep it, so visibility timeouts are kept here, on the driver's clock.
 * Leases by token, and their expiries in a heap; a settled lease's heap entry is skipped when
 * it comes up (and the heap rebuilt when such entries outnumber live ones), so settling is O(1).
 */
export class LeaseClock<T> {
  private readonly byToken = new Map<number, Entry<T>>();
  private expiries = new MinHeap<Entry<T>>();
  private tokens = 0;

  /** Leases held. */
  get size(): number {
    return this.byToken.size;
  }

  /** Leases `item` until `now + visibilityMs`; its token. */
  add(item: T, visibilityMs: number, now: number): number {
    const entry = { item, token: ++this.tokens, expiresAt: now + visibilityMs };
    this.byToken.set(entry.token, entry);
    this.expiries.push(entry.expiresAt, entry);
    if (this.expiries.size > 2 * this.byToken.size + 1_024) this.rebuild();
    return entry.token;
  }

  /** Ends the lease `token` and returns its item, or undefined for a stale or unknown token. */
  take(token: number): T | undefined {
    const entry = this.byToken.get(token);
    if (entry === undefined) return undefined;
    this.byToken.delete(token);
    return entry.item;
  }

  /** Ends every lease expired by `now`, oldest first, handing each to `expired`. */
  reap(now: number, expired: (item: T, expiredAt: number) => void): void {
    const heap = this.expiries;
    for (let at = heap.peekKey(); at !== undefined && at <= now; at = heap.peekKey()) {
      const entry = heap.pop() as Entry<T>;
      if (this.byToken.get(entry.token) !== entry) continue;
      this.byToken.delete(entry.token);
      expired(entry.item, entry.expiresAt);
    }
  }

  /** When the first lease may expire (a settled one may still be counted: early, never late). */
  earliestExpiry(): number {
    return this.expiries.peekKey() ?? Number.POSITIVE_INFINITY;
  }

  forEach(visit: (item: T) => void): void {
    for (const entry of this.byToken.values()) visit(entry.item);
  }

  clear(): void {
    this.byToken.clear();
    this.expiries.clear();
  }

  private rebuild(): void {
    const heap = new MinHeap<Entry<T>>();
    for (const entry of this.byToken.values()) heap.push(entry.expiresAt, entry);
    this.expiries = heap;
  }
}
