import type { RunConfig } from "../config/run-settings.js";
import {
  type Coordination,
  closeCoordination,
  coordinate,
  storeOutcomes,
} from "../distributed/coordinator.js";
import type { LiveWorker } from "../distributed/live-workers.js";
import type { StandingWorkers } from "../distributed/standing-workers.js";
import type { PoolOutcome } from "../distributed/worker-pool.js";
import type { Recorder } from "../metrics/recorder.js";
import type { Consumer } from "../processor/consumer.js";
import type { QueueDriver } from "../queue/driver.js";
import type { SettledView } from "../queue/inventory.js";
import type { WorkerStats } from "../result/result.js";
import type { FaultRecord } from "./fault.js";
import type { RunPlan } from "./run-plan.js";

/**
 * A run spread over worker processes through Redis: the workers deliver and report here, where
 * the worker pool stands in for the processor and the run store has the last word on outcomes.
 */
export class DistributedPlan implements RunPlan {
  readonly chaos = undefined;
  readonly onEnqueued = undefined;
  private coordination: Coordination | undefined;
  private pooled: PoolOutcome | undefined;

  constructor(
    private readonly config: RunConfig,
    private readonly recorder: Recorder,
    /** Where the run says what it is doing; undefined to say nothing. */
    private readonly say: ((line: string) => void) | undefined,
    /** The run's id when made already (an exporting run's metrics carry it); else one is made. */
    private readonly runId?: string | undefined,
    /** Worker processes that serve this run and others, in place of starting its own. */
    private readonly standing?: StandingWorkers | undefined,
  ) {}

  async open(): Promise<void> {
    this.coordination = await coordinate(
      this.config,
      this.recorder,
      this.say,
      this.runId,
      this.standing,
    );
  }

  get queue(): QueueDriver {
    return this.coordinated().queue;
  }

  catchUp(): string[] {
    return [];
  }

  consumer(): Consumer {
    return this.coordinated().pool;
  }

  async conclude(faults: FaultRecord): Promise<readonly string[]> {
    const { pool } = this.coordinated();
    try {
      this.pooled = await pool.reconcile();
    } catch (error) {
      faults.couldNotLearn(
        error,
        "outcomes workers settled after their last report, and how many distinct messages settled: the run store could not be read",
      );
      this.pooled = pool.partial();
    }
    return this.pooled.warnings;
  }

  get settled(): (seqs: readonly number[]) => Promise<SettledView> {
    return storeOutcomes(this.coordinated());
  }

  async finishRecording(): Promise<undefined> {
    return undefined;
  }

  settledDistinct(): number | undefined {
    return this.pooled?.settledDistinct;
  }

  get gaveUp(): boolean {
    return this.pooled?.gaveUp === true;
  }

  /** The core the configuration names, which every worker loads. */
  get coreName(): string {
    return this.config.core;
  }

  /** The cores run in the workers, whose connections no report carries yet. */
  readonly connections = undefined;

  /** The workers as the pool last saw them; read only once the run is open. */
  readonly liveWorkers = (): readonly LiveWorker[] => this.coordinated().pool.live();

  get workers(): readonly WorkerStats[] | undefined {
    return this.pooled?.workers;
  }

  async close(failed: boolean): Promise<undefined> {
    if (this.coordination) await closeCoordination(this.coordination, failed);
    return undefined;
  }

  private coordinated(): Coordination {
    if (this.coordination === undefined) throw new Error("the run is used before it is open");
    return this.coordination;
  }
}
