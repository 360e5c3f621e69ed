import type { Message } from "../model/message.js";
import type { Lease } from "./driver.js";

/** A hand-out the table tracks; given to the caller as its {@link Lease}. */
class HeldLease implements Lease {
  readonly message: Message;
  readonly token: number;
  /** Epoch ms at which the hand-out lapses and the message is due again. */
  readonly expiresAt: number;

  constructor(message: Message, token: number, expiresAt: number) {
    this.message = message;
    this.token = token;
    this.expiresAt = expiresAt;
  }
}

/**
 * Outstanding leases by token, arranged so that finding expired ones costs only the expired
 * entries plus one.
 *
 * Leases with the same visibility timeout share one `Map`. A `Map` iterates in insertion
 * order and, for one timeout and a clock that does not run backwards, insertion order is
 * expiry order, so expired leases are always at the front. A lease with a different timeout
 * goes to a map of its own (created on demand, dropped once empty), keeping every map sorted
 * even when callers mix timeouts. Tokens are unique across maps, so a token names one
 * hand-out: once that hand-out is settled or has expired, the token is stale.
 */
export class LeaseTable {
  private readonly buckets = new Map<number, Map<number, HeldLease>>();
  // Callers almost always use one timeout, so the last bucket used answers nearly every call
  // without a lookup by timeout or an iterator over buckets.
  private recentMs = Number.NaN;
  private recent = new Map<number, HeldLease>();
  private nextToken = 1;
  private count = 0;
  /** No lease expires before this; lets the hot path skip the scan with one comparison. */
  private horizon = Number.POSITIVE_INFINITY;

  /** Number of outstanding leases. */
  get size(): number {
    return this.count;
  }

  /** Records a new hand-out of `message` that lapses `visibilityMs` after `now`. */
  add(message: Message, visibilityMs: number, now: number): Lease {
    const bucket = visibilityMs === this.recentMs ? this.recent : this.use(visibilityMs);
    const token = this.nextToken++;
    const expiresAt = now + visibilityMs;
    const lease = new HeldLease(message, token, expiresAt);
    bucket.set(token, lease);
    this.count++;
    if (expiresAt < this.horizon) this.horizon = expiresAt;
    return lease;
  }

  /** Forgets the hand-out named by `token`; false when the token is unknown or stale. */
  remove(token: number): boolean {
    if (this.recent.delete(token)) {
      this.dropOne();
      return true;
    }
    if (this.buckets.size < 2) return false;
    for (const [visibilityMs, bucket] of this.buckets) {
      if (bucket !== this.recent && bucket.delete(token)) {
        if (bucket.size === 0) this.buckets.delete(visibilityMs);
        this.dropOne();
        return true;
      }
    }
    return false;
  }

  /** A lower bound on the earliest expiry (`Infinity` when no lease is outstanding). */
  earliestExpiry(): number {
    return this.horizon;
  }

  /**
   * Removes every lease that has expired by `now` (expiry is inclusive: a lease is expired at
   * its `expiresAt`) and passes its message and expiry time to `requeue`. Returns how many expired.
   */
  reap(now: number, requeue: (message: Message, expiredAt: number) => void): number {
    if (now < this.horizon) return 0;
    let expired = 0;
    let horizon = Number.POSITIVE_INFINITY;
    for (const [visibilityMs, bucket] of this.buckets) {
      expired += reapBucket(bucket, now, requeue);
      if (bucket.size > 0) horizon = Math.min(horizon, firstExpiry(bucket));
      else if (bucket !== this.recent) this.buckets.delete(visibilityMs);
    }
    this.count -= expired;
    this.horizon = horizon;
    return expired;
  }

  /** Calls `visit` on the message of every outstanding lease. */
  forEachMessage(visit: (message: Message) => void): void {
    for (const bucket of this.buckets.values()) {
      for (const lease of bucket.values()) visit(lease.message);
    }
  }

  /** Forgets every lease; their tokens become stale. */
  clear(): void {
    this.buckets.clear();
    this.recentMs = Number.NaN;
    this.recent = new Map();
    this.count = 0;
    this.horizon = Number.POSITIVE_INFINITY;
  }

  private use(visibilityMs: number): Map<number, HeldLease> {
    let bucket = this.buckets.get(visibilityMs);
    if (bucket === undefined) {
      bucket = new Map();
      this.buckets.set(visibilityMs, bucket);
    }
    // The bucket losing "recent" status may be empty; it was kept only while it was recent.
    if (this.recent.size === 0) this.buckets.delete(this.recentMs);
    this.recentMs = visibilityMs;
    this.recent = bucket;
    return bucket;
  }

  private dropOne(): void {
    // An empty table must not keep an old horizon, or it would trigger pointless scans later.
    if (--this.count === 0) this.horizon = Number.POSITIVE_INFINITY;
  }
}

function reapBucket(
  bucket: Map<number, HeldLease>,
  now: number,
  requeue: (message: Message, expiredAt: number) => void,
): number {
  let expired = 0;
  for (const [token, lease] of bucket) {
    if (lease.expiresAt > now) break;
    bucket.delete(token);
    requeue(lease.message, lease.expiresAt);
    expired++;
  }
  return expired;
}

function firstExpiry(bucket: Map<number, HeldLease>): number {
  for (const lease of bucket.values()) return lease.expiresAt;
  return Number.POSITIVE_INFINITY;
}
