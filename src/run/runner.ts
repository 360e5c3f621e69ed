import { CHAOS_QUEUE_BATCHES, Chaos } from "../core/chaos.js";
import type { DeliveryCore } from "../core/delivery-core.js";
import { MockCore } from "../core/mock.js";
import { firstLine, loadCoreModule } from "../core/module.js";
import { ConfigError, RuntimeError } from "../errors.js";
import { MessageGenerator } from "../generate/generator.js";
import { produce } from "../generate/producer.js";
import { OutcomeLog } from "../metrics/outcome-log.js";
import { Recorder } from "../metrics/recorder.js";
import { Sampler } from "../metrics/sampler.js";
import { Timeline } from "../metrics/timeline.js";
import { agentNames } from "../model/agents.js";
import type { RunConfig } from "../model/config.js";
import type { MessageType } from "../model/message.js";
import { Processor } from "../processor/processor.js";
import { outstanding } from "../queue/driver.js";
import { MemoryQueue } from "../queue/memory.js";
import { auditRun } from "./audit.js";
import { buildResult } from "./build-result.js";
import { nowMs } from "./clock.js";
import { describeEnvironment } from "./environment.js";
import type { RunnerOptions } from "./options.js";
import { ProgressTracker } from "./progress.js";
import { resolveConfig } from "./resolve-config.js";
import type { ChaosStats, RunResult } from "./result.js";

