import type { Message } from "../model/message.js";
import type { ConnectionStats } from "../result/result.js";

/** Result of one delivery of one message to one recipient. */
export type DeliveryOutcome =
  | { readonly status: "delivered" }
  | FailedOutcome
  | { readonly status: "timed_out" };

/** A delivery that failed, with what the receiver said about trying again. */
export interface FailedOutcome {
  readonly status: "failed";
  readonly reason: string;
  /**
   * Not before this many ms (an HTTP `Retry-After`): the message's next attempt waits at least
   * this long, and at most the retry policy's longest backoff.
   */
  readonly retryAfterMs?: number;
  /**
   * The failure will not heal by trying again (an HTTP 4xx other than 429): the message is
   * dead-lettered at once, whatever attempts it has left.
   */
  readonly final?: boolean;
}

/** What a failed outcome may add: see {@link FailedOutcome}. */
export interface FailureHints {
  readonly retryAfterMs?: number;
  readonly final?: boolean;
}

/** Shared outcome object for successes, so a fast core allocates nothing per delivery. */
export const DELIVERED: DeliveryOutcome = Object.freeze({ status: "delivered" });

/** Shared outcome object for timeouts. */
export const TIMED_OUT: DeliveryOutcome = Object.freeze({ status: "timed_out" });

/** Outcome of a failed delivery with its reason, and what the receiver said about retrying. */
export function failed(reason: string, hints?: FailureHints): DeliveryOutcome {
  return { status: "failed", reason, ...hints };
}

/**
 * The system under test: whatever takes a message and hands it to a recipient. The mock core
 * simulates one; a user's own core is loaded from a module that exports this shape (see
 * `core/module.ts`).
 *
 * `deliver` may return the outcome directly (a synchronous core costs no promise) or a promise
 * of it. A throw or a rejection counts as a failed delivery with the error's message as reason.
 */
export interface DeliveryCore {
  /** Shown in results; defaults to the module path or `mock`. */
  readonly name?: string;
  /** Called once before the first delivery. */
  init?(): void | Promise<void>;
  /** Deliver `message` to the agent named `recipient`. */
  deliver(message: Message, recipient: string): DeliveryOutcome | PromiseLike<DeliveryOutcome>;
  /** Called once after the last delivery. */
  close?(): void | Promise<void>;
  /** What a core that keeps connections saw of them, for the result; read after the run. */
  connections?(): ConnectionStats;
}
