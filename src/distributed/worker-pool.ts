import type { ChildProcess } from "node:child_process";
import { RuntimeError } from "../errors.js";
import type { Recorder } from "../metrics/recorder.js";
import type { Consumer, ConsumerControl } from "../processor/consumer.js";
import type { ProcessorTimes } from "../processor/times.js";
import { outstanding, type QueueDriver } from "../queue/driver.js";
import type { WorkerStats } from "../result/result.js";
import type { LiveWorker } from "./live-workers.js";
import { spawnLocalWorker } from "./local-worker-process.js";
import type { RunPhase, WorkerInfo } from "./protocol.js";
import { ReportMerger } from "./report-merger.js";
import type { RunStore } from "./run-store.js";
import type { StandingWorkers } from "./standing-workers.js";
import { BEAT_EVERY_MS, coordinatorBeatTtlMs, RUN_KEYS_KEEP_MS } from "./timing.js";

/** How often the coordinator reads reports and looks at the workers. */
const POLL_MS = 200;
/** Say how to join once no worker has joined for this long. */
const LONELY_AFTER_MS = 3000;
/** Local workers have this long to start and join. */
const JOIN_TIMEOUT_MS = 30_000;
const JOIN_POLL_MS = 50;
/** A stopped run waits this long for its workers' final reports. */
const STOP_GRACE_MS = 30_000;

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** The queue URL with credentials, handed to the local workers in their environment. */
  readonly url: string;
  /** The run's queue stream, which the coordinator holds while it beats. */
  readonly stream: string;
  /** Local worker processes to start; more may join from other machines. */
  readonly spawn: number;
  /** The run's visibility timeout: how long a worker that went quiet may still come back. */
  readonly visibilityMs: number;
  /** The run's `heartbeat`: a worker quiet this long is lost, and the coordinator beats for twice it. */
  readonly heartbeatMs: number;
  /** The run's OTLP collector, password included, handed to the local workers in their environment. */
  readonly otlpUrl?: string | undefined;
  /**
   * Where the pool says what it is doing; undefined for a run that says nothing as it goes,
   * whose local workers then keep their routine lines to themselves too.
   */
  readonly say: ((line: string) => void) | undefined;
  /**
   * Worker processes that serve one run after another, in place of `spawn` new ones: they
   * are told of this run instead (a capacity search's steps; see standing-workers.ts).
   */
  readonly standing?: StandingWorkers | undefined;
}

/** What the workers added up to, for the result. */
export interface PoolOutcome {
  readonly workers: WorkerStats[];
  readonly warnings: string[];
  /** Distinct messages settled, from the run store; undefined when it could not be read. */
  readonly settledDistinct: number | undefined;
  /** True when every worker stopped with work left: the run ended early. */
  readonly gaveUp: boolean;
}

/**
 * The coordinator's side of a distributed run, in place of a processor: it starts the local
 * workers, tells every worker when the last message is queued (or the run stops), adds their
 * reports into the run's recorder as they come, notices workers that stop beating, and waits
 * until the queue is empty and every worker has finished or is lost.
 */
export class WorkerPool implements Consumer {
  private readonly merger: ReportMerger;
  private readonly children: ChildProcess[] = [];
  private running = 0;
  private phase: RunPhase = "producing";
  private known: WorkerInfo[] = [];
  /** Workers that stopped beating, and when they were found so. */
  private readonly lost = new Map<string, number>();
  private beatAt = 0;
  private readonly warnings: string[] = [];
  private gaveUp = false;

  constructor(
    private readonly store: RunStore,
    private readonly queue: QueueDriver,
    private readonly recorder: Recorder,
    private readonly options: WorkerPoolOptions,
  ) {
    this.merger = new ReportMerger(recorder);
  }

  /** Processor time of all workers, summed. */
  get times(): ProcessorTimes {
    return this.merger.times;
  }

  /**
   * Every worker that has joined so far, its state and what it has reported: as of the last
   * look (every 200 ms), without asking Redis.
   */
  live(): LiveWorker[] {
    return this.merger.live(this.known, (id) => this.lost.has(id));
  }

