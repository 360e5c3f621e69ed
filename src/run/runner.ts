import { CHAOS_QUEUE_BATCHES, Chaos } from "../core/chaos.js";
import type { DeliveryCore } from "../core/delivery-core.js";
import {
  type Coordination,
  closeCoordination,
  coordinate,
  storeOutcomes,
} from "../distributed/coordinator.js";
import { ConfigError, firstLine, RuntimeError } from "../errors.js";
import { MessageGenerator } from "../generate/generator.js";
import { type ProducerReport, produce } from "../generate/producer.js";
import { OutcomeLog } from "../metrics/outcome-log.js";
import { Recorder } from "../metrics/recorder.js";
import { Sampler } from "../metrics/sampler.js";
import { Timeline } from "../metrics/timeline.js";
import { agentNames } from "../model/agents.js";
import type { RunConfig } from "../model/config.js";
import type { MessageType } from "../model/message.js";
import { Processor } from "../processor/processor.js";
import { outstanding, type QueueDriver } from "../queue/driver.js";
import { durableQueuePath, openQueue } from "../queue/open-queue.js";
import { isRedisQueueUrl } from "../queue/redis-url.js";
import { inspectQueue } from "../queue/sqlite-inspect.js";
import { thresholdsFor } from "../thresholds/check-scope.js";
import { evaluateThresholds } from "../thresholds/evaluate.js";
import { firstLostThreshold } from "../thresholds/live-check.js";
import type { Threshold } from "../thresholds/threshold.js";
import { auditRun } from "./audit.js";
import { buildResult } from "./build-result.js";
import { nowMs } from "./clock.js";
import { closeCore, initCore, openCore, processorOptions } from "./core-lifecycle.js";
import { DurableRunState } from "./durable-state.js";
import { describeEnvironment } from "./environment.js";
import { type QueueInventory, takeInventory } from "./inventory.js";
import type { RunnerOptions } from "./options.js";
import { ProgressTracker } from "./progress.js";
import { resolveConfig } from "./resolve-config.js";
import type { ChaosStats, RunResult } from "./result.js";

