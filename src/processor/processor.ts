import type { DeliveryCore } from "../delivery/delivery-core.js";
import type { OutcomeLog } from "../metrics/outcome-log.js";
import type { Recorder } from "../metrics/recorder.js";
import type { Message } from "../model/message.js";
import type { SettledRecord } from "../model/settled-record.js";
import { type Lease, outstanding, type QueueDriver } from "../queue/driver.js";
import { preciseSleep } from "../util/precise-sleep.js";
import { Breather } from "./breather.js";
import type { Consumer, ConsumerControl } from "./consumer.js";
import { deliverRound, RoundResults } from "./deliver-batch.js";
import { mayRetry, type RetryPolicy, retryDelay } from "./retry.js";
import { type ProcessorTimes, TimeLedger } from "./times.js";

/** The processor's knobs, as in the original `process_queue(max_messages, batch_size, interval)`. */
export interface ProcessorOptions {
  /** Messages leased per batch. */
  readonly batchSize: number;
  /** Deliveries in flight at once within a batch. */
  readonly concurrency: number;
  /** Pause after each batch, ms (0: none). */
  readonly interval: number;
  /** Per-delivery timeout, ms. */
  readonly timeout: number | undefined;
  /** Visibility timeout of each lease, ms. */
  readonly visibilityMs: number;
  readonly retry: RetryPolicy;
  readonly now: () => number;
  /**
   * Keeps final outcomes somewhere durable. Called with each batch's settled messages before
   * the queue is told, so that a crash in between repeats a delivery rather than losing one.
   * Where several processes share the work (a distributed run), it may answer with the
   * messages another process had already settled: those count as duplicates here, not again.
   */
  readonly persist?: (records: SettledRecord[]) => SettledElsewhere | Promise<SettledElsewhere>;
}

/** Messages another process had already settled, with their outcome; undefined for none. */
export type SettledElsewhere = ReadonlyMap<number, SettledRecord["outcome"]> | undefined;

/** How long an empty lease waits for new work before the loop looks around again. */
const IDLE_WAIT_MS = 20;

/**
 * Takes batches from the queue, delivers them through the core, and settles every message:
 * acked when every recipient has it, sent back with a backoff when some failed, dead-lettered
 * once its attempts are spent. Nothing is dropped and no failure counts as a delivery.
 */
export class Processor implements Consumer {
  constructor(
    private readonly queue: QueueDriver,
    private readonly core: DeliveryCore,
    private readonly recorder: Recorder,
    private readonly options: ProcessorOptions,
    private readonly log?: OutcomeLog,
  ) {
    this.breather = new Breather(options.now);
    this.ledger = new TimeLedger(options.now);
  }

  private readonly results = new RoundResults();
  private readonly ledger: TimeLedger;
  private readonly breather: Breather;

  /** Where the wall time went so far (up to the end of processing, once it ended). */
  get times(): ProcessorTimes {
    return this.ledger.times();
  }

  /** Process until the producer is done and the queue is empty, or a stop is requested. */
  async run(control: ConsumerControl): Promise<void> {
    this.ledger.start();
    try {
      await this.loop(control);
    } finally {
      this.ledger.end();
    }
  }

  private async loop(control: ConsumerControl): Promise<void> {
    const { batchSize, interval, visibilityMs, now } = this.options;
    const breather = this.breather;
    let waitMs = IDLE_WAIT_MS;
    for (;;) {
      const leases = await this.queue.lease(batchSize, { waitMs, visibilityMs });
      waitMs = IDLE_WAIT_MS;
      const leasedAt = now();
      if (leases.length === 0) {
        if (!control.producerDone()) continue;
        if (control.stopRequested()) return;
        if (outstanding(await this.queue.depth()) === 0) return;
        continue;
      }
      await this.processBatch(leases, leasedAt);
      if (control.producerDone()) {
        // No pause after the last batch: it would only add idle time to the run.
        if (control.stopRequested()) return;
        if (leases.length === batchSize && !(interval > 0)) {
          // A full batch says more may be waiting: the next lease, which does not wait, finds
          // out, and when it comes back empty the depth says whether the run is over. Asking
          // the depth after every batch cost a broker a round trip a batch: a closed run on
          // Redis in batches of 4 moved 6,400 msg/s with it and 8,200 without.
          waitMs = 0;
        } else if (outstanding(await this.queue.depth()) === 0) {
          return;
        }
      }
      const pausedAt = now();
      const pause = preciseSleep(interval);
      if (pause) {
        breather.rested(await this.ledger.paused(pausedAt, pause));
      } else {
        const breath = breather.due(pausedAt);
        if (breath) await breath;
      }
    }
  }

