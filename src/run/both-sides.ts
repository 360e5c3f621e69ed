import { settledWithin } from "../util/within.js";
import type { ProducerReport } from "../workload/producer.js";
import type { FaultRecord } from "./fault.js";

/** What {@link bothSidesEnded} needs of the run besides its two sides. */
export interface SidesOfRun {
  /** True once the producer has ended. */
  readonly producerDone: () => boolean;
  /** Aborted to stop the run. */
  readonly stop: AbortController;
  /** Where a fault that stops the run is kept. */
  readonly faults: FaultRecord;
  /** The run's warnings; the fault is said there. */
  readonly warnings: string[];
  /** How long the other side gets to wind down after one failed. */
  readonly windDownMs: number;
}

/**
 * Wait until the producer and the consumer have both ended, and return the producer's report;
 * when a fault stopped the run, the report is left for the caller to work out (undefined).
 */
export async function bothSidesEnded(
  producing: Promise<ProducerReport>,
  consuming: Promise<void>,
  run: SidesOfRun,
): Promise<ProducerReport | undefined> {
  const { stop, faults, warnings } = run;
  // Consumption can end first only when nobody is left to deliver (a distributed run's
  // workers all gone): the producer, perhaps waiting on a full queue, stops too.
  consuming.then(
    () => {
      if (!run.producerDone()) stop.abort();
    },
    () => {},
  );
  // When one side fails, the other is cut off by the queue closing; its rejection then is
  // expected, and the first failure is the one reported.
  producing.catch(() => {});
  consuming.catch(() => {});
  try {
    const [report] = await Promise.all([producing, consuming]);
    return report;
  } catch (error) {
    warnings.push(`stopped by a fault: ${faults.stoppedBy(error).reason}`);
    stop.abort();
    // The other side stops at its next step, or fails on the same fault; a side stuck on a
    // queue that no longer answers must not hold the partial result back.
    await settledWithin(Promise.allSettled([producing, consuming]), run.windDownMs);
    return undefined;
  }
}
