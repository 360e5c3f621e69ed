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
    /** The hand-out that made it, for settling it without a search. */
    readonly handOut: HandOut,
  ) {}
}

/** Below this many leases a hand-out keeps its settled ones rather than compacting. */
const COMPACT_FLOOR = 64;

/**
 * The leases one `lease` call made: handed out at one moment with one visibility timeout, so
 * they lapse together, and numbered with consecutive tokens. The table tracks hand-outs, not
 * single leases: a batch of a thousand costs one entry in its bucket and one expiry, where a
 * lease of its own in the bucket cost an entry to add and one to remove for every message.
 */
class HandOut {
  /**
   * Its leases in token order: the lease with token `firstToken + i` at `i` while `dense`.
   * Settled ones stay (flagged) until they are three quarters of them; then only the live
   * ones are kept, still in token order, and found by binary search.
   */
  leases: HeldLease[];
  private dense = true;
  live = 0;

  constructor(
    readonly firstToken: number,
    /** Epoch ms at which its leases lapse and their messages are due again. */
    readonly expiresAt: number,
    /** The bucket that holds it. */
    readonly bucket: Bucket,
    size: number,
  ) {
    this.leases = new Array<HeldLease>(size);
  }

  /** The lease for `message`, the hand-out's next (`at`, from 0). */
  add(message: Message, at: number): HeldLease {
    const lease = new HeldLease(message, this.firstToken + at, this);
    this.leases[at] = lease;
    this.live++;
    return lease;
  }

  /** The live lease with `token`, if this hand-out made it. */
  find(token: number): HeldLease | undefined {
    const leases = this.leases;
    if (this.dense) {
      const lease = leases[token - this.firstToken];
      return lease?.live ? lease : undefined;
    }
    let low = 0;
    let high = leases.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const lease = leases[middle] as HeldLease;
      if (lease.token === token) return lease.live ? lease : undefined;
      if (lease.token < token) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /**
   * One of its leases was settled: keep only the live ones once they are a quarter, and none
   * once none is live (a settled hand-out may wait in its bucket behind a live one, and must
   * not keep its messages meanwhile).
   */
  settledOne(): void {
    this.live--;
    const leases = this.leases;
    if (this.live === 0) {
      this.leases = [];
      this.dense = false;
    } else if (leases.length > COMPACT_FLOOR && leases.length > 4 * this.live) {
      this.leases = leases.filter((lease) => lease.live);
      this.dense = false;
    }
  }
}

/**
 * Hand-outs of one visibility timeout, in hand-out order, which for one timeout and a clock
 * that does not run backwards is also expiry order and token order. Settled hand-outs stay in
 * place until they reach the head or a compaction drops them.
 */
class Bucket {
  readonly handOuts = new Deque<HandOut>();
  /** Live leases. */
  live = 0;
  /** Hand-outs with a live lease. */
  liveHandOuts = 0;

  constructor(
    readonly visibilityMs: number,
    /** The table it belongs to: a lease from another queue must not settle here. */
    readonly table: LeaseTable,
  ) {}

