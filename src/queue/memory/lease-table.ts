import type { Message } from "../../model/message.js";
import type { Lease } from "../driver.js";
import { Deque } from "./deque.js";

/** A hand-out the table tracks; given to the caller as its {@link Lease}. */
class HeldLease implements Lease {
  /** False once settled or expired: from then on the token is stale. */
  live = true;

  constructor(
    readonly message: Message,
    readonly token: number,
    /** Epoch ms at which the hand-out lapses and the message is due again. */
    readonly expiresAt: number,
    /** The bucket that holds it, for settling it without a search. */
    readonly bucket: Bucket,
  ) {}
}

/**
 * Leases of one visibility timeout, in hand-out order, which for one timeout and a clock that
 * does not run backwards is also expiry order and token order. Settled leases stay in place,
 * flagged, until they reach the head or a compaction drops them: no hashing per lease.
 */
class Bucket {
  readonly leases = new Deque<HeldLease>();
  live = 0;

  constructor(
    readonly visibilityMs: number,
    /** The table it belongs to: a lease from another queue must not settle here. */
    readonly table: LeaseTable,
  ) {}

  /** The live lease with `token`, found by binary search over the token-ordered deque. */
  find(token: number): HeldLease | undefined {
    const leases = this.leases;
    let low = 0;
    let high = leases.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const lease = leases.at(middle) as HeldLease;
      if (lease.token === token) return lease.live ? lease : undefined;
      if (lease.token < token) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** Drop settled leases at the head, and rebuild when settled ones fill most of the deque. */
  tidy(): void {
    const leases = this.leases;
    while (leases.size > 0 && !(leases.peek() as HeldLease).live) leases.shift();
    // A long-lived lease at the head would otherwise pin every settled one behind it.
    if (leases.size > 64 && leases.size > 4 * this.live) {
      const kept: HeldLease[] = [];
      leases.forEach((lease) => {
        if (lease.live) kept.push(lease);
      });
      leases.clear();
      for (const lease of kept) leases.push(lease);
    }
  }
}

/**
 * Outstanding leases, arranged so that settling one costs a flag when the caller hands back the
 * lease it was given (a binary search when it hands back a copy), and finding expired ones
 * costs only the expired entries plus one.
 *
 * Leases with the same visibility timeout share one {@link Bucket}; a lease with a different
 * timeout goes to a bucket of its own (created on demand, dropped once empty), keeping every
 * bucket in expiry order even when callers mix timeouts. Tokens are unique across buckets, so
 * a token names one hand-out: once that hand-out is settled or has expired, the token is stale.
 */
export class LeaseTable {
  private readonly buckets = new Map<number, Bucket>();
  // Callers almost always use one timeout, so the last bucket used answers nearly every call
  // without a lookup by timeout.
  private recent: Bucket | undefined;
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
    const bucket =
      this.recent !== undefined && this.recent.visibilityMs === visibilityMs
        ? this.recent
        : this.use(visibilityMs);
    const expiresAt = now + visibilityMs;
    const lease = new HeldLease(message, this.nextToken++, expiresAt, bucket);
    bucket.leases.push(lease);
    bucket.live++;
    this.count++;
    if (expiresAt < this.horizon) this.horizon = expiresAt;
    return lease;
  }

  /** Settles the hand-out `lease` names; false when its token is unknown or stale. */
  remove(lease: Lease): boolean {
    const held = lease instanceof HeldLease ? lease : this.find(lease.token);
    if (held === undefined || !held.live || held.bucket.table !== this) return false;
    held.live = false;
    const bucket = held.bucket;
    bucket.live--;
    if (--this.count === 0) this.horizon = Number.POSITIVE_INFINITY;
    if (bucket.leases.peek() === held || bucket.leases.size > 4 * bucket.live + 64) bucket.tidy();
    return true;
  }

  /** A lower bound on the earliest expiry (`Infinity` when no lease is outstanding). */
  earliestExpiry(): number {
    return this.horizon;
  }

  /**
   * Removes every lease that has expired by `now` (expiry is inclusive: a lease is expired at
   * its `expiresAt`) and passes its message and expiry time to `requeue`. Returns how many
   * expired.
   */
  reap(now: number, requeue: (message: Message, expiredAt: number) => void): number {
    if (now < this.horizon) return 0;
    let expired = 0;
    let horizon = Number.POSITIVE_INFINITY;
    for (const [visibilityMs, bucket] of this.buckets) {
      const leases = bucket.leases;
      for (let head = leases.peek(); head !== undefined; head = leases.peek()) {
        if (head.live) {
          if (head.expiresAt > now) {
            horizon = Math.min(horizon, head.expiresAt);
            break;
          }
          head.live = false;
          bucket.live--;
          expired++;
          requeue(head.message, head.expiresAt);
        }
        leases.shift();
      }
      if (leases.size === 0 && bucket !== this.recent) this.buckets.delete(visibilityMs);
    }
    this.count -= expired;
    this.horizon = horizon;
    return expired;
  }

  /** Calls `visit` on the message of every outstanding lease. */
  forEachMessage(visit: (message: Message) => void): void {
    for (const bucket of this.buckets.values()) {
      bucket.leases.forEach((lease) => {
        if (lease.live) visit(lease.message);
      });
    }
  }

  /** Forgets every lease; their tokens become stale. */
  clear(): void {
    for (const bucket of this.buckets.values()) {
      bucket.leases.forEach((lease) => {
        lease.live = false;
      });
    }
    this.buckets.clear();
    this.recent = undefined;
    this.count = 0;
    this.horizon = Number.POSITIVE_INFINITY;
  }

  private find(token: number): HeldLease | undefined {
    for (const bucket of this.buckets.values()) {
      const lease = bucket.find(token);
      if (lease) return lease;
    }
    return undefined;
  }

  private use(visibilityMs: number): Bucket {
    let bucket = this.buckets.get(visibilityMs);
    if (bucket === undefined) {
      bucket = new Bucket(visibilityMs, this);
      this.buckets.set(visibilityMs, bucket);
    }
    // The bucket losing "recent" status may be empty; it was kept only while it was recent.
    if (this.recent && this.recent.leases.size === 0 && this.recent !== bucket) {
      this.buckets.delete(this.recent.visibilityMs);
    }
    this.recent = bucket;
    return bucket;
  }
}
