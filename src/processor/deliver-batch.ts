import { inspect } from "node:util";
import type { DeliveryCore, DeliveryOutcome } from "../core/delivery-core.js";
import { TIMED_OUT } from "../core/delivery-core.js";
import { preciseTimer } from "../core/precise-sleep.js";
import { firstLine } from "../errors.js";
import type { Recorder } from "../metrics/recorder.js";
import type { Lease } from "../queue/driver.js";
import { isThenable } from "../util/thenable.js";

/**
 * How each leased message of a batch fared in its delivery round, by position in the batch.
 * One instance serves batch after batch, so a batch in which everything succeeds allocates
 * nothing here.
 */
export class RoundResults {
  /** Slowest delivery of each message's round, ms. */
  slowestMs = new Float64Array(64);
  /** Recipients whose delivery failed, per message; undefined when all have it. */
  readonly failedRecipients: (string[] | undefined)[] = [];
  /** Reason of the last failure in each message's round. */
  readonly lastError: (string | undefined)[] = [];

  /** Clear the first `size` entries for a new batch. */
  reset(size: number): void {
    if (this.slowestMs.length < size) this.slowestMs = new Float64Array(size * 2);
    this.slowestMs.fill(0, 0, size);
    this.failedRecipients.length = 0;
    this.lastError.length = 0;
  }

  /** Note that delivering message `index` to `recipient` failed with `reason`. */
  fail(index: number, recipient: string, reason: string): void {
    const failed = this.failedRecipients[index];
    if (failed) failed.push(recipient);
    else this.failedRecipients[index] = [recipient];
    this.lastError[index] = reason;
  }
}

/** Settings of one delivery round. */
export interface RoundOptions {
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** A delivery still pending after this many ms counts as timed out. */
  readonly timeout: number | undefined;
  readonly now: () => number;
}

/**
 * Deliver every leased message to each of its remaining recipients, at most `concurrency` at a
 * time, recording every attempt into `recorder` and every outcome into `results`. A core that
 * answers synchronously is driven without a single promise per delivery: the first worker
 * simply runs through the whole batch.
 */
export async function deliverRound(
  leases: readonly Lease[],
  core: DeliveryCore,
  recorder: Recorder,
  options: RoundOptions,
  results: RoundResults,
): Promise<void> {
  results.reset(leases.length);
  let leaseIndex = 0;
  let recipientIndex = 0;
  let remaining = 0;
  for (const lease of leases) remaining += lease.message.recipients.length;
  const { now, timeout } = options;
  const slowest = results.slowestMs;

  const worker = async (): Promise<void> => {
    // One clock read per delivery: a delivery's end is the next one's start. The bookkeeping
    // in between (tens of nanoseconds) is charged to the next delivery.
    let started = now();
    while (leaseIndex < leases.length) {
      const index = leaseIndex;
      const message = (leases[index] as Lease).message;
      const recipient = message.recipients[recipientIndex];
      if (++recipientIndex >= message.recipients.length) {
        recipientIndex = 0;
        leaseIndex++;
      }
      if (recipient === undefined) continue;
      // Everything read from the core's answer is read inside the try: a status getter or a
      // reason that throws is the core's failure, never the run's.
      let status: unknown;
      let reason: string | undefined;
      try {
        const answer = core.deliver(message, recipient);
        const outcome = isThenable(answer) ? await settle(answer, timeout) : answer;
        status = outcome?.status;
        if (status !== "delivered") reason = failureReason(outcome);
      } catch (error) {
        status = "failed";
        reason = thrownReason(error);
      }
      const ended = now();
      const ms = ended - started;
      started = ended;
      if (ms > (slowest[index] as number)) slowest[index] = ms;
      const ok = status === "delivered";
      recorder.attempt(message, recipient, ok, status === "timed_out", ms);
      if (!ok) results.fail(index, recipient, capped(reason ?? "failed"));
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency, remaining));
  if (workers === 1) {
    await worker();
  } else {
    const running: Promise<void>[] = [];
    for (let i = 0; i < workers; i++) running.push(worker());
    await Promise.all(running);
  }
}

/** Await the core's answer, or give up after `timeout` ms (honoured below a millisecond). */
async function settle(
  answer: PromiseLike<DeliveryOutcome>,
  timeout: number | undefined,
): Promise<DeliveryOutcome> {
  if (timeout === undefined) return await answer;
  let cancel: (() => void) | undefined;
  const expiry = new Promise<DeliveryOutcome>((resolve) => {
    cancel = preciseTimer(timeout, () => resolve(TIMED_OUT));
  });
  try {
    return await Promise.race([answer, expiry]);
  } finally {
    cancel?.();
  }
}

/**
 * Reason text of a non-delivered outcome; a malformed outcome is a failure that says so. May
 * throw (a hostile getter): the caller reads it inside its try.
 */
function failureReason(outcome: DeliveryOutcome | undefined): string {
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

function capped(reason: string): string {
  if (reason.length <= MAX_REASON_LENGTH) return reason;
  return `${reason.slice(0, MAX_REASON_LENGTH)}… (${reason.length} characters)`;
}

/** Reason text of whatever a core threw, even a value whose message or conversion throws. */
function thrownReason(error: unknown): string {
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