  /** The live lease with `token`: binary search for its hand-out, then within it. */
  find(token: number): HeldLease | undefined {
    const handOuts = this.handOuts;
    let low = 0;
    let high = handOuts.size - 1;
    // The last hand-out whose first token is at most `token`.
    let found: HandOut | undefined;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const handOut = handOuts.at(middle) as HandOut;
      if (handOut.firstToken <= token) {
        found = handOut;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found?.find(token);
  }

  /** Drop settled hand-outs at the head, and rebuild when settled ones fill most of the deque. */
  tidy(): void {
    const handOuts = this.handOuts;
    while (handOuts.size > 0 && (handOuts.peek() as HandOut).live === 0) handOuts.shift();
    // A long-lived lease at the head would otherwise pin every settled hand-out behind it.
    if (handOuts.size > 64 && handOuts.size > 4 * this.liveHandOuts) {
      const kept: HandOut[] = [];
      handOuts.forEach((handOut) => {
        if (handOut.live > 0) kept.push(handOut);
      });
      handOuts.clear();
      for (const handOut of kept) handOuts.push(handOut);
    }
  }
}

/**
 * Outstanding leases, arranged so that settling one costs a flag when the caller hands back the
 * lease it was given (a binary search when it hands back a copy), and finding expired ones
 * costs only the expired entries plus one.
 *
 * Leases are tracked by the hand-out that made them (see {@link HandOut}). Hand-outs with the
 * same visibility timeout share one {@link Bucket}; one with a different timeout goes to a
 * bucket of its own (created on demand, dropped once empty), keeping every bucket in expiry
 * order even when callers mix timeouts. Tokens are unique across buckets, so a token names one
 * lease: once it is settled or has expired, the token is stale.
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

  /**
   * Records a hand-out of `count` messages that lapses `visibilityMs` after `now`, taking each
   * message from `next` (called `count` times), and returns their leases in order.
   */
  addAll(count: number, next: () => Message, visibilityMs: number, now: number): Lease[] {
    const leases = new Array<Lease>(count);
    if (count === 0) return leases;
    const bucket =
      this.recent !== undefined && this.recent.visibilityMs === visibilityMs
        ? this.recent
        : this.use(visibilityMs);
    const expiresAt = now + visibilityMs;
    const handOut = new HandOut(this.nextToken, expiresAt, bucket, count);
    this.nextToken += count;
    for (let i = 0; i < count; i++) leases[i] = handOut.add(next(), i);
    bucket.handOuts.push(handOut);
    bucket.live += count;
    bucket.liveHandOuts++;
    this.count += count;
    if (expiresAt < this.horizon) this.horizon = expiresAt;
    return leases;
  }

  /** Settles the hand-out `lease` names; false when its token is unknown or stale. */
  remove(lease: Lease): boolean {
    const held = lease instanceof HeldLease ? lease : this.find(lease.token);
    if (held === undefined || !held.live) return false;
    const handOut = held.handOut;
    const bucket = handOut.bucket;
    if (bucket.table !== this) return false;
    held.live = false;
    handOut.settledOne();
    bucket.live--;
    if (--this.count === 0) this.horizon = Number.POSITIVE_INFINITY;
    if (handOut.live === 0) {
      bucket.liveHandOuts--;
      const handOuts = bucket.handOuts;
      if (handOuts.peek() === handOut || handOuts.size > 4 * bucket.liveHandOuts + 64) {
        bucket.tidy();
      }
    }
    return true;
  }

  /** A lower bound on the earliest expiry (`Infinity` when no lease is outstanding). */
  earliestExpiry(): number {
    return this.horizon;
  }

  /**
   * Removes every lease that has expired by `now` (expiry is inclusive: a lease is expired at
   * its `expiresAt`) and passes its message and expiry time to `requeue`, in token order.
   * Returns how many expired.
   */
  reap(now: number, requeue: (message: Message, expiredAt: number) => void): number {
    if (now < this.horizon) return 0;
    let expired = 0;
    let horizon = Number.POSITIVE_INFINITY;
    for (const [visibilityMs, bucket] of this.buckets) {
      const handOuts = bucket.handOuts;
      for (let head = handOuts.peek(); head !== undefined; head = handOuts.peek()) {
        if (head.live > 0) {
          if (head.expiresAt > now) {
            horizon = Math.min(horizon, head.expiresAt);
            break;
          }
          for (const lease of head.leases) {
            if (!lease.live) continue;
            lease.live = false;
            expired++;
            bucket.live--;
            requeue(lease.message, head.expiresAt);
          }
          head.live = 0;
          bucket.liveHandOuts--;
        }
        handOuts.shift();
      }
      if (handOuts.size === 0 && bucket !== this.recent) this.buckets.delete(visibilityMs);
    }
    this.count -= expired;
    this.horizon = horizon;
    return expired;
  }

  /** Calls `visit` on the message of every outstanding lease. */
  forEachMessage(visit: (message: Message) => void): void {
    for (const bucket of this.buckets.values()) {
      bucket.handOuts.forEach((handOut) => {
        for (const lease of handOut.leases) if (lease.live) visit(lease.message);
      });
    }
  }

  /** Forgets every lease; their tokens become stale. */
  clear(): void {
    for (const bucket of this.buckets.values()) {
      bucket.handOuts.forEach((handOut) => {
        for (const lease of handOut.leases) lease.live = false;
        handOut.live = 0;
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
    if (this.recent && this.recent.handOuts.size === 0 && this.recent !== bucket) {
      this.buckets.delete(this.recent.visibilityMs);
    }
    this.recent = bucket;
    return bucket;
  }
}
