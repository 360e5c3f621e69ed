import { CHAOS_QUEUE_BATCHES, Chaos } from "../delivery/chaos.js";
import type { DeliveryCore } from "../delivery/delivery-core.js";
import { closeCore, initCore, openCore } from "../delivery/lifecycle.js";
import {
  type Coordination,
  closeCoordination,
  coordinate,
  storeOutcomes,
} from "../distributed/coordinator.js";
import type { PoolOutcome } from "../distributed/worker-pool.js";
import { ConfigError, firstLine, RuntimeError } from "../errors.js";
import { MessageGenerator } from "../generate/generator.js";
import { type ProducerLedger, type ProducerReport, produce } from "../generate/producer.js";
import { OutcomeLog } from "../metrics/outcome-log.js";
import { Recorder } from "../metrics/recorder.js";
import { Sampler } from "../metrics/sampler.js";
import { Timeline } from "../metrics/timeline.js";
import { agentNames } from "../model/agents.js";
import type { RunConfig } from "../model/config.js";
import type { MessageType } from "../model/message.js";
import { queueKindOf } from "../model/queue-kind.js";
import { Processor } from "../processor/processor.js";
import { processorOptions } from "../processor/processor-options.js";
import { outstanding, type QueueDriver } from "../queue/driver.js";
import { type QueueInventory, takeInventory } from "../queue/inventory.js";
import { openQueue } from "../queue/open-queue.js";
import { parseQueueSpec } from "../queue/queue-spec.js";
import { inspectQueue } from "../queue/sqlite/inspect.js";
import type { QueueFileClaim } from "../queue/sqlite/owner.js";
import { DurableRunState } from "../queue/sqlite/run-state.js";
import type { ChaosStats, RunResult } from "../result/result.js";
import { thresholdsFor } from "../thresholds/check-scope.js";
import { evaluateThresholds } from "../thresholds/evaluate.js";
import { firstLostThreshold } from "../thresholds/live-check.js";
import type { Threshold } from "../thresholds/threshold.js";
import { nowMs } from "../util/clock.js";
import { settledWithin, TOO_LATE } from "../util/within.js";
import { auditRun } from "./audit.js";
import { buildResult } from "./build-result.js";
import { describeEnvironment } from "./environment.js";
import { FaultRecord, handedOverBeforeFault } from "./fault.js";
import type { RunnerOptions } from "./options.js";
import { ProgressTracker } from "./progress-tracker.js";
import { resolveConfig } from "./resolve-config.js";
import { ignoredOnResume, resumedConfig, resumeFrom } from "./resume.js";

/** Messages the producer hands to the queue per call, at most. */
const PRODUCER_CHUNK = 256;

/**
 * How long a run stopped by a fault waits for its other side to wind down, and for the queue
 * to say what it holds, before it reports without them.
 */
const WIND_DOWN_MS = 5_000;

/** What one run is made of; built afresh by every `run()`. */
interface RunParts {
  /** The core delivering in this process; none for a distributed run (its workers have one). */
  readonly core: DeliveryCore | undefined;
  /** Set for a distributed run: its workers deliver, and report here. */
  readonly coordination: Coordination | undefined;
  readonly queue: QueueDriver;
  readonly recorder: Recorder;
  readonly chaos: Chaos | undefined;
  readonly log: OutcomeLog | undefined;
  /** Where a run on a durable queue keeps what it needs to be resumed. */
  readonly state: DurableRunState | undefined;
  /** For a resumed run: messages that were leased when the earlier part stopped. */
  readonly inFlightAtResume: number;
}

/**
 * The library's entry point: one configured stress run.
 *
 * ```ts
 * const result = await new StressTestRunner({ scenario: "failure", seed: 1 }).run();
 * console.log(result.throughput.messagesPerSec, result.latency.endToEnd.p99, result.audit.balanced);
 * ```
 *
 * Each `run()` builds its queue, core, recorder and sampler afresh, so a runner can run again
 * in the same process without carrying anything over.
 */
export class StressTestRunner {
  /** The resolved configuration: defaults, under the scenario, under the options. */
  readonly config: RunConfig;

  /** Throws a {@link ConfigError} with one line when a setting is invalid. */
  constructor(private readonly options: RunnerOptions = {}) {
    const {
      deliveryCore: _core,
      signal: _signal,
      onProgress: _progress,
      onNotice: _notice,
      resume,
      ...settings
    } = options;
    this.config = resume ? resumedConfig(settings) : resolveConfig(settings);
    this.thresholds = thresholdsFor(this.config);
    if (this.config.workers !== undefined) checkDistributable(this.config);
    this.ignoredOnResume = resume ? ignoredOnResume(settings) : [];
  }

