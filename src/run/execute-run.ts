import { hostname } from "node:os";
import type { ReceiptsDocument } from "../agents/receipts.js";
import { DEFAULT_MAX_BACKLOG } from "../config/open-load-defaults.js";
import type { RunConfig } from "../config/run-settings.js";
import { newRunId } from "../distributed/run-keys.js";
import type { StandingWorkers } from "../distributed/standing-workers.js";
import { ConfigError, firstLine, RuntimeError } from "../errors.js";
import type { OtlpExport } from "../metrics/otlp/otlp-export.js";
import { PairLedger } from "../metrics/pair-ledger.js";
import { Recorder } from "../metrics/recorder.js";
import { agentNames } from "../model/agents.js";
import { type Message, typesSent } from "../model/message.js";
import type { SavedRun } from "../queue/ledger.js";
import type { RunResult } from "../result/result.js";
import type { Threshold } from "../thresholds/threshold.js";
import { nowMs } from "../util/clock.js";
import { MessageGenerator } from "../workload/generator.js";
import { loadPlan } from "../workload/load-plan.js";
import { produceOnSchedule } from "../workload/open-producer.js";
import { type ProducerLedger, type ProducerReport, produce } from "../workload/producer.js";
import { auditRecorded } from "./audit.js";
import { bothSidesEnded } from "./both-sides.js";
import { buildResult } from "./build-result.js";
import { describeEnvironment } from "./environment.js";
import { FaultRecord, handedOverBeforeFault, inventoryWithin } from "./fault.js";
import { LocalPlan } from "./local-plan.js";
import type { RunnerOptions } from "./options.js";
import {
  auditReceivers,
  readReceipts,
  unreadableReceipts,
  withReceiverAudit,
} from "./receiver-audit.js";
import type { RunPlan } from "./run-plan.js";
import { RunWatch } from "./run-watch.js";

/** Messages the producer hands to the queue per call, at most. */
const PRODUCER_CHUNK = 256;

/**
 * How long a run stopped by a fault waits for its other side to wind down, and for the queue
 * to say what it holds, before it reports without them.
 */
const WIND_DOWN_MS = 5_000;

/** What a runner worked out from its options before it runs. */
export interface RunnerChecks {
  /** The configuration's thresholds, parsed and checked against it. */
  readonly thresholds: readonly Threshold[];
  /** Settings given with `resume` that the saved configuration overrides. */
  readonly ignoredOnResume: readonly string[];
  /** For a resumed broker run, what the broker's run ledger kept. */
  readonly saved?: SavedRun | undefined;
}

/** What the library's own callers may hand a run beside its options: none of it is public. */
export interface RunInternals {
  /**
   * Worker processes that serve this distributed run and others, in place of the `workers`
   * it would start itself (a capacity search's steps; see standing-workers.ts).
   */
  readonly standingWorkers?: StandingWorkers | undefined;
}

/**
 * One run of a `StressTestRunner` (runner.ts), from its plan to its result: the machinery behind
 * `run()`, in a module of its own so that it (the processor, the producers, the drivers it
 * opens) loads with the first run rather than with the library. A run with `agentsLocal`
 * starts its agents first and stops them after (local-agents.ts).
 */
export async function executeRun(
  config: RunConfig,
  options: RunnerOptions,
  checks: RunnerChecks,
  internals: RunInternals = {},
): Promise<RunResult> {
  const execute = (running: RunConfig): Promise<RunResult> =>
    new RunExecution(running, options, checks, internals).run();
  if (config.agentsLocal === undefined) return await execute(config);
  // Loaded only for a run that starts its agents: the A2A SDK's server side is no part of others.
  const { startLocalAgents } = await import("./local-agents.js");
  const local = await startLocalAgents(config, options.resume === true);
  try {
    return await execute(local.config);
  } finally {
    await local.close();
  }
}

/** A run's state and steps; each `executeRun` makes its own. */
class RunExecution {
  constructor(
    private readonly config: RunConfig,
    private readonly options: RunnerOptions,
    private readonly checks: RunnerChecks,
    private readonly internals: RunInternals,
  ) {}

  private get thresholds(): readonly Threshold[] {
    return this.checks.thresholds;
  }