/** Messages the producer hands to the queue per call, at most. */
const PRODUCER_CHUNK = 256;

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
    const { deliveryCore: _core, signal: _signal, onProgress: _progress, ...settings } = options;
    this.config = resolveConfig(settings);
  }

  /**
   * Run to completion (or until `signal` aborts) and return the result. Rejects with a
   * {@link RuntimeError} when the core cannot be loaded or initialised; a failed audit is
   * reported in the result (`audit.balanced` false), not thrown.
   */
  async run(): Promise<RunResult> {
    const config = this.config;
    const agents = agentNames(config.agents);
    const types = (Object.keys(config.types) as MessageType[]).filter(
      (type) => (config.types[type] ?? 0) > 0,
    );
    const chaos = config.chaos ? new Chaos(config.seed) : undefined;
    const capacity = chaos
      ? Math.min(config.queueCapacity, CHAOS_QUEUE_BATCHES * config.batchSize)
      : config.queueCapacity;
    const recorder = new Recorder(agents, types);
    const queue = new MemoryQueue({ capacity, visibilityMs: config.visibilityTimeout });
    let core: DeliveryCore | undefined;
    let log: OutcomeLog | undefined;
    try {
      core = await this.openCore(agents, chaos);
      log = config.record ? await openLog(config.record) : undefined;
      await initCore(core);
      return await this.execute(core, queue, recorder, chaos, log);
    } finally {
      chaos?.release();
      await log?.close();
      await queue.close();
      recorder.destroy();
      if (core) await closeCore(core);
    }
  }

  private async execute(
    core: DeliveryCore,
    queue: MemoryQueue,
    recorder: Recorder,
    chaos: Chaos | undefined,
    log: OutcomeLog | undefined,
  ): Promise<RunResult> {
    const config = this.config;
    const generator = new MessageGenerator(config);
    const startedAt = nowMs();
    const timeline = new Timeline(startedAt);
    const progress = new ProgressTracker(startedAt, generator.total, recorder, timeline);
    const { onProgress, signal } = this.options;
    const sampler = new Sampler({
      readDepth: async () => outstanding(await queue.depth()),
      onSample: (sample) => {
        timeline.update(sample.at, recorder, sample);
        onProgress?.(progress.snapshot(sample));
      },
    });
    const stopProducer = new AbortController();
    const onAbort = (): void => stopProducer.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) stopProducer.abort();
    let producerDone = false;
    const processor = new Processor(
      queue,
      core,
      recorder,
      {
        batchSize: config.batchSize,
        concurrency: config.concurrency,
        interval: config.interval,
        timeout: config.timeout,
        visibilityMs: config.visibilityTimeout,
        retry: {
          maxAttempts: config.maxAttempts,
          baseDelay: config.retryBaseDelay,
          maxDelay: config.retryMaxDelay,
          seed: config.seed,
        },
        now: nowMs,
      },
      log,
    );
    sampler.start();
    // A core whose deliveries never settle leaves Node nothing to wait for (every other timer
    // is unref'd), and the process would exit silently mid-run; this holds it open until the
    // run ends or is aborted.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      const producing = produce(generator, queue, {
        generation: config.generation,
        chunkSize: Math.min(PRODUCER_CHUNK, capacity(queue)),
        now: nowMs,
        onGenerated: (message) => recorder.generated(message),
        signal: stopProducer.signal,
      }).finally(() => {
        producerDone = true;
      });
      const processing = processor.run({
        producerDone: () => producerDone,
        stopRequested: () => stopProducer.signal.aborted,
      });
      // When one side fails, the other is cut off by the queue closing; its rejection then is
      // expected, and Promise.all below already reports the first failure.
      producing.catch(() => {});
      processing.catch(() => {});
      const [report] = await Promise.all([producing, processing]);
      const finishedAt = nowMs();
      await sampler.stop();
      timeline.update(finishedAt, recorder, sampler.latest(), true);
      const depth = await queue.depth();
      const counts = recorder.counts();
      const audit = auditRun({
        generated: counts.generated,
        delivered: counts.delivered,
        deadLettered: counts.deadLettered,
        queued: outstanding(depth),
        unsent: report.unsent,
        settledDistinct: recorder.settledDistinct,
        duplicates: recorder.totals(0).duplicates,
        partitions: [
          [...recorder.byType()].map(([type, g]) => ({ label: `type ${type}`, ...g })),
          [...recorder.byAgent()].map(([agent, g]) => ({ label: `agent ${agent}`, ...g })),
        ],
      });
      chaos?.recordQueueSaturation(report.saturationEvents);
      return buildResult({
        config,
        core: core.name ?? config.core,
        startedAt,
        finishedAt,
        stoppedEarly: stopProducer.signal.aborted && audit.pending > 0,
        recorder,
        sampler: sampler.summary(),
        timeline: timeline.intervals,
        queue: { driver: queue.name, capacity: queue.capacity },
        saturationEvents: report.saturationEvents,
        chaos: chaosStats(chaos),
        audit,
        environment: describeEnvironment(),
      });
    } finally {
      clearInterval(keepAlive);
      signal?.removeEventListener("abort", onAbort);
      await sampler.stop();
    }
  }

  private async openCore(
    agents: readonly string[],
    chaos: Chaos | undefined,
  ): Promise<DeliveryCore> {
    const config = this.config;
    if (this.options.deliveryCore) return this.options.deliveryCore;
    if (config.core === "mock") {
      return new MockCore({
        seed: config.seed,
        delay: config.delay,
        successRate: config.successRate,
        ...(chaos ? { chaos } : {}),
      });
    }
    return await loadCoreModule(config.core, { agents, seed: config.seed });
  }
}

function capacity(queue: MemoryQueue): number {
  return Number.isFinite(queue.capacity) ? queue.capacity : Number.MAX_SAFE_INTEGER;
}

async function openLog(path: string): Promise<OutcomeLog> {
  try {
    return await OutcomeLog.open(path);
  } catch (error) {
    throw new ConfigError(`cannot write the record file: ${firstLine(error)}`);
  }
}

async function initCore(core: DeliveryCore): Promise<void> {
  try {
    await core.init?.();
  } catch (error) {
    throw new RuntimeError(`core ${core.name ?? ""} failed to initialise: ${firstLine(error)}`);
  }
}

async function closeCore(core: DeliveryCore): Promise<void> {
  try {
    await core.close?.();
  } catch {
    // A core that fails to close must not hide the run's result; nothing is left to clean up.
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
