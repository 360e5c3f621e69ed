import type { Message } from "../model/message.js";

/**
 * A message handed out by {@link QueueDriver.lease}. The holder must settle it exactly once with
 * `ack`, `nack` or `deadLetter`; a lease that is not settled within the visibility timeout is
 * handed out again (at-least-once delivery).
 */
export interface Lease {
  readonly message: Message;
  /** Identifies this hand-out; a settle call with a stale token (the lease expired) is ignored. */
  readonly token: number;
}

/** What a queue holds right now. */
export interface QueueDepth {
  /** Ready to be leased now. */
  readonly ready: number;
  /** Waiting for their retry time. */
  readonly delayed: number;
  /** Leased and not yet settled. */
  readonly leased: number;
  /** Moved to the dead-letter list. */
  readonly deadLettered: number;
}

/** A message that exhausted its attempts, with the reason of its last failure. */
export interface DeadLetter {
  readonly message: Message;
  readonly error: string;
}

/** Options of {@link QueueDriver.lease}. */
export interface LeaseOptions {
  /** Wait up to this long for a message when none is ready (long poll). Default 0. */
  readonly waitMs?: number;
  /** Visibility timeout of these leases; the driver's default when absent. */
  readonly visibilityMs?: number;
}

/**
 * Storage behind the pipeline. Every driver passes the conformance suite in
 * `test/conformance/queue-conformance.ts`:
 *
 * - higher `priority` first, FIFO within a priority;
 * - `enqueuedAt` is stamped whenever a message becomes ready: on enqueue, when its retry comes
 *   due, and when its lease expires (queue wait counts only time spent ready);
 * - `enqueue` waits while the queue holds `capacity` messages (backpressure) and reports how
 *   often it had to wait;
 * - lease / ack / nack give at-least-once delivery, and a lease that outlives its visibility
 *   timeout is handed out again;
 * - every hand-out counts in `attempts`: `lease` returns a message whose `attempts` includes
 *   this hand-out, and one whose lease expired counts as well as one that was settled, so a
 *   message whose deliveries always outlast the visibility timeout still runs out of attempts;
 * - memory held is bounded by `capacity`, not by how many messages ever passed through.
 */
export interface QueueDriver {
  /** Short name for results, for example `memory`. */
  readonly name: string;
  /** Most messages held at once (ready + delayed + leased); `Infinity` when unbounded. */
  readonly capacity: number;

  /**
   * Add messages in order. Resolves once every message is accepted, waiting for space while the
   * queue is full. Resolves to the number of times it had to wait (saturation events).
   */
  enqueue(messages: readonly Message[]): Promise<number>;

  /**
   * Hand out up to `max` ready messages, highest priority first, each with `attempts` counting
   * every hand-out so far, this one included.
   */
  lease(max: number, options?: LeaseOptions): Promise<Lease[]>;

  /** Remove delivered messages for good. */
  ack(leases: readonly Lease[]): Promise<void>;

  /**
   * Return a message for another attempt no earlier than `retryAt` (epoch ms). The message
   * object carries its updated `attempts`, `recipients` and `lastError`.
   */
  nack(lease: Lease, retryAt: number): Promise<void>;

  /** Move a message that will not be retried to the dead-letter list. */
  deadLetter(lease: Lease, error: string): Promise<void>;

  /** Up to `limit` dead letters, oldest first. */
  deadLetters(limit: number): Promise<DeadLetter[]>;

  /**
   * Every message the queue still holds (ready, delayed, leased; not dead letters), in no
   * particular order. The end-of-run audit reads it to tell still-pending messages from stale
   * copies of settled ones; it is bounded by `capacity`.
   */
  snapshot(): Promise<Message[]>;

  /** Current contents by state. */
  depth(): Promise<QueueDepth>;

  /** Epoch ms when the earliest delayed message becomes ready, or undefined if none. */
  nextRetryAt(): Promise<number | undefined>;

  /** Release resources; the driver is unusable afterwards. */
  close(): Promise<void>;
}

/** Total messages a queue still owes work on (everything but dead letters). */
export function outstanding(depth: QueueDepth): number {
  return depth.ready + depth.delayed + depth.leased;
}