/** Messages the producer hands to the queue per call, at most. */
const PRODUCER_CHUNK = 256;

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
    this.ignoredOnResume = resume
      ? Object.keys(settings).filter(
          (key) =>
            !APPLIED_ON_RESUME.has(key) && settings[key as keyof typeof settings] !== undefined,
        )
      : [];
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
    let failed = true;
    try {
      const path = durableQueuePath(config.queue);
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
      state = openRunState(config, this.options.resume === true);
      if (core) await initCore(core);
      const result = await this.execute({
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
      return result;
    } finally {
      state?.close();
      // Each step on its own: one failing must not leave the others undone.
      chaos?.release();
      await log?.close().catch(() => {});
      if (coordination) await closeCoordination(coordination, failed);
      else await queue?.close().catch(() => {});
      recorder.destroy();
      if (core) await closeCore(core);
    }
  }

  private async execute(parts: RunParts): Promise<RunResult> {
    const { core, coordination, queue, recorder, chaos, log, state, inFlightAtResume } = parts;
    const config = this.config;
    const generator = new MessageGenerator(config);
    const warnings: string[] = [];
    if (this.options.resume && state) {
      warnings.push(resumeFrom(state, generator, recorder));
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
    const stop = new AbortController();
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
    sampler.start();
    // A core whose deliveries never settle leaves Node nothing to wait for (every other timer
    // is unref'd), and the process would exit silently mid-run; this holds it open until the
    // run ends or is aborted.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      let producerDone = false;
      const producing = produce(generator, queue, {
        generation: config.generation,
        chunkSize: Math.min(PRODUCER_CHUNK, queue.capacity),
        now: nowMs,
        onGenerated: (message) => recorder.generated(message),
        ...(state ? { onEnqueued: (nextSeq: number) => state.setGenerated(nextSeq) } : {}),
        signal: stop.signal,
      }).finally(() => {
        producerDone = true;
      });
      const processing = consumer.run({
        producerDone: () => producerDone,
        stopRequested: () => stop.signal.aborted,
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
      // expected, and Promise.all below already reports the first failure.
      producing.catch(() => {});
      processing.catch(() => {});
      const [report] = await Promise.all([producing, processing]);
      const finishedAt = recorder.lastSettledAt ?? nowMs();
      await sampler.stop();
      timeline.update(nowMs(), recorder, sampler.latest(), true);
      const pooled = await coordination?.pool.reconcile();
      if (pooled) warnings.push(...pooled.warnings);
      const inventory = await takeInventory(
        queue,
        coordination ? storeOutcomes(coordination) : recorder,
      );
      const recordingError = await log?.close().then(
        () => undefined,
        (error: unknown) => firstLine(error),
      );
      if (recordingError) warnings.push(`recording outcomes stopped: ${recordingError}`);
      chaos?.recordQueueSaturation(report.saturationEvents);
      const audit = this.audit(recorder, generator, report, inventory, pooled?.settledDistinct);
      const result = buildResult({
        config,
        core: core?.name ?? config.core,
        startedAt,
        finishedAt,
        stoppedEarly: (stop.signal.aborted || pooled?.gaveUp === true) && audit.pending > 0,
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
      clearInterval(keepAlive);
      signal?.removeEventListener("abort", onAbort);
      await sampler.stop();
    }
  }

  private audit(
    recorder: Recorder,
    generator: MessageGenerator,
    report: ProducerReport,
    inventory: QueueInventory,
    /** Distinct messages settled, when another store than the recorder knows (distributed). */
    settledDistinct = recorder.settledDistinct,
  ): ReturnType<typeof auditRun> {
    const counts = recorder.counts();
    return auditRun({
      generated: counts.generated,
      generatorCount: generator.generated,
      delivered: counts.delivered,
      deadLettered: counts.deadLettered,
      queueDeadLettered: inventory.deadLettered + inventory.staleDeadCopies,
      queued: inventory.pending,
      unsent: report.unsent,
      settledDistinct,
      duplicates: recorder.totals(0).duplicates + inventory.staleCopies,
      partitions: [
        [...recorder.byType()].map(([type, g]) => ({ label: `type ${type}`, ...g })),
        [...recorder.byAgent()].map(([agent, g]) => ({ label: `agent ${agent}`, ...g })),
      ],
    });
  }
}

/** Refuse what a run spread over workers cannot do (yet), rather than do it wrong. */
function checkDistributable(config: RunConfig): void {
  if (!isRedisQueueUrl(config.queue)) {
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

/** Settings a resumed run takes from the caller rather than from the saved configuration. */
const APPLIED_ON_RESUME = new Set(["queue", "thresholds", "abortOnFail"]);

/**
 * The saved configuration of the run being resumed. Thresholds judge the result rather than
 * shape the workload, so those given now apply (a run saved before thresholds existed has none).
 */
function resumedConfig(settings: RunnerOptions): RunConfig {
  const saved = savedConfig(settings);
  const given = resolveConfig({
    ...(settings.thresholds ? { thresholds: settings.thresholds } : {}),
    ...(settings.abortOnFail !== undefined ? { abortOnFail: settings.abortOnFail } : {}),
  });
  return {
    ...saved,
    thresholds: settings.thresholds ? given.thresholds : (saved.thresholds ?? []),
    abortOnFail: settings.abortOnFail ?? saved.abortOnFail ?? false,
  };
}

/** The configuration saved in the durable queue a resumed run continues. */
function savedConfig(settings: RunnerOptions): RunConfig {
  const path = settings.queue === undefined ? undefined : durableQueuePath(settings.queue);
  if (path === undefined) {
    throw new ConfigError(
      "resume needs the durable queue of the interrupted run: queue sqlite:PATH",
    );
  }
  const state = DurableRunState.open(path, "existing");
  try {
    return { ...state.savedConfig(), queue: settings.queue as string };
  } finally {
    state.close();
  }
}

/** The run state of a durable queue: begun afresh, or kept for a resumed run. */
function openRunState(config: RunConfig, resume: boolean): DurableRunState | undefined {
  const path = durableQueuePath(config.queue);
  if (path === undefined) return undefined;
  const state = DurableRunState.open(path);
  if (!resume) state.start(config);
  return state;
}

/**
 * Bring the generator and the recorder to where the interrupted run left off: the messages
 * already handed to the queue are made again (the stream is seeded) and counted, without being
 * sent, and the outcomes already reached are counted. Returns a line for the result's warnings.
 */
function resumeFrom(
  state: DurableRunState,
  generator: MessageGenerator,
  recorder: Recorder,
): string {
  const handedOver = state.generated();
  const at = nowMs();
  for (let i = 0; i < handedOver; i++) {
    const message = generator.next(at);
    if (!message) break;
    recorder.generated(message);
  }
  let settled = 0;
  for (const record of state.outcomes()) {
    recorder.restore(record);
    settled++;
  }
  return `resumed an interrupted run: ${handedOver} message(s) had been queued and ${settled} settled before; delivery attempts, latencies and throughput count only what happened after the resume, and the latency of messages queued before it includes the interruption`;
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