  private async processBatch(handedOut: readonly Lease[], leasedAt: number): Promise<void> {
    const { now, concurrency, timeout } = this.options;
    const recorder = this.recorder;
    const maxAttempts = this.options.retry.maxAttempts;
    let exhausted = false;
    let anySettled = false;
    // One pass over the batch (indexed: it runs for every message of a firehose): the leases of
    // messages already settled are left out, and only the others count as leased.
    for (let i = 0; i < handedOut.length; i++) {
      const message = (handedOut[i] as Lease).message;
      if (recorder.isSettled(message.seq)) {
        anySettled = true;
        continue;
      }
      // The queue counts hand-outs in attempts, this one included: a hand-out past the last
      // attempt means earlier ones expired unsettled (deliveries outlasting the visibility
      // timeout), and the message goes to the dead letters instead of round again.
      if (message.attempts > maxAttempts) exhausted = true;
      recorder.leased(message, leasedAt);
    }
    // Nothing settles between that pass and this call: it leaves out the same leases.
    let leases = anySettled ? await this.dropSettled(handedOut) : handedOut;
    if (exhausted) {
      const spent = leases.filter((lease) => lease.message.attempts > maxAttempts);
      leases = leases.filter((lease) => lease.message.attempts <= maxAttempts);
      await this.deadLetterSpent(spent, leasedAt);
      if (leases.length === 0) return;
    }
    const results = this.results;
    const coreTime = this.ledger.core;
    const round = { concurrency, timeout, now, coreTime, breather: this.breather };
    await deliverRound(leases, this.core, this.recorder, round, results);
    this.ledger.batches++;
    const elsewhere = this.options.persist
      ? await this.options.persist(this.settledRecords(leases))
      : undefined;
    // Most batches succeed whole: then the batch itself is the list to acknowledge.
    const anyFailed = results.failedRecipients.length > 0;
    const wholeBatch = !anyFailed && (elsewhere === undefined || elsewhere.size === 0);
    const acks: Lease[] = wholeBatch ? (leases as Lease[]) : [];
    for (let i = 0; i < leases.length; i++) {
      const lease = leases[i] as Lease;
      if (elsewhere !== undefined && (await this.settledFirstElsewhere(lease, elsewhere, acks))) {
        continue;
      }
      const failed = results.failedRecipients[i];
      const slowestMs = results.slowestMs[i] as number;
      // Each message ends at its own last delivery, not at the end of its batch.
      const settledAt = results.endedAt[i] as number;
      if (failed === undefined) {
        if (this.recorder.delivered(lease.message, settledAt)) {
          this.logOutcome(lease.message, "delivered", settledAt, leasedAt, slowestMs);
        }
        if (!wholeBatch) acks.push(lease);
      } else {
        const error = results.lastError[i] ?? "failed";
        const asked = { retryAfterMs: results.retryAfterMs[i], final: results.final[i] === true };
        await this.settleFailure(lease, failed, error, asked, settledAt, leasedAt, slowestMs);
      }
    }
    if (acks.length > 0) await this.queue.ack(acks);
    // A log that failed keeps its error for close(), where the runner reports it; the run
    // itself goes on, since the outcomes are still counted.
    if (this.log?.needsDrain) await this.log.drain().catch(() => {});
  }

  /**
   * Dead-letter, without delivering, messages handed out more often than they may be attempted:
   * their earlier hand-outs expired before they settled. Recorded as durable outcomes first,
   * like every other final outcome.
   */
  private async deadLetterSpent(spent: readonly Lease[], at: number): Promise<void> {
    const reasons = spent.map(({ message }) => {
      const handOuts = message.attempts - 1;
      const last = message.lastError === undefined ? "" : `; last error: ${message.lastError}`;
      return `its ${handOuts} hand-out(s) all outlasted the visibility timeout${last}`;
    });
    // A copy settled elsewhere in the meantime is only a duplicate here, as in a round.
    const elsewhere = this.options.persist
      ? await this.options.persist(
          spent.map(({ message: { seq, type, sender } }, i) => ({
            seq,
            type,
            sender,
            outcome: "dead_lettered" as const,
            error: reasons[i] as string,
          })),
        )
      : undefined;
    const acks: Lease[] = [];
    for (let i = 0; i < spent.length; i++) {
      const lease = spent[i] as Lease;
      if (elsewhere !== undefined && (await this.settledFirstElsewhere(lease, elsewhere, acks))) {
        continue;
      }
      const error = reasons[i] as string;
      lease.message.lastError = error;
      await this.queue.deadLetter(lease, error);
      if (this.recorder.deadLettered(lease.message, error, at)) {
        this.logOutcome(lease.message, "dead_lettered", at, at, 0, error);
      }
    }
    if (acks.length > 0) await this.queue.ack(acks);
  }

