import type { Message } from "../model/message.js";

/** Result of one delivery of one message to one recipient. */
export type DeliveryOutcome =
  | { readonly status: "delivered" }
  | { readonly status: "failed"; readonly reason: string }
  | { readonly status: "timed_out" };

/** Shared outcome object for successes, so a fast core allocates nothing per delivery. */
export const DELIVERED: DeliveryOutcome = Object.freeze({ status: "delivered" });

/** Shared outcome object for timeouts. */
export const TIMED_OUT: DeliveryOutcome = Object.freeze({ status: "timed_out" });

/** Outcome of a failed delivery with its reason. */
export function failed(reason: string): DeliveryOutcome {
  return { status: "failed", reason };
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
}
