import { inspect } from "node:util";
import type { DeliveryOutcome } from "../delivery/delivery-core.js";
import { firstLine } from "../errors.js";

/**
 * Reason text of a non-delivered outcome; a malformed outcome is a failure that says so. May
 * throw (a hostile getter): the caller reads it inside its try.
 */
export function failureReason(outcome: DeliveryOutcome | undefined): string {
  if (outcome?.status === "failed") {
    const reason: unknown = outcome.reason;
    if (typeof reason === "string") return reason || "failed";
    return `core returned a failure whose reason is not text: ${describe(reason)}`;
  }
  if (outcome?.status === "timed_out") return "timed out";
  return `core returned an invalid outcome: ${describe(outcome)}`;
}

/**
 * Longest failure reason kept, in characters. Reasons are counted by text, stored with each
 * retried message and dead letter, and printed: a core answering with megabytes must not
 * make every one of those hold megabytes.
 */
const MAX_REASON_LENGTH = 500;

export function capped(reason: string): string {
  if (reason.length <= MAX_REASON_LENGTH) return reason;
  return `${reason.slice(0, MAX_REASON_LENGTH)}… (${reason.length} characters)`;
}

/** Reason text of whatever a core threw, even a value whose message or conversion throws. */
export function thrownReason(error: unknown): string {
  try {
    return firstLine(error);
  } catch {
    return `core threw ${describe(error)}`;
  }
}

/**
 * A value as text, never throwing: `inspect`, not JSON.stringify, because a circular or
 * BigInt-holding value must not crash the run; getters are not called.
 */
function describe(value: unknown): string {
  try {
    return inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY, getters: false });
  } catch {
    return "a value that cannot be shown";
  }
}