  /**
   * True, after counting a duplicate and settling the copy in the queue, when another process
   * had already settled this lease's message (a distributed run's store said so).
   */
  private async settledFirstElsewhere(
    lease: Lease,
    elsewhere: NonNullable<SettledElsewhere>,
    acks: Lease[],
  ): Promise<boolean> {
    const outcome = elsewhere.get(lease.message.seq);
    if (outcome === undefined) return false;
    this.recorder.settledElsewhere(lease.message.seq, outcome);
    await this.settleCopy(lease, acks);
    return true;
  }

  /** The messages of this batch that reach their final outcome now. */
  private settledRecords(leases: readonly Lease[]): SettledRecord[] {
    const records: SettledRecord[] = [];
    const { failedRecipients, lastError, final } = this.results;
    leases.forEach(({ message }, i) => {
      const { seq, type, sender } = message;
      if (failedRecipients[i] === undefined) {
        records.push({ seq, type, sender, outcome: "delivered" });
      } else if (final[i] === true || !mayRetry(this.options.retry, message.attempts)) {
        records.push({
          seq,
          type,
          sender,
          outcome: "dead_lettered",
          error: lastError[i] ?? "failed",
        });
      }
    });
    return records;
  }

  /**
   * Acknowledge, without delivering again, messages that settled after their lease had expired
   * (the late ack was ignored as stale). Delivering them again would repeat forever whenever a
   * batch outlasts the visibility timeout.
   */
  private async dropSettled(leases: readonly Lease[]): Promise<readonly Lease[]> {
    const settled = leases.filter((lease) => this.recorder.alreadySettled(lease.message));
    const acks: Lease[] = [];
    for (const lease of settled) await this.settleCopy(lease, acks);
    await this.queue.ack(acks);
    return leases.filter((lease) => !settled.includes(lease));
  }

  /**
   * Settle in the queue a copy of a message whose outcome was already counted: a dead letter
   * whose earlier lease expired was not taken by the queue, so it goes there now (the queue's
   * dead-letter list stays complete); anything else joins `acks`.
   */
  private async settleCopy(lease: Lease, acks: Lease[]): Promise<void> {
    if (this.recorder.isDeadLettered(lease.message.seq)) {
      await this.queue.deadLetter(lease, lease.message.lastError ?? "failed");
    } else {
      acks.push(lease);
    }
  }

  private async settleFailure(
    lease: Lease,
    failedRecipients: string[],
    error: string,
    asked: { readonly retryAfterMs: number | undefined; readonly final: boolean },
    settledAt: number,
    leasedAt: number,
    slowestMs: number,
  ): Promise<void> {
    const message = lease.message;
    message.recipients = failedRecipients;
    message.lastError = error;
    const policy = this.options.retry;
    // A receiver that called the failure final is not asked again, whatever attempts are left.
    if (!asked.final && mayRetry(policy, message.attempts)) {
      this.recorder.retried();
      const delay = retryDelay(policy, message.seq, message.attempts, asked.retryAfterMs);
      await this.queue.nack(lease, settledAt + delay);
      return;
    }
    await this.queue.deadLetter(lease, error);
    if (this.recorder.deadLettered(message, error, settledAt)) {
      this.logOutcome(message, "dead_lettered", settledAt, leasedAt, slowestMs, error);
    }
  }

  private logOutcome(
    message: Message,
    outcome: "delivered" | "dead_lettered",
    settledAt: number,
    leasedAt: number,
    slowestMs: number,
    error?: string,
  ): void {
    this.log?.write({
      id: message.id,
      seq: message.seq,
      type: message.type,
      sender: message.sender,
      recipients: message.addressedTo,
      attempts: message.attempts,
      outcome,
      endToEndMs: settledAt - message.scheduledAt,
      queueWaitMs: leasedAt - message.enqueuedAt,
      deliveryMs: slowestMs,
      ...(error === undefined ? {} : { error, failedRecipients: message.recipients }),
    });
  }
}