  /** Start the local workers, or tell the standing ones of this run. */
  async start(): Promise<void> {
    const { standing } = this.options;
    if (standing !== undefined) await standing.serve(this.store.runId);
    else for (let i = 0; i < this.options.spawn; i++) this.spawnWorker();
    const join = `swarm-stress worker --queue URL --run ${this.store.runId}`;
    this.say(
      this.options.spawn > 0
        ? `run ${this.store.runId}: ${this.options.spawn} local worker(s) ${standing ? "serve it" : "started"}; more can join with ${join}`
        : `run ${this.store.runId}: waiting for workers; start them with ${join}`,
    );
  }

  /**
   * Wait until the local workers have joined, so that the run's clock does not count their
   * start-up as queue wait. Throws a RuntimeError when they exit or take too long.
   */
  async waitForLocalWorkers(): Promise<void> {
    const deadline = Date.now() + JOIN_TIMEOUT_MS;
    for (;;) {
      // Workers slow to start on a busy machine must not find the coordinator's beat lapsed.
      await this.beat();
      const joined = (await this.store.workers()).length;
      if (joined >= this.options.spawn) return;
      if (this.localRunning() === 0) {
        throw new RuntimeError(
          `${this.options.spawn - joined} local worker(s) exited before joining the run (their errors are above)`,
        );
      }
      if (Date.now() > deadline) {
        throw new RuntimeError(
          `only ${joined} of ${this.options.spawn} local workers joined within ${JOIN_TIMEOUT_MS / 1000} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, JOIN_POLL_MS));
    }
  }

  /** Until the work is done, or stopped and every worker has said its last. */
  async run(control: ConsumerControl): Promise<void> {
    const startedAt = Date.now();
    let stoppedAt: number | undefined;
    let saidLonely = false;
    for (;;) {
      await this.beat();
      await this.absorbReports();
      if (this.phase === "producing" && control.producerDone()) await this.setPhase("produced");
      if (control.stopRequested() && this.phase !== "stopped") {
        await this.setPhase("stopped");
        stoppedAt = Date.now();
      }
      await this.lookAtWorkers();
      const settledIn = this.known.every((w) => this.merger.finished(w.id) || this.lost.has(w.id));
      if (this.phase === "stopped") {
        if (settledIn || Date.now() - (stoppedAt ?? 0) > STOP_GRACE_MS) return;
      } else if (this.phase === "produced" && this.known.length > 0 && settledIn) {
        if (outstanding(await this.queue.depth()) === 0) return;
      }
      if (
        this.known.length > 0 &&
        this.localRunning() === 0 &&
        this.aliveCount() === 0 &&
        this.lostForGood()
      ) {
        // Nobody is left to deliver: end the run with the rest reported as pending.
        this.gaveUp = true;
        this.warnings.push(
          "every worker stopped before the work was done: the rest is reported as pending",
        );
        return;
      }
      if (!saidLonely && this.known.length === 0 && Date.now() - startedAt > LONELY_AFTER_MS) {
        saidLonely = true;
        this.say(`run ${this.store.runId}: no worker has joined yet`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Read the last reports and take the run store's count of final outcomes, which holds also
   * what a lost worker settled but never reported.
   */
  async reconcile(): Promise<PoolOutcome> {
    await this.absorbReports();
    await this.lookAtWorkers();
    const outcomes = await this.store.outcomes();
    const reported = this.recorder.counts();
    const unreported =
      outcomes.delivered + outcomes.deadLettered - reported.delivered - reported.deadLettered;
    const lost = this.known.filter((w) => !this.merger.finished(w.id));
    if (lost.length > 0) {
      this.warnings.push(
        `${lost.length} worker(s) stopped beating without a final report (${lost.map((w) => w.id).join(", ")}): their leased messages were handed to others; ${unreported} outcome(s) they settled after their last report are counted from the run store, without latencies or delivery attempts; their per-agent latencies are missing too, since those come in a worker's final report`,
      );
    } else if (unreported !== 0) {
      this.warnings.push(
        `the workers reported ${reported.delivered + reported.deadLettered} final outcomes, the run store counted ${outcomes.delivered + outcomes.deadLettered}: the store's count is used`,
      );
    }
    for (const [worker, n] of this.merger.missing) {
      this.warnings.push(`${n} report(s) of worker ${worker} never arrived`);
    }
    this.recorder.setOutcomes(outcomes);
    return {
      workers: this.merger.rows(this.known),
      warnings: [...this.warnings, ...this.merger.warnings()],
      settledDistinct: outcomes.settled,
      gaveUp: this.gaveUp,
    };
  }

  /**
   * What is known without asking Redis, after a fault took it away: the workers' reports merged
   * so far. Outcomes settled after a worker's last report, and the distinct count only the run
   * store keeps, are unknown.
   */
  partial(): PoolOutcome {
    return {
      workers: this.merger.rows(this.known),
      warnings: [...this.warnings, ...this.merger.warnings()],
      settledDistinct: undefined,
      gaveUp: this.gaveUp,
    };
  }

  /** Stop local workers that are still running (after a failure of the coordinator). */
  kill(): void {
    // SIGKILL: a worker still starting (loading its core) would only stop at a batch boundary.
    for (const child of this.children) if (child.exitCode === null) child.kill("SIGKILL");
    this.options.standing?.kill();
  }

  /** Local worker processes that have not exited. */
  private localRunning(): number {
    return this.options.standing?.running ?? this.running;
  }

  private async setPhase(phase: RunPhase): Promise<void> {
    this.phase = phase;
    await this.store.setPhase(phase);
  }

  private async absorbReports(): Promise<void> {
    for (;;) {
      const reports = await this.store.newReports();
      for (const report of reports) this.merger.add(report);
      if (reports.length === 0) return;
    }
  }

  private async lookAtWorkers(): Promise<void> {
    this.known = await this.store.workers();
    const pending = this.known.filter((w) => !this.merger.finished(w.id));
    const alive = await this.store.alive(pending.map((w) => w.id));
    for (const worker of pending) {
      if (alive.has(worker.id)) {
        // A worker that stalled (a long pause, a partition) and beats again is back.
        if (this.lost.delete(worker.id)) this.say(`worker ${worker.id} is back`);
        continue;
      }
      if (this.lost.has(worker.id)) continue;
      // A final report may have landed after the reports were read: read once more first.
      await this.absorbReports();
      if (this.merger.finished(worker.id)) continue;
      this.lost.set(worker.id, Date.now());
      this.say(`worker ${worker.id} stopped beating; its leased messages go to the others`);
    }
  }

  /**
   * Whether the lost workers have been quiet long enough not to come back: a worker that only
   * stalled beats again well within its visibility timeout.
   */
  private lostForGood(): boolean {
    // Workers quiet for less than this (or the visibility timeout) may still come back.
    const patience = Math.max(
      this.options.visibilityMs,
      coordinatorBeatTtlMs({ heartbeat: this.options.heartbeatMs }),
    );
    const latest = Math.max(0, ...this.lost.values());
    return Date.now() - latest > patience;
  }

  /** Renew the coordinator's heartbeat, its hold on the stream and its keys, once a second. */
  private async beat(): Promise<void> {
    if (Date.now() - this.beatAt < BEAT_EVERY_MS) return;
    this.beatAt = Date.now();
    await this.store.beatAsCoordinator(
      this.options.stream,
      coordinatorBeatTtlMs({ heartbeat: this.options.heartbeatMs }),
      RUN_KEYS_KEEP_MS,
    );
  }

  private aliveCount(): number {
    return this.known.filter((w) => !this.merger.finished(w.id) && !this.lost.has(w.id)).length;
  }

  private say(line: string): void {
    this.options.say?.(line);
  }

  private spawnWorker(): void {
    const child = spawnLocalWorker(this.store.runId, {
      url: this.options.url,
      otlpUrl: this.options.otlpUrl,
      quiet: this.options.say === undefined,
    });
    this.running++;
    child.once("exit", () => {
      this.running--;
    });
    child.once("error", (error) => {
      this.warnings.push(`a local worker could not start: ${error.message}`);
    });
    this.children.push(child);
  }
}
