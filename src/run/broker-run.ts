import type { RunConfig, RunSettings } from "../config/run-settings.js";
import { ConfigError, firstLine, RuntimeError } from "../errors.js";
import type { Recorder } from "../metrics/recorder.js";
import type { SettledRecord } from "../model/settled-record.js";
import type { SettledElsewhere } from "../processor/processor.js";
import { outstanding, type QueueDriver } from "../queue/driver.js";
import type { RunLedger, SavedRun } from "../queue/ledger.js";
import { parseQueueSpec } from "../queue/queue-spec.js";
import { type BrokerQueueSpec, isBrokerQueue, openRunLedger } from "../queue/run-ledger.js";
import { redactQueueUrl } from "../queue/url-redaction.js";
import { nowMs } from "../util/clock.js";
import type { MessageGenerator } from "../workload/generator.js";
import { loadPlan } from "../workload/load-plan.js";
import { type ResumeNotes, resumeFrom } from "./resume.js";
import { mergeResumed } from "./resume-config.js";

/** Longest wait for a resumed queue to hand over every message it counts, ms. */
const SNAPSHOT_WAIT_MS = 5_000;
const SNAPSHOT_POLL_MS = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A broker run to resume: its configuration as it applies now, and what the broker kept. */
export interface BrokerResume {
  readonly config: RunConfig;
  readonly saved: SavedRun;
}

/**
 * Read the run a broker kept beside the queue `settings` name, for `--resume`: its saved
 * configuration under the settings that apply on resume (see `mergeResumed`).
 *
 * @throws {ConfigError} when the broker keeps no run for that queue, or the run it keeps has
 * every planned message settled already: nothing to resume.
 * @throws {RuntimeError} when the broker cannot be reached.
 */
export async function readBrokerResume(settings: RunSettings): Promise<BrokerResume> {
  const spec = brokerSpec(settings.queue);
  const ledger = await openRunLedger(spec);
  let saved: SavedRun | undefined;
  try {
    saved = await ledger.saved();
  } finally {
    await ledger.close();
  }
  if (saved === undefined) {
    throw new ConfigError(
      `${ledger.describe} holds no run to resume (a run that began there and was stopped before its end leaves one; queue purge forgets it)`,
    );
  }
  const config = mergeResumed(settings, { ...(JSON.parse(saved.config) as RunConfig) });
  const planned = loadPlan(config).most;
  if (saved.outcomes.length >= planned) {
    throw new ConfigError(
      `the run kept in ${ledger.describe} ended with all ${planned} message(s) settled: nothing to resume`,
    );
  }
  return { config: { ...config, queue: settings.queue as string }, saved };
}

/**
 * A run on a broker (NATS, RabbitMQ, BullMQ, PostgreSQL, Redis Streams) and its run ledger
 * beside the queue: begun afresh with the run's configuration, or read to resume the run an
 * earlier process left. The processor keeps every final outcome in it before the broker hears
 * of the message's end (see `RunLedger`).
 */
export class BrokerRun {
  private constructor(
    private readonly ledger: RunLedger,
    /** What the broker kept of the run this one resumes; undefined for a fresh run. */
    private readonly resumed: SavedRun | undefined,
  ) {}

  /**
   * Open the ledger of `queue`'s broker. A fresh run (no `resumed`) forgets any earlier run
   * there and keeps `config`; call it once the driver has found the queue free of an earlier
   * run's messages.
   */
  static async open(
    queue: string,
    config: RunConfig,
    resumed: SavedRun | undefined,
  ): Promise<BrokerRun> {
    const ledger = await openRunLedger(brokerSpec(queue));
    try {
      // The queue URL's password stays out of the broker: the rerun names the queue itself.
      const kept = { ...config, queue: redactQueueUrl(config.queue) };
      if (resumed === undefined) await ledger.begin(JSON.stringify(kept));
      return new BrokerRun(ledger, resumed);
    } catch (error) {
      await ledger.close();
      throw error;
    }
  }

