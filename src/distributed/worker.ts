import { hostname } from "node:os";
import type { RunConfig } from "../config/run-settings.js";
import type { DeliveryCore } from "../delivery/delivery-core.js";
import { closeCore, initCore, openCore } from "../delivery/lifecycle.js";
import { ConfigError } from "../errors.js";
import type { OtlpExport } from "../metrics/otlp/otlp-export.js";
import { Recorder } from "../metrics/recorder.js";
import { Sampler } from "../metrics/sampler.js";
import { agentNames } from "../model/agents.js";
import { typesSent } from "../model/message.js";
import { Processor } from "../processor/processor.js";
import { processorOptions } from "../processor/processor-options.js";
import { NO_TIMES, type ProcessorTimes, timesSince } from "../processor/times.js";
import type { QueueDriver } from "../queue/driver.js";
import { RedisFault } from "../queue/redis/fault.js";
import { redactQueueUrl } from "../queue/redis/url.js";
import { clockOffsetToRedis } from "./clock-offset.js";
import { DeltaTaker } from "./delta-taker.js";
import { IdleQueue } from "./idle-queue.js";
import type { RunDescriptor, RunPhase, WorkerInfo } from "./protocol.js";
import { connectRunStore, openRunQueue, runFinished, type StoreAccess } from "./redis-access.js";
import { BEAT_EVERY_MS, RUN_KEYS_KEEP_MS, workerBeatTtlMs } from "./timing.js";
import { WorkListener } from "./work-signal.js";

/** How often a worker looks at the run's phase. */
const PHASE_POLL_MS = 200;

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  /** The Redis queue URL, with its credentials. */
  readonly url: string;
  readonly runId: string;
  /** Stops the worker at the next batch boundary; it still sends its final report. */
  readonly signal?: AbortSignal;
  /** A core instance instead of the one the run's configuration names. */
  readonly deliveryCore?: DeliveryCore;
  /** Where the worker says what it is doing (one line each). */
  readonly say?: (line: string) => void;
  /**
   * The OTLP collector this worker exports to when the run exports, in place of the one the
   * run published (a collector seen at another address from here, or one with a password).
   */
  readonly otlp?: string | undefined;
  /** Called with the run's configuration once the worker has read it, before it does any work. */
  readonly onConfig?: (config: RunConfig) => void;
}

/** What a worker did, for its exit line. */
export interface WorkerSummary {
  readonly id: string;
  readonly delivered: number;
  readonly deadLettered: number;
  readonly duplicates: number;
  readonly reports: number;
  /** What went wrong beside the work (its OTLP export), one line each; also in its final report. */
  readonly warnings: readonly string[];
}