  async run(): Promise<RunResult> {
    const config = this.config;
    if (config.verify !== undefined && config.workers !== undefined) {
      throw new ConfigError(
        "--verify: a distributed run (--workers) cannot verify receipts yet; run in one process",
      );
    }
    const pairs = config.verify === undefined ? undefined : new PairLedger();
    let runId: string | undefined;
    let otlp: OtlpExport | undefined;
    if (config.otlp !== undefined) {
      // A distributed run's id is made here when it exports, so that its metrics carry the id
      // its workers join by, and export under it too.
      // node:crypto only here: loading it costs a run ~1.4 MB of resident memory (OpenSSL).
      runId =
        config.workers === undefined
          ? process.getBuiltinModule("node:crypto").randomUUID()
          : newRunId();
      otlp = await this.startExport(config.otlp, runId, pairs);
    }
    const recorder =
      otlp?.recorder ??
      new Recorder(agentNames(config.agents), typesSent(config.types), pairs ? { pairs } : {});
    let failed = true;
    let result: RunResult | undefined;
    let closing: string | undefined;
    let exporting: string | undefined;
    try {
      const plan = await this.plan(recorder, runId);
      try {
        await plan.open();
        result = await this.execute(plan, recorder, otlp);
        failed = false;
      } finally {
        closing = await plan.close(failed);
      }
    } finally {
      // After the last outcome: the final export carries the result's totals.
      exporting = await otlp?.finish();
    }
    const late = [closing, exporting].filter((line) => line !== undefined);
    return late.length === 0 ? result : { ...result, warnings: [...result.warnings, ...late] };
  }

  /**
   * Start exporting to an OTLP collector. The OpenTelemetry SDK loads here, only for a run
   * that exports.
   */
  private async startExport(
    url: string,
    runId: string,
    pairs: PairLedger | undefined,
  ): Promise<OtlpExport> {
    const config = this.config;
    const { startOtlpExport } = await import("../metrics/otlp/otlp-export.js");
    const coordinating = config.workers !== undefined;
    const otlp = startOtlpExport({
      url,
      runId,
      instance: {
        id: `${hostname()}-${process.pid}${coordinating ? "-coordinator" : ""}`,
        role: coordinating ? "coordinator" : "standalone",
      },
      scenario: config.scenario,
      agents: agentNames(config.agents),
      types: typesSent(config.types),
      agentAttribute: config.otlpAgentAttribute === true,
      pairs,
    });
    this.options.onNotice?.(`exporting metrics to ${otlp.endpoint} every second as run ${runId}`);
    return otlp;
  }

  /**
   * Where this run's messages are consumed: in this process, or by workers. The distributed
   * plan, and the Redis client under it, load only for a run that has workers; `runId` is the
   * id it publishes, when made already, else it makes one.
   */
  private async plan(recorder: Recorder, runId: string | undefined): Promise<RunPlan> {
    const { deliveryCore, resume, onNotice } = this.options;
    if (this.config.workers !== undefined) {
      const { DistributedPlan } = await import("./distributed-plan.js");
      return new DistributedPlan(
        this.config,
        recorder,
        onNotice,
        runId,
        this.internals.standingWorkers,
      );
    }
    return new LocalPlan(this.config, recorder, {
      deliveryCore,
      resume: resume
        ? { ignored: this.checks.ignoredOnResume, saved: this.checks.saved }
        : undefined,
      brokerLedger: this.options.brokerLedger !== false,
    });
  }