  /**
   * For a resumed run, what the broker held when this process opened it, read before any
   * lease (a driver that resumes has already given the killed process's leases back, or will
   * when their visibility timeout lapses: either way they are among the messages held).
   */
  async found(queue: QueueDriver): Promise<Found | undefined> {
    if (this.resumed === undefined) return undefined;
    // A driver that consumes (RabbitMQ) holds a message once the broker has pushed it: wait,
    // briefly, until every message the queue counts is in hand.
    const until = nowMs() + SNAPSHOT_WAIT_MS;
    let [held, depth] = await Promise.all([queue.snapshot(), queue.depth()]);
    while (held.length < outstanding(depth) && nowMs() < until) {
      await sleep(SNAPSHOT_POLL_MS);
      [held, depth] = await Promise.all([queue.snapshot(), queue.depth()]);
    }
    const settled = new Set(this.resumed.outcomes.map((record) => record.seq));
    let highestSeq = -1;
    let alreadySettled = 0;
    for (const message of held) {
      highestSeq = Math.max(highestSeq, message.seq);
      if (settled.has(message.seq)) alreadySettled++;
    }
    return {
      highestSeq,
      held: held.length,
      counted: outstanding(depth),
      alreadySettled,
      deadLettered: depth.deadLettered,
    };
  }

  /**
   * For a resumed run, bring the generator and the recorder to where the killed process left
   * off. Every message it handed over is still in the broker or has an outcome in the ledger
   * (kept before the broker was told), so the highest sequence number of either says how many
   * it handed over; the producer makes only the rest.
   */
  catchUp(
    found: Found | undefined,
    generator: MessageGenerator,
    recorder: Recorder,
    notes: Omit<ResumeNotes, "leasedWhenStopped">,
  ): string[] {
    if (this.resumed === undefined || found === undefined) return [];
    const { outcomes } = this.resumed;
    const highest = Math.max(found.highestSeq, outcomes.at(-1)?.seq ?? -1);
    const lines = resumeFrom(
      { handedOver: highest + 1, outcomes, requeuedDeadLetters: 0 },
      generator,
      recorder,
      { ...notes, leasedWhenStopped: 0 },
    );
    lines.push(
      `${this.ledger.describe} kept ${outcomes.length} outcome(s) of the earlier part; the broker held ${found.held} message(s) and ${found.deadLettered} dead letter(s) at the resume. A delivery the earlier part made but had not kept an outcome for when it stopped is made again: its recipient may have it twice, and no figure here counts that`,
    );
    if (found.counted > found.held) {
      lines.push(
        `the broker counted ${found.counted} message(s) but handed ${found.held} over to be read within ${SNAPSHOT_WAIT_MS / 1000} s: any of the others made after the highest sequence number read are made again, and counted as duplicates`,
      );
    }
    if (found.alreadySettled > 0) {
      lines.push(
        `${found.alreadySettled} message(s) the broker held had an outcome kept already (the earlier part stopped between keeping it and telling the broker): each counts once, by that outcome, and the copy as a duplicate`,
      );
    }
    return lines;
  }

  /** Keeps a batch's final outcomes; the processor awaits it before the broker is told. */
  readonly keepOutcomes = async (records: SettledRecord[]): Promise<SettledElsewhere> => {
    try {
      await this.ledger.record(records);
    } catch (error) {
      // A broker that went away fails the run in one line, as its queue would, never as an
      // internal error: each ledger names its broker's faults itself where it can.
      if (error instanceof RuntimeError || error instanceof ConfigError) throw error;
      throw new RuntimeError(
        `the run ledger of ${this.ledger.describe} failed: ${firstLine(error)}`,
      );
    }
    // Only this process settles this run's messages.
    return undefined;
  };

  /** Release the ledger's connection. */
  close(): Promise<void> {
    return this.ledger.close();
  }
}

/** What a resumed run found in the broker before its first lease. */
export interface Found {
  /** Highest sequence number among the messages queued; -1 when none. */
  readonly highestSeq: number;
  /** Messages queued (ready, delayed, leased) and read. */
  readonly held: number;
  /** Messages the queue counts: more than `held` when some could not be read in time. */
  readonly counted: number;
  /** Queued messages that have an outcome kept already: stale copies, duplicates. */
  readonly alreadySettled: number;
  readonly deadLettered: number;
}

function brokerSpec(queue: string | undefined): BrokerQueueSpec {
  const spec = parseQueueSpec(queue ?? "memory");
  if (!isBrokerQueue(spec)) throw new Error("a broker run on a queue that is not a broker's");
  return spec;
}