  /** The configuration's thresholds, parsed and checked against it. */
  private readonly thresholds: readonly Threshold[];

  /** Settings given with `resume` that the saved configuration overrides. */
  private readonly ignoredOnResume: readonly string[];

  /**
   * Run to completion (or until `signal` aborts) and return the result. Rejects with a
   * {@link RuntimeError} when the core cannot be loaded or initialised; a failed audit is
   * reported in the result (`audit.balanced` false), not thrown. The core's `init` and `close`
   * are called once per run, also for a core passed as `deliveryCore`.
   */
  async run(): Promise<RunResult> {
    // A core whose init, deliveries or close never settle leaves Node nothing to wait for
    // (every other timer is unref'd), and the process would exit silently mid-run; this holds
    // it open until the run ends.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      return await this.runHeld();
    } finally {
      clearInterval(keepAlive);
    }
  }

  private async runHeld(): Promise<RunResult> {
    const config = this.config;
    const agents = agentNames(config.agents);
    const types = (Object.keys(config.types) as MessageType[]).filter(
      (type) => (config.types[type] ?? 0) > 0,
    );
    const chaos = config.chaos ? new Chaos(config.seed) : undefined;
    const recorder = new Recorder(agents, types);
    let queue: QueueDriver | undefined;
    let core: DeliveryCore | undefined;
    let log: OutcomeLog | undefined;
    let state: DurableRunState | undefined;
    let coordination: Coordination | undefined;
    let claim: QueueFileClaim | undefined;
    let failed = true;
    let result: RunResult | undefined;
    let closing: string | undefined;
    try {
      const spec = parseQueueSpec(config.queue);
      const path = spec.kind === "sqlite" ? spec.path : undefined;
      // Taken before anything looks at the file: a second run on it would wipe or resume this
      // run's state, and both would lose messages.
      claim = path === undefined ? undefined : await claimQueueFile(path, this.options.resume);
      // Read before the queue is opened for work, which may hand expired leases out again.
      const inFlightAtResume =
        this.options.resume && path !== undefined ? inspectQueue(path).depth.leased : 0;
      if (config.workers !== undefined) {
        coordination = await coordinate(config, recorder, this.options.onNotice ?? (() => {}));
        queue = coordination.queue;
      } else {
        queue = await openQueue({
          resume: this.options.resume === true,
          driver: config.queue,
          capacity: chaos
            ? Math.min(config.queueCapacity, CHAOS_QUEUE_BATCHES * config.batchSize)
            : config.queueCapacity,
          visibilityMs: config.visibilityTimeout,
        });
        core = this.options.deliveryCore ?? (await openCore(config, agents, chaos));
      }
      log = config.record ? await openLog(config.record) : undefined;
      state =
        path === undefined ? undefined : openRunState(path, config, this.options.resume === true);
      if (core) await initCore(core, config.initTimeout);
      result = await this.execute({
        core,
        coordination,
        queue,
        recorder,
        chaos,
        log,
        state,
        inFlightAtResume,
      });
      failed = false;
    } finally {
      state?.close();
      // Each step on its own: one failing must not leave the others undone.
      chaos?.release();
      await log?.close().catch(() => {});
      if (coordination) await closeCoordination(coordination, failed);
      else await queue?.close().catch(() => {});
      recorder.destroy();
      if (core) closing = await closeCore(core, config.closeTimeout);
      claim?.release();
    }
    return closing === undefined ? result : { ...result, warnings: [...result.warnings, closing] };
  }

  private async execute(parts: RunParts): Promise<RunResult> {
    const { core, coordination, queue, recorder, chaos, log, state, inFlightAtResume } = parts;
    const config = this.config;
    const generator = new MessageGenerator(config);
    const warnings: string[] = [];
    if (this.options.resume && state) {
      warnings.push(...resumeFrom(state, generator, recorder));
      if (this.ignoredOnResume.length > 0) {
        warnings.push(
          `ignored on resume, the saved configuration applies: ${this.ignoredOnResume.join(", ")}`,
        );
      }
      if (config.record) {
        warnings.push(`the record file ${config.record} holds only what settled after the resume`);
      }
      if (inFlightAtResume > 0) {
        warnings.push(
          `${inFlightAtResume} message(s) were being delivered when the earlier part stopped: they are delivered again, and their recipients may have them twice (at-least-once)`,
        );
      }
    }
    if (config.abortOnFail && this.thresholds.length === 0) {
      warnings.push("abortOnFail is on, but there are no thresholds for it to watch");
    }
    const stop = new AbortController();
    const consumer =
      coordination?.pool ??
      new Processor(
        queue,
        core as DeliveryCore,
        recorder,
        {
          ...processorOptions(config),
          ...(state
            ? {
                persist: (records) => {
                  state.recordOutcomes(records);
                  return undefined;
                },
              }
            : {}),
        },
        log,
      );
    let producerDone = false;
    // Processing starts before the run's clock: its span, the base of the harness's figures,
    // then covers the whole run, the producer's first chunk too.
    const processing = consumer.run({
      producerDone: () => producerDone,
      stopRequested: () => stop.signal.aborted,
    });
    const startedAt = nowMs();
    const timeline = new Timeline(startedAt);
    const progress = new ProgressTracker(startedAt, generator.total, recorder, timeline);
    const { onProgress, signal } = this.options;
    let reportProgress = onProgress;
    const sampler = new Sampler({
      readDepth: async () => outstanding(await queue.depth()),
      onSample: (sample) => {
        timeline.update(sample.at, recorder, sample);
        watchThresholds();
        try {
          reportProgress?.(progress.snapshot(sample));
        } catch (error) {
          // A throwing callback inside a timer would crash the caller's process.
          reportProgress = undefined;
          warnings.push(`onProgress threw and was not called again: ${firstLine(error)}`);
        }
      },
    });
    const lostThresholds = new Set<string>();
    const watchThresholds = (): void => {
      if (!config.abortOnFail || stop.signal.aborted || this.thresholds.length === 0) return;
      const lost = firstLostThreshold(this.thresholds, {
        planned: generator.total,
        totals: recorder.totals(0),
        latency: recorder,
        resources: sampler.summary(),
      });
      if (!lost) return;
      lostThresholds.add(lost.threshold.expression);
      warnings.push(
        `stopped early: threshold ${lost.threshold.expression} can no longer pass (${lost.why})`,
      );
      stop.abort();
    };
    const onAbort = (): void => stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) stop.abort();
    sampler.start();
    try {
      const ledger: ProducerLedger = { saturationEvents: 0, inFlight: [], waiting: 0 };
      const producing = produce(generator, queue, {
        ledger,
        generation: config.generation,
        chunkSize: Math.min(PRODUCER_CHUNK, queue.capacity),
        now: nowMs,
        onGenerated: (message) => recorder.generated(message),
        ...(state ? { onEnqueued: (nextSeq: number) => state.setGenerated(nextSeq) } : {}),
        signal: stop.signal,
      }).finally(() => {
        producerDone = true;
      });
      // Consumption can end first only when nobody is left to deliver (a distributed run's
      // workers all gone): the producer, perhaps waiting on a full queue, stops too.
      processing.then(
        () => {
          if (!producerDone) stop.abort();
        },
        () => {},
      );
      // When one side fails, the other is cut off by the queue closing; its rejection then is
      // expected, and the first failure is the one reported.
      producing.catch(() => {});
      processing.catch(() => {});
      const faults = new FaultRecord();
      let report: ProducerReport = { saturationEvents: 0, unsent: 0 };
      try {
        [report] = await Promise.all([producing, processing]);
      } catch (error) {
        warnings.push(`stopped by a fault: ${faults.stoppedBy(error).reason}`);
        stop.abort();
        // The other side stops at its next step, or fails on the same fault; a side stuck on
        // a queue that no longer answers must not hold the partial result back.
        await settledWithin(Promise.allSettled([producing, processing]), WIND_DOWN_MS);
      }
      const finishedAt = recorder.lastSettledAt ?? nowMs();
      await sampler.stop();
      timeline.update(nowMs(), recorder, sampler.latest(), true);
      let pooled: PoolOutcome | undefined;
      if (coordination) {
        try {
          pooled = await coordination.pool.reconcile();
        } catch (error) {
          faults.couldNotLearn(
            error,
            "outcomes workers settled after their last report, and how many distinct messages settled: the run store could not be read",
          );
          pooled = coordination.pool.partial();
        }
        warnings.push(...pooled.warnings);
      }
      let inventory: QueueInventory | undefined;
      try {
        const taken = await settledWithin(
          takeInventory(queue, coordination ? storeOutcomes(coordination) : recorder),
          WIND_DOWN_MS,
        );
        if (taken === TOO_LATE) throw new RuntimeError("the queue did not answer in time");
        inventory = taken;
      } catch (error) {
        faults.couldNotLearn(error, "what the queue still holds: it could not be read");
      }
      const fault = faults.fault;
      if (fault !== undefined) report = handedOverBeforeFault(ledger, inventory, recorder);
      const recordingError = await log?.close().then(
        () => undefined,
        (error: unknown) => firstLine(error),
      );
      if (recordingError) warnings.push(`recording outcomes stopped: ${recordingError}`);
      chaos?.recordQueueSaturation(report.saturationEvents);
      const audit = this.audit(
        recorder,
        generator,
        report,
        inventory,
        coordination ? pooled?.settledDistinct : recorder.settledDistinct,
      );
      const result = buildResult({
        config,
        core: core?.name ?? config.core,
        startedAt,
        finishedAt,
        stoppedEarly:
          fault !== undefined ||
          ((stop.signal.aborted || pooled?.gaveUp === true) && audit.pending > 0),
        fault,
        recorder,
        sampler: sampler.summary(),
        timeline: timeline.intervals,
        queue: { driver: queue.name, capacity: queue.capacity },
        saturationEvents: report.saturationEvents,
        chaos: chaosStats(chaos),
        processorTimes: consumer.times,
        audit,
        warnings,
        environment: describeEnvironment(),
      });
      const judged = { ...result, ...(pooled ? { workers: pooled.workers } : {}) };
      return {
        ...judged,
        thresholds: evaluateThresholds(this.thresholds, judged, lostThresholds),
      };
    } finally {
      signal?.removeEventListener("abort", onAbort);
      await sampler.stop();
    }
  }

  private audit(
    recorder: Recorder,
    generator: MessageGenerator,
    report: ProducerReport,
    /** What the queue holds; undefined when a fault left it unreadable. */
    inventory: QueueInventory | undefined,
    /**
     * Distinct messages settled: the recorder's, or a distributed run's store's; undefined when
     * that store could not be read.
     */
    settledDistinct: number | undefined,
  ): ReturnType<typeof auditRun> {
    const counts = recorder.counts();
    return auditRun({
      generated: counts.generated,
      generatorCount: generator.generated,
      delivered: counts.delivered,
      deadLettered: counts.deadLettered,
      // An unreadable queue cannot contradict the count: nothing to compare it with.
      queueDeadLettered: inventory
        ? inventory.deadLettered + inventory.staleDeadCopies
        : counts.deadLettered,
      queued: inventory?.pending,
      unsent: report.unsent,
      settledDistinct,
      duplicates: recorder.totals(0).duplicates + (inventory?.staleCopies ?? 0),
      partitions: [
        [...recorder.byType()].map(([type, g]) => ({ label: `type ${type}`, ...g })),
        [...recorder.byAgent()].map(([agent, g]) => ({ label: `agent ${agent}`, ...g })),
      ],
    });
  }
}

