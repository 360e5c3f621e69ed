import {
  DELIVERED,
  type DeliveryCore,
  type DeliveryOutcome,
  type FailureHints,
} from "../delivery/delivery-core.js";
import type { Recorder } from "../metrics/recorder.js";
import type { Message } from "../model/message.js";
import type { Lease } from "../queue/driver.js";
import { isThenable } from "../util/thenable.js";
import type { Breather } from "./breather.js";
import { type CoreTime, callMs, preciseNow } from "./core-time.js";
import { capped, failureHints, failureReason, thrownReason } from "./outcome-reason.js";
import {
  isNativePromise,
  type SettledAnswer,
  SettlementEar,
  settledAnswer,
} from "./promised-answer.js";
import { StartGate } from "./start-gate.js";
import { SyncRun } from "./sync-run.js";

/**
 * How each leased message of a batch fared in its delivery round, by position in the batch.
 * One instance serves batch after batch, so a batch in which everything succeeds allocates
 * nothing here.
 */
export class RoundResults {
  /** Slowest delivery of each message's round, ms. */
  slowestMs = new Float64Array(64);
  /** When each message's last delivery of the round ended (its own, not the batch's), epoch ms. */
  endedAt = new Float64Array(64);
  /** Recipients whose delivery failed, per message; undefined when all have it. */
  readonly failedRecipients: (string[] | undefined)[] = [];
  /** Reason of the last failure in each message's round. */
  readonly lastError: (string | undefined)[] = [];
  /** Longest wait a receiver asked for before the next attempt, per message, ms. */
  readonly retryAfterMs: (number | undefined)[] = [];
  /** Whether a receiver said the message's failure will not heal, per message. */
  readonly final: (boolean | undefined)[] = [];

  /** Each worker's run of synchronous deliveries, by worker number, made on first use. */
  private readonly runs: SyncRun[] = [];

  /** Worker `number`'s {@link SyncRun}, kept from batch to batch. */
  syncRun(number: number): SyncRun {
    let run = this.runs[number];
    if (run === undefined) {
      run = new SyncRun();
      this.runs[number] = run;
    }
    return run;
  }

  /** Clear the first `size` entries for a new batch. */
  reset(size: number): void {
    if (this.slowestMs.length < size) {
      this.slowestMs = new Float64Array(size * 2);
      this.endedAt = new Float64Array(size * 2);
    }
    this.slowestMs.fill(0, 0, size);
    this.endedAt.fill(0, 0, size);
    this.failedRecipients.length = 0;
    this.lastError.length = 0;
    this.retryAfterMs.length = 0;
    this.final.length = 0;
  }

  /**
   * Note that delivering message `index` to `recipient` failed with `reason`, and what the
   * receiver said about retrying: the longest wait any recipient asked for counts, and one
   * recipient's final failure makes the message's.
   */
  fail(index: number, recipient: string, reason: string, hints?: FailureHints): void {
    const failed = this.failedRecipients[index];
    if (failed) failed.push(recipient);
    else this.failedRecipients[index] = [recipient];
    this.lastError[index] = reason;
    if (hints === undefined) return;
    const wait = hints.retryAfterMs;
    if (wait !== undefined && !((this.retryAfterMs[index] ?? -1) >= wait)) {
      this.retryAfterMs[index] = wait;
    }
    if (hints.final) this.final[index] = true;
  }
}

/** Settings of one delivery round. */
export interface RoundOptions {
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** A delivery still pending after this many ms counts as timed out. */
  readonly timeout: number | undefined;
  /** The processor's clock, epoch ms: each message's end is given on it. */
  readonly now: () => number;
  /** Where the core's time goes, apart from the harness's. */
  readonly coreTime: CoreTime;
  /** Keeps the event loop turning through a long round. */
  readonly breather: Breather;
}