/**
 * Join a distributed run and deliver its messages until the coordinator says the last one is
 * queued and the queue is empty (or the run is stopped). Every second the worker sends what
 * its recorder gained, as counters and compressed HDR histograms, and beats; final outcomes go
 * to the run store as they happen, so a worker that dies loses none of them.
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const say = options.say ?? (() => {});
  const access = await connectRunStore(options.url, options.runId);
  let queue: QueueDriver | undefined;
  let listener: WorkListener | undefined;
  let core: DeliveryCore | undefined;
  let recorder: Recorder | undefined;
  let otlp: OtlpExport | undefined;
  let closeTimeout = 0;
  const timers: NodeJS.Timeout[] = [];
  try {
    const run = await access.store.descriptor();
    if (!run) {
      throw new ConfigError(
        `no run "${options.runId}" at ${redactQueueUrl(options.url)}: start one with swarm-stress run --queue URL --workers N and use the id it prints`,
      );
    }
    const phase = await access.store.phase();
    if (phase === undefined || phase === "finished") {
      throw new ConfigError(`run "${options.runId}" has already finished`);
    }
    const config = run.config;
    options.onConfig?.(config);
    closeTimeout = config.closeTimeout;
    const info: WorkerInfo = {
      id: `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      host: hostname(),
      pid: process.pid,
      joinedAt: Date.now(),
      clockCorrectionMs: scheduleCorrection(await clockOffsetToRedis(access.redis), run),
    };
    const agents = agentNames(config.agents);
    const types = typesSent(config.types);
    const otlpUrl = exportTo(run, options.otlp, say);
    if (otlpUrl !== undefined) otlp = await startExport(otlpUrl, run, info);
    recorder =
      otlp?.recorder ??
      new Recorder(agents, types, { scheduleCorrectionMs: info.clockCorrectionMs });
    queue = await openRunQueue(options.url, run, info.id, access.latch);
    listener = await WorkListener.open(options.url, run.id);
    core = options.deliveryCore ?? (await openCore(config, agents, undefined));
    await initCore(core, config.initTimeout);
    await access.store.join(info);
    await access.store.heartbeat(info.id, workerBeatTtlMs(config));
    const exporting = otlp === undefined ? "" : `, exporting metrics to ${otlp.endpoint}`;
    say(`worker ${info.id} joined run ${run.id}${exporting}`);
    const waiting = new IdleQueue(queue, listener);
    return await work({ access, run, queue: waiting, core, recorder, info, otlp }, options, timers);
  } finally {
    for (const timer of timers) clearInterval(timer);
    // After a failure: what was counted still goes out (at once after a normal end).
    await otlp?.finish();
    listener?.close();
    await queue?.close().catch(() => {});
    if (core) await closeCore(core, closeTimeout);
    await access.close();
  }
}

/** What a worker works with once it has joined. */
interface WorkerParts {
  readonly access: StoreAccess;
  readonly run: RunDescriptor;
  readonly queue: QueueDriver;
  readonly core: DeliveryCore;
  readonly recorder: Recorder;
  readonly info: WorkerInfo;
  readonly otlp: OtlpExport | undefined;
}

/**
 * The collector this worker exports to: none when the run does not export, else the one it
 * was given, else the one the run published.
 *
 * @throws {ConfigError} when the run's collector has a password it does not publish and this
 * worker was given no URL.
 */
function exportTo(
  run: RunDescriptor,
  given: string | undefined,
  say: (line: string) => void,
): string | undefined {
  if (run.otlp === undefined) {
    if (given !== undefined) {
      say(`run ${run.id} does not export metrics (no --otlp): neither does this worker`);
    }
    return undefined;
  }
  if (given !== undefined) return given;
  if (run.otlp.passwordWithheld) {
    throw new ConfigError(
      `run ${run.id} exports metrics to ${run.otlp.url} with a password it does not publish: give this worker the URL with --otlp URL or $OTEL_EXPORTER_OTLP_ENDPOINT`,
    );
  }
  return run.otlp.url;
}

/**
 * Export this worker's part of the run under the run's id and its own instance. The
 * OpenTelemetry SDK loads here, only for a run that exports.
 */
async function startExport(url: string, run: RunDescriptor, info: WorkerInfo): Promise<OtlpExport> {
  const { startOtlpExport } = await import("../metrics/otlp/otlp-export.js");
  const { config } = run;
  return startOtlpExport({
    url,
    runId: run.id,
    instance: { id: info.id, role: "worker" },
    scenario: config.scenario,
    agents: agentNames(config.agents),
    types: typesSent(config.types),
    agentAttribute: config.otlpAgentAttribute === true,
    scheduleCorrectionMs: info.clockCorrectionMs,
  });
}

/**
 * What to add to the coordinator's scheduled times to put them on this worker's clock. Under a
 * millisecond it is taken for the measurement's own error (one machine, one clock): 0.
 */
function scheduleCorrection(ownOffsetMs: number, run: RunDescriptor): number {
  const correction = ownOffsetMs - run.clockOffsetMs;
  return Math.abs(correction) < MEASURABLE_SKEW_MS ? 0 : correction;
}

/** Clock differences below this are within what the offsets can be measured to. */
const MEASURABLE_SKEW_MS = 1;

