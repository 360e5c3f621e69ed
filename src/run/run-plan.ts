import type { Chaos } from "../delivery/chaos.js";
import type { LiveWorker } from "../distributed/live-workers.js";
import type { Consumer } from "../processor/consumer.js";
import type { QueueDriver } from "../queue/driver.js";
import type { SettledView } from "../queue/inventory.js";
import type { ConnectionStats, WorkerStats } from "../result/result.js";
import type { MessageGenerator } from "../workload/generator.js";
import type { FaultRecord } from "./fault.js";

/**
 * How a run is carried out: in this process (`LocalPlan`) or spread over worker processes
 * (`DistributedPlan`). A plan opens what the run needs, hands the runner a queue to fill
 * and a consumer to empty it, and says at the end what only it knows. Its members are
 * listed in the order a run comes to them.
 */
export interface RunPlan {
  /** Open the queue and whatever consumes it. What it opened before a failure, close undoes. */
  open(): Promise<void>;
  /** The queue the producer fills; open once {@link RunPlan.open} has returned. */
  readonly queue: QueueDriver;
  /**
   * Bring the generator and the run's recorder to where an interrupted earlier part left off;
   * returns lines for the result's warnings (none for a fresh run).
   */
  catchUp(generator: MessageGenerator): readonly string[];
  /** The run's consumer; built when the run begins, since its clocks start with it. */
  consumer(): Consumer;
  /** Told the producer's count once the queue has taken a chunk, where a run keeps it. */
  readonly onEnqueued: ((nextSeq: number) => void) | undefined;
  /**
   * Once consumption is over: gather what the consumer side still has to say; returns lines for
   * the warnings. What it cannot learn because of an environment fault goes to `faults`.
   */
  conclude(faults: FaultRecord): Promise<readonly string[]>;
  /** Which messages settled, for telling stale copies in the queue from pending messages. */
  readonly settled: SettledView | ((seqs: readonly number[]) => Promise<SettledView>);
  /** Close the record file; a line for the warnings when recording failed. */
  finishRecording(): Promise<string | undefined>;
  /** The chaos of a chaos run, which the producer's waits on the shrunk queue add to. */
  readonly chaos: Chaos | undefined;
  /** Distinct messages settled, read at the audit; undefined when it could not be learnt. */
  settledDistinct(): number | undefined;
  /** The core's name, for the result. */
  readonly coreName: string;
  /** True when consumption gave up with work left (every worker gone): the run ended early. */
  readonly gaveUp: boolean;
  /**
   * A distributed run's workers as they stand, read once a second while the run goes on;
   * undefined for a run in this process.
   */
  readonly liveWorkers: (() => readonly LiveWorker[]) | undefined;
  /** Per-worker rows of a distributed run; undefined for a run in this process. */
  readonly workers: readonly WorkerStats[] | undefined;
  /** What the core saw of its connections, when it keeps any (in this process). */
  readonly connections: ConnectionStats | undefined;
  /**
   * Close everything the plan opened, each step on its own, also after a failure (`failed`);
   * returns a line for the warnings when the core's close went wrong.
   */
  close(failed: boolean): Promise<string | undefined>;
}