  private async execute(
    plan: RunPlan,
    recorder: Recorder,
    otlp: OtlpExport | undefined,
  ): Promise<RunResult> {
    const config = this.config;
    const { queue } = plan;
    const load = loadPlan(config);
    const generator = new MessageGenerator({ ...config, total: load.most });
    const warnings = [...plan.catchUp(generator)];
    // Read before the first delivery: the server may have served earlier runs, whose message
    // ids repeat, and an agents server that cannot be read is better known now than at the end.
    const receiptsBefore = config.verify === undefined ? undefined : await baseline(config.verify);
    if (config.abortOnFail && this.thresholds.length === 0) {
      warnings.push("abortOnFail is on, but there are no thresholds for it to watch");
    }
    const stop = new AbortController();
    const consumer = plan.consumer();
    let producerDone = false;
    // Processing starts before the run's clock: its span, the base of the harness's figures,
    // then covers the whole run, the producer's first chunk too.
    const processing = consumer.run({
      producerDone: () => producerDone,
      stopRequested: () => stop.signal.aborted,
    });
    const startedAt = nowMs();
    const { onProgress, onTimeline, signal } = this.options;
    const { chaos } = plan;
    const watch = new RunWatch({
      startedAt,
      planned: load.most,
      expected: load.expected,
      open: config.load === "open",
      recorder,
      queue,
      thresholds: this.thresholds,
      abortOnFail: config.abortOnFail,
      stop,
      onProgress,
      onTimeline,
      chaos: chaos && (() => chaos.events()),
      workers: plan.liveWorkers,
      warnings,
    });
    otlp?.readSamplesFrom(() => watch.latestSample);
    const onAbort = (): void => stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) stop.abort();
    watch.start();
    try {
      const ledger: ProducerLedger = {
        saturationEvents: 0,
        inFlight: [],
        waiting: 0,
        waitingPeak: 0,
      };
      const { onEnqueued } = plan;
      const feeding = {
        ledger,
        chunkSize: Math.min(PRODUCER_CHUNK, queue.capacity),
        now: nowMs,
        onGenerated: (message: Message) => recorder.generated(message),
        ...(onEnqueued ? { onEnqueued } : {}),
        signal: stop.signal,
      };
      const schedule = load.schedule();
      const producing = (
        schedule
          ? produceOnSchedule(generator, queue, {
              ...feeding,
              schedule,
              maxBacklog: config.maxBacklog ?? DEFAULT_MAX_BACKLOG,
              onMade: (intendedAt, madeAt) => recorder.made(intendedAt, madeAt),
              onDropped: (message) => recorder.dropped(message),
              onSent: (messages, acceptedAt) => recorder.sent(messages, acceptedAt),
              onArrivalsEnded: (at, held) => recorder.arrivalsEnded(at, held),
            })
          : produce(generator, queue, { ...feeding, generation: config.generation })
      ).finally(() => {
        producerDone = true;
      });
      const faults = new FaultRecord();
      let report: ProducerReport = (await bothSidesEnded(producing, processing, {
        producerDone: () => producerDone,
        stop,
        faults,
        warnings,
        windDownMs: WIND_DOWN_MS,
      })) ?? { saturationEvents: 0, unsent: 0, finished: false };
      const finishedAt = recorder.lastSettledAt ?? nowMs();
      await watch.finish();
      warnings.push(...(await plan.conclude(faults)));
      const inventory = await inventoryWithin(queue, plan.settled, WIND_DOWN_MS, faults);
      const fault = faults.fault;
      if (fault !== undefined) report = handedOverBeforeFault(ledger, inventory, recorder);
      const recordingStopped = await plan.finishRecording();
      if (recordingStopped) warnings.push(recordingStopped);
      plan.chaos?.recordQueueSaturation(report.saturationEvents);
      let audit = auditRecorded(recorder, {
        generatorCount: generator.generated,
        unsent: report.unsent,
        inventory,
        settledDistinct: plan.settledDistinct(),
      });
      if (config.verify !== undefined && receiptsBefore !== undefined && recorder.pairs) {
        audit = withReceiverAudit(
          audit,
          await receiverAudit(config.verify, recorder.pairs, receiptsBefore),
        );
      }
      return buildResult({
        config,
        core: plan.coreName,
        startedAt,
        finishedAt,
        // Stopped before its producer made everything is stopped early, pending or not.
        stoppedEarly:
          fault !== undefined ||
          ((stop.signal.aborted || plan.gaveUp) && (audit.pending > 0 || !report.finished)),
        fault,
        recorder,
        sampler: watch.resources,
        timeline: watch.timelinePoints,
        queue: { driver: queue.name, capacity: queue.capacity },
        saturationEvents: report.saturationEvents,
        backlogPeak: ledger.waitingPeak,
        chaos: plan.chaos,
        processorTimes: consumer.times,
        audit,
        warnings,
        environment: describeEnvironment(),
        workers: plan.workers,
        connections: plan.connections,
        thresholds: this.thresholds,
        lostThresholds: watch.lostThresholds,
      });
    } finally {
      signal?.removeEventListener("abort", onAbort);
      await watch.stop();
    }
  }
}

/**
 * The receipts of the agents server at `url` as the run starts.
 *
 * @throws {RuntimeError} in one line when they cannot be read: the run does not start.
 */
async function baseline(url: string): Promise<ReceiptsDocument> {
  try {
    return await readReceipts(url);
  } catch (error) {
    throw new RuntimeError(`--verify: ${firstLine(error)}`);
  }
}

/** The receivers' side of the audit, read at the run's end (see receiver-audit.ts). */
async function receiverAudit(
  url: string,
  ledger: PairLedger,
  before: ReceiptsDocument,
): Promise<ReturnType<typeof auditReceivers>> {
  try {
    return auditReceivers(url, ledger, before, await readReceipts(url));
  } catch (error) {
    return unreadableReceipts(url, ledger, firstLine(error));
  }
}
