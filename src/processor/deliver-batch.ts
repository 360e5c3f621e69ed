import { inspect } from "node:util";
import type { DeliveryCore, DeliveryOutcome } from "../core/delivery-core.js";
import { TIMED_OUT } from "../core/delivery-core.js";
import { preciseTimer } from "../core/precise-sleep.js";
import { firstLine } from "../errors.js";
import type { Recorder } from "../metrics/recorder.js";
import type { Lease } from "../queue/driver.js";

/** How one leased message fared in its delivery round. */
export interface RoundOutcome {
  /** Recipients whose delivery failed; empty when every recipient has the message. */
  readonly failedRecipients: string[];
  /** Reason of the last failure in this round. */
  lastError: string | undefined;
  /** Slowest delivery of this round, ms. */
  slowestMs: number;
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
 * time, recording every attempt. A core that answers synchronously is driven without a single
 * promise per delivery: the first worker simply runs through the whole batch.
 */
export async function deliverRound(
  leases: readonly Lease[],
  core: DeliveryCore,
  recorder: Recorder,
  options: RoundOptions,
): Promise<RoundOutcome[]> {
  const outcomes: RoundOutcome[] = leases.map(() => ({
    failedRecipients: [],
    lastError: undefined,
    slowestMs: 0,
  }));
  let leaseIndex = 0;
  let recipientIndex = 0;
  let remaining = 0;
  for (const lease of leases) remaining += lease.message.recipients.length;
  const { now, timeout } = options;

  const worker = async (): Promise<void> => {
    while (leaseIndex < leases.length) {
      const index = leaseIndex;
      const message = (leases[index] as Lease).message;
      const recipient = message.recipients[recipientIndex];
      if (++recipientIndex >= message.recipients.length) {
        recipientIndex = 0;
        leaseIndex++;
      }
      if (recipient === undefined) continue;
      const started = now();
      let outcome: DeliveryOutcome;
      try {
        const answer = core.deliver(message, recipient);
        outcome = isThenable(answer) ? await settle(answer, timeout) : answer;
      } catch (error) {
        outcome = { status: "failed", reason: firstLine(error) };
      }
      const ms = now() - started;
      const round = outcomes[index] as RoundOutcome;
      if (ms > round.slowestMs) round.slowestMs = ms;
      const status = outcome?.status;
      const ok = status === "delivered";
      recorder.attempt(message, recipient, ok, status === "timed_out", ms);
      if (!ok) {
        round.failedRecipients.push(recipient);
        round.lastError = failureReason(outcome);
      }
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
  return outcomes;
}

function isThenable(value: unknown): value is PromiseLike<DeliveryOutcome> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
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

/** Reason text of a non-delivered outcome; a malformed outcome is a failure that says so. */
function failureReason(outcome: DeliveryOutcome | undefined): string {
  if (outcome?.status === "failed") return outcome.reason || "failed";
  if (outcome?.status === "timed_out") return "timed out";
  // inspect, not JSON.stringify: a circular or BigInt-holding outcome must not crash the run.
  return `core returned an invalid outcome: ${inspect(outcome, { depth: 1, breakLength: Number.POSITIVE_INFINITY })}`;
}
