import { inspect } from "node:util";
import type { DeliveryOutcome, FailureHints } from "../delivery/delivery-core.js";
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
 * What a failed outcome said about retrying, keeping only what makes sense: a wait that is a
 * finite number of ms at least 0, and `final` only when it is `true`. May throw (a hostile
 * getter): the caller reads it inside its try.
 */
export function failureHints(outcome: DeliveryOutcome | undefined): FailureHints | undefined {
  if (outcome?.status !== "failed") return undefined;
  const wait: unknown = outcome.retryAfterMs;
  const retryAfterMs = typeof wait === "number" && wait >= 0 && wait < Infinity ? wait : undefined;
  const final = outcome.final === true;
  if (retryAfterMs === undefined && !final) return undefined;
  return { ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...(final ? { final } : {}) };
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