async function work(
  { access, run, queue, core, recorder, info, otlp }: WorkerParts,
  options: WorkerOptions,
  timers: NodeJS.Timeout[],
): Promise<WorkerSummary> {
  const store = access.store;
  let phase: RunPhase = (await store.phase()) ?? "finished";
  const taker = new DeltaTaker(recorder);
  const sampler = new Sampler({ readDepth: () => 0 });
  const processor = new Processor(queue, core, recorder, {
    ...processorOptions(run.config),
    persist: (records) => store.settle(records),
  });
  let reports = 0;
  const warnings: string[] = [];
  let timesSent: ProcessorTimes = NO_TIMES;
  // Reports go out one at a time and in order, the final one last.
  let sending: Promise<void> = Promise.resolve();
  const sendReport = (final: boolean): Promise<void> => {
    sending = sending.then(async () => {
      const times = processor.times;
      const latest = sampler.latest();
      await store.report({
        worker: info.id,
        seq: ++reports,
        at: Date.now(),
        final,
        part: taker.take(final),
        resources: {
          rssMB: latest?.rssMB ?? 0,
          heapMB: latest?.heapMB ?? 0,
          cpuPct: latest?.cpuPct ?? 0,
        },
        times: timesSince(times, timesSent),
        ...(final ? { summary: sampler.summary() } : {}),
        ...(final && warnings.length > 0 ? { warnings } : {}),
      });
      timesSent = times;
    });
    return sending;
  };
  otlp?.readSamplesFrom(() => sampler.latest());
  sampler.start();
  timers.push(
    setInterval(() => {
      sendReport(false).catch(() => {});
      store.heartbeat(info.id, workerBeatTtlMs(run.config)).catch(() => {});
      // PEXPIRE … NX needs Redis 7; on an older server keys wait for the coordinator's beat.
      store.ensureExpiry(RUN_KEYS_KEEP_MS).catch(() => {});
    }, BEAT_EVERY_MS),
    setInterval(() => {
      Promise.all([store.phase(), store.coordinatorAlive()]).then(
        ([now, coordinating]) => {
          if (now === undefined) {
            // The run's keys vanished while it went on (a running coordinator keeps them, and
            // a finished run's linger for a minute, long after this worker saw it finish):
            // Redis lost them. Every call of this worker fails from here on.
            if (phase !== "finished") access.stateLost();
            return;
          }
          // A coordinator that died (killed, out of memory) cannot end the run: stop.
          phase = coordinating || now === "finished" ? now : "stopped";
        },
        () => {},
      );
    }, PHASE_POLL_MS),
  );
  let streamGone = false;
  try {
    await processor.run({
      // An aborted worker stops like a stopped run: at the next batch boundary.
      producerDone: () => phase !== "producing" || options.signal?.aborted === true,
      stopRequested: () =>
        phase === "stopped" || phase === "finished" || options.signal?.aborted === true,
    });
    // Before the final report, beating meanwhile: once the coordinator has every worker's
    // final report, every worker's last export has gone out (or was given up on) too.
    const exported = await otlp?.finish();
    if (exported !== undefined) warnings.push(exported);
  } catch (error) {
    // The coordinator finished the run and deleted its stream while this worker, given up for
    // lost, still worked: the run's end, not a fault of Redis.
    const stateLost = error instanceof RedisFault && error.kind === "state-lost";
    if (!stateLost || !(await runFinished(options.url, run.id))) throw error;
    streamGone = true;
  } finally {
    for (const timer of timers.splice(0)) clearInterval(timer);
    await sampler.stop();
  }
  // A final report needs Redis: after a fault there is none to send.
  if (!streamGone) await sendReport(true);
  const totals = recorder.totals(0);
  return {
    id: info.id,
    delivered: totals.delivered,
    deadLettered: totals.deadLettered,
    duplicates: totals.duplicates,
    reports,
    warnings,
  };
}