/** Refuse what a run spread over workers cannot do (yet), rather than do it wrong. */
function checkDistributable(config: RunConfig): void {
  // The kind alone: the URL itself is taken apart, and a malformed one refused, when the run
  // opens its queue, as it always was.
  if (queueKindOf(config.queue) !== "redis") {
    throw new ConfigError(
      "workers need a Redis queue to share: queue redis://HOST:PORT (see docs/distributed.md)",
    );
  }
  if (config.chaos) {
    throw new ConfigError("chaos runs in one process only: drop workers or chaos");
  }
  if (config.record !== undefined) {
    throw new ConfigError("record writes the outcomes of one process only: drop workers or record");
  }
}

/** The run state of a durable queue's file: begun afresh, or kept for a resumed run. */
function openRunState(path: string, config: RunConfig, resume: boolean): DurableRunState {
  const state = DurableRunState.open(path);
  if (!resume) state.start(config);
  return state;
}

/** Take the queue file for this run: an existing one to resume, or a new or empty one. */
async function claimQueueFile(path: string, resume: boolean | undefined): Promise<QueueFileClaim> {
  const { QueueFileClaim } = await import("../queue/sqlite/owner.js");
  return QueueFileClaim.take(path, "run", resume ? "existing" : "create");
}

async function openLog(path: string): Promise<OutcomeLog> {
  try {
    return await OutcomeLog.open(path);
  } catch (error) {
    throw new ConfigError(`cannot write the record file: ${firstLine(error)}`);
  }
}

function chaosStats(chaos: Chaos | undefined): ChaosStats {
  const events = chaos?.events() ?? {
    failureBurst: 0,
    latencySpike: 0,
    queueSaturation: 0,
    memoryPressure: 0,
  };
  return {
    enabled: chaos !== undefined,
    events,
    total: Object.values(events).reduce((sum, n) => sum + n, 0),
  };
}