/**
 * Deliver every leased message to each of its remaining recipients, at most `concurrency` at a
 * time, recording every attempt into `recorder` and every outcome into `results`.
 *
 * Each delivery is timed on the core's side only: from just before the call to its return, or,
 * for a promise, to the moment the promise itself settles. So that moment is seen when it
 * happens, no call starts while an answer already settled may still be waiting to say so (a
 * core that works synchronously before its first await): starts wait a few microtask turns
 * after each promised answer. A core that answers synchronously costs no promise at all: the
 * first worker simply runs through the whole batch.
 *
 * One clock reading per delivery, not two, while calls answer synchronously with `DELIVERED`:
 * the reading that ends one call starts the next, and what is done for each delivery waits
 * until the run of such calls ends (see {@link SyncRun}). Each window then holds what it held
 * with two readings (the call, and one reading's cost, which {@link callMs} takes off) and
 * besides only the run's own step: comparing the answer, adding the call to the run's total,
 * keeping the reading, taking the next delivery of the run's plan (made before its first
 * reading, like the choice of each call's message and recipient with two readings). Once
 * optimised that is a few nanoseconds, within the spread of a reading's own cost and a
 * hundredth of the microsecond the figures are kept at, so every delivery's time, every
 * message's end and the core's share of the run stay the same figures. An answer of any other
 * kind (a promise, a failure, a throw) ends the run and is dealt with on its own, as before.
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
  const { timeout, coreTime, breather } = options;
  const now = preciseNow;
  // Deliveries are timed on the precise clock and their ends given on the processor's.
  const toEpoch = options.now() - now();
  const slowest = results.slowestMs;
  const endedAt = results.endedAt;
  const workers = Math.max(1, Math.min(options.concurrency, remaining));
  /** Shut while settled answers are being heard, or the loop breathes: no delivery starts. */
  const gate = new StartGate();

  /** Account for the deliveries of `run`, which all answered `DELIVERED`. */
  const settleRun = (run: SyncRun): void => {
    for (let at = 0; at < run.size; at++) {
      const index = run.index(at);
      const ended = run.endedAt(at);
      const ms = callMs(run.started(at), ended);
      if (ms > (slowest[index] as number)) slowest[index] = ms;
      if (ended + toEpoch > (endedAt[index] as number)) endedAt[index] = ended + toEpoch;
      recorder.attempt(run.message(at), run.recipient(at), true, false, ms);
    }
  };

  /**
   * The rest of a delivery whose call answered `value` (or threw it), other than synchronously
   * with `DELIVERED`, once it has ended: from `started` to `ended`.
   */
  const settleOne = (
    index: number,
    message: Message,
    recipient: string,
    value: unknown,
    threw: boolean,
    started: number,
    ended: number,
  ): void => {
    // Everything read from the core's answer is read inside the try: a status getter or a
    // reason that throws is the core's failure, never the run's.
    let status: unknown;
    let reason: string | undefined;
    let hints: FailureHints | undefined;
    if (threw) {
      status = "failed";
      reason = thrownReason(value);
    } else {
      try {
        const outcome = value as DeliveryOutcome | undefined;
        status = outcome?.status;
        if (status !== "delivered") {
          reason = failureReason(outcome);
          hints = failureHints(outcome);
        }
      } catch (error) {
        status = "failed";
        reason = thrownReason(error);
      }
    }
    const ms = callMs(started, ended);
    if (ms > (slowest[index] as number)) slowest[index] = ms;
    if (ended + toEpoch > (endedAt[index] as number)) endedAt[index] = ended + toEpoch;
    const ok = status === "delivered";
    recorder.attempt(message, recipient, ok, status === "timed_out", ms);
    if (!ok) results.fail(index, recipient, capped(reason ?? "failed"), hints);
  };

  const worker = async (number: number): Promise<void> => {
    // Made on a worker's first promise: most of a synchronous core's workers never deliver.
    let ear: SettlementEar | undefined;
    const run = results.syncRun(number);
    for (;;) {
      while (gate.shut) await gate.wait();
      const planned = run.plan(leases, leaseIndex, recipientIndex);
      if (planned === 0) {
        // Only missing recipients were left.
        leaseIndex = leases.length;
        recipientIndex = 0;
        gate.leave();
        return;
      }
      // No breath can come due, and no other worker run, until this run of calls ends.
      const breathAt = breather.dueAfter - toEpoch;
      let started = now();
      run.startedAt = started;
      let busyMs = 0;
      let longestMs = 0;
      let done = 0;
      let pending = false;
      let value: unknown;
      let threw = false;
      let ended = started;
      while (done < planned) {
        try {
          value = core.deliver(run.message(done), run.recipient(done));
        } catch (error) {
          value = error;
          threw = true;
        }
        ended = now();
        if (threw || value !== DELIVERED) {
          // Dealt with below, on its own.
          pending = true;
          break;
        }
        const ms = callMs(started, ended);
        busyMs += ms;
        if (ms > longestMs) longestMs = ms;
        run.delivered(done++, ended);
        started = ended;
        if (ended > breathAt) break;
      }
      run.size = done;
      if (pending || done === planned) run.adapt(!pending);
      // The round goes on after the last call made; before anything asynchronous, since
      // another worker may be added while this one waits.
      const last = pending ? done : done - 1;
      leaseIndex = run.leaseAfterDelivery(last);
      recipientIndex = run.recipientAfterDelivery(last);
      const ran = done > 0;
      if (ran) coreTime.ranSyncRun(busyMs, longestMs);
      if (pending) {
        const index = run.index(done);
        const message = run.message(done);
        const recipient = run.recipient(done);
        let promised = false;
        let native = false;
        // Outside the call's window: a `then` getter is read here, not charged to the core.
        if (!threw) {
          try {
            promised = isThenable(value);
            native = promised && isNativePromise(value);
          } catch (error) {
            value = error;
            threw = true;
          }
        }
        if (promised) {
          coreTime.began(started, ended);
          // Alone, no other call can start before this answer is heard.
          if (workers > 1) {
            gate.startedPromise();
            // Every worker running now waits on an answer: one more may take the next start.
            if (added < workers && leaseIndex < leases.length) addWorker();
          }
          let settled: SettledAnswer;
          if (native && timeout === undefined) {
            ear ??= new SettlementEar(now);
            await ear.hear(value as Promise<unknown>);
            settled = ear;
          } else {
            settled = await settledAnswer(
              value as PromiseLike<DeliveryOutcome>,
              timeout,
              now,
              started,
            );
          }
          coreTime.ended(settled.at);
          ({ value, threw } = settled);
          ended = settled.at;
        } else {
          coreTime.ranSync(started, ended);
        }
        settleOne(index, message, recipient, value, threw, started, ended);
      }
      if (ran) settleRun(run);
      const breath = breather.due(ended + toEpoch);
      if (breath !== undefined) gate.breathe(breath);
    }
  };

  /**
   * Workers are added one at a time, each when every worker before it waits on a promised
   * answer: a synchronous core's first worker runs through the whole batch, and one that
   * stopped to let the loop breathe goes on afterwards, with no others made to wait with it.
   */
  const running: Promise<void>[] = [];
  let added = 0;
  const addWorker = (): void => {
    const working = worker(added++);
    // Awaited below in order; marked handled now so a later one failing first is no stray.
    working.catch(() => {});
    running.push(working);
  };
  addWorker();
  // Workers added meanwhile are awaited too: each is added before the one adding it ends.
  for (let i = 0; i < running.length; i++) await running[i];
}
