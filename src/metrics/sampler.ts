import { type ELDHistogram, monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { ResourceStats } from "../result/result.js";
import { nowMs } from "../util/clock.js";
import { isThenable } from "../util/thenable.js";

/** One reading of the process and the queue. */
export interface ResourceSample {
  /** Epoch milliseconds, from {@link nowMs}. */
  readonly at: number;
  /** Resident set size, MiB. */
  readonly rssMB: number;
  /** V8 heap in use (not merely reserved), MiB. */
  readonly heapMB: number;
  /**
   * CPU time over wall time since the previous sample, in % of one core (above 100 when worker
   * or libuv threads are busy too). 0 for the first sample, which has no window behind it.
   */
  readonly cpuPct: number;
  /** Queue depth as `readDepth` reported it. */
  readonly depth: number;
}

/**
 * Aggregates over every sample of a run: the result's `ResourceStats` (all but the verdict on
 * saturation, which the result draws from them) and the queue depth. `cpuAvgPct` is total CPU
 * time over total wall time from the first sample to the one at stop; event-loop lag is how
 * late the loop ran beyond the monitor's own 10 ms period.
 */
export interface SamplerSummary extends Omit<ResourceStats, "generatorSaturated"> {
  readonly depthPeak: number;
  readonly depthAvg: number;
}

/** Options of {@link Sampler}. */
export interface SamplerOptions {
  /** Milliseconds between samples; default 100. */
  readonly intervalMs?: number;
  /** Current queue depth. An async reader is never called again while a call is pending. */
  readonly readDepth: () => number | Promise<number>;
  /** Called with each sample as it is taken, e.g. to feed a timeline. */
  readonly onSample?: (sample: ResourceSample) => void;
}

const MB = 1024 * 1024;

/** Period of the event-loop monitor; its readings include it, so it is subtracted again. */
const LAG_RESOLUTION_MS = 10;

/**
 * Windows shorter than this give CPU figures dominated by accounting noise (a stop 0.1 ms after
 * a tick can read 300%); such a window is merged with the one before it.
 */
const MIN_CPU_WINDOW_MS = 5;

/** A point in time with the process's cumulative CPU time, for CPU-over-wall windows. */
interface CpuPoint {
  /** performance.now(), ms. */
  readonly wall: number;
  /** User + system CPU time, microseconds. */
  readonly cpuUs: number;
}

function cpuPoint(): CpuPoint {
  const usage = process.cpuUsage();
  return { wall: performance.now(), cpuUs: usage.user + usage.system };
}

function cpuPct(from: CpuPoint, to: CpuPoint): number {
  const wallMs = to.wall - from.wall;
  return wallMs > 0 ? (to.cpuUs - from.cpuUs) / 10 / wallMs : 0;
}

/**
 * Samples memory, CPU, event-loop lag and queue depth at a fixed interval while a run goes on.
 *
 * It keeps running aggregates (peak, sum, count) and the latest sample only, so its memory does
 * not grow with the length of the run. It exists partly to catch the harness itself being the
 * bottleneck: a load generator pinned at one core or with a lagging event loop under-reports
 * the system under test.
 */
export class Sampler {
  private readonly intervalMs: number;
  private readonly readDepth: () => number | Promise<number>;
  private readonly onSample: ((sample: ResourceSample) => void) | undefined;

  private timer: NodeJS.Timeout | undefined;
  private monitor: ELDHistogram | undefined;
  private state: "idle" | "running" | "stopped" = "idle";
  private stopping: Promise<void> | undefined;
  /** The async depth read in flight, if any; a tick that finds one skips rather than overlap. */
  private pendingRead: Promise<void> | undefined;
  private lastDepth = 0;

  private startPoint: CpuPoint | undefined;
  private lastPoint: CpuPoint | undefined;
  private beforeLastPoint: CpuPoint | undefined;
  private last: ResourceSample | undefined;

  private startUpMs: number | undefined;
  private rssAtStart: number | undefined;
  private count = 0;
  private rssPeak = 0;
  private rssSum = 0;
  private heapPeak = 0;
  private heapSum = 0;
  private cpuPeak = 0;
  private depthPeak = 0;
  private depthSum = 0;
  private lagP99Ms = 0;
  private lagMaxMs = 0;

  /** Creates an idle sampler; nothing is measured until {@link start}. */
  constructor(options: SamplerOptions) {
    const intervalMs = options.intervalMs ?? 100;
    if (!(intervalMs > 0))
      throw new RangeError(`Sampler intervalMs must be > 0, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.readDepth = options.readDepth;
    this.onSample = options.onSample;
  }

  /** Takes a first sample at once, then one every `intervalMs`; the timer never holds the process open. */
  start(): void {
    if (this.state !== "idle") throw new Error("Sampler can only be started once");
    this.state = "running";
    this.startUpMs = performance.now();
    this.monitor = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    this.monitor.enable();
    void this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /**
   * Takes a final sample (after any depth read in flight), then stops the timer and the
   * event-loop monitor. Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    if (this.stopping === undefined) this.stopping = this.finish();
    return this.stopping;
  }

  /** The most recent sample, or undefined before {@link start}. */
  latest(): ResourceSample | undefined {
    return this.last;
  }

  /** Aggregates so far; valid (all zeros) before the first sample, and with a single one. */
  summary(): SamplerSummary {
    const n = this.count;
    const lag = this.state === "running" ? this.readLag() : undefined;
    const cpuAvgPct =
      this.startPoint !== undefined && this.lastPoint !== undefined
        ? cpuPct(this.startPoint, this.lastPoint)
        : 0;
    return {
      ...(this.startUpMs === undefined ? {} : { startUpMs: this.startUpMs }),
      ...(this.rssAtStart === undefined ? {} : { rssAtStartMB: this.rssAtStart }),
      rssPeakMB: this.rssPeak,
      rssAvgMB: n > 0 ? this.rssSum / n : 0,
      heapPeakMB: this.heapPeak,
      heapAvgMB: n > 0 ? this.heapSum / n : 0,
      // The average is a weighted mean of the windows the peak was taken over, so only rounding
      // could put it above the peak; the max keeps the pair consistent for readers.
      cpuPeakPct: Math.max(this.cpuPeak, cpuAvgPct),
      cpuAvgPct,
      eventLoopLagP99Ms: lag?.p99 ?? this.lagP99Ms,
      eventLoopLagMaxMs: lag?.max ?? this.lagMaxMs,
      samples: n,
      depthPeak: this.depthPeak,
      depthAvg: n > 0 ? this.depthSum / n : 0,
    };
  }

  private async finish(): Promise<void> {
    if (this.state !== "running") {
      this.state = "stopped";
      return;
    }
    this.state = "stopped";
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.pendingRead !== undefined) await this.pendingRead;
    await this.sample(true);
    const lag = this.readLag();
    this.lagP99Ms = lag.p99;
    this.lagMaxMs = lag.max;
    this.monitor?.disable();
    this.monitor = undefined;
  }

  /** Reads the depth, then records a sample; resolves once recorded (at once when synchronous). */
  private sample(final = false): Promise<void> | undefined {
    if (this.pendingRead !== undefined) return this.pendingRead;
    if (this.state !== "running" && !final) return undefined;
    let depth: number | Promise<number>;
    try {
      depth = this.readDepth();
    } catch {
      // A failing depth probe must not take the run down with it; the last depth stands in.
      depth = this.lastDepth;
    }
    if (!isThenable<number>(depth)) {
      this.record(depth);
      return undefined;
    }
    const read = Promise.resolve(depth).then(
      (value) => {
        this.pendingRead = undefined;
        this.record(value);
      },
      () => {
        this.pendingRead = undefined;
        this.record(this.lastDepth);
      },
    );
    this.pendingRead = read;
    return read;
  }

  private record(rawDepth: number): void {
    const depth = Number.isFinite(rawDepth) ? rawDepth : this.lastDepth;
    this.lastDepth = depth;
    const memory = process.memoryUsage();
    const point = cpuPoint();
    let cpu = 0;
    // The averaging window opens at the first sample rather than in start(): the few
    // microseconds between them would otherwise make a one-sample summary read 100%+.
    if (this.startPoint === undefined) this.startPoint = point;
    if (this.lastPoint !== undefined) {
      const base =
        point.wall - this.lastPoint.wall < MIN_CPU_WINDOW_MS && this.beforeLastPoint !== undefined
          ? this.beforeLastPoint
          : this.lastPoint;
      cpu = cpuPct(base, point);
    }
    this.beforeLastPoint = this.lastPoint;
    this.lastPoint = point;

    const sample: ResourceSample = {
      at: nowMs(),
      rssMB: memory.rss / MB,
      heapMB: memory.heapUsed / MB,
      cpuPct: cpu,
      depth,
    };
    this.last = sample;
    this.rssAtStart ??= sample.rssMB;
    this.count++;
    this.rssSum += sample.rssMB;
    this.heapSum += sample.heapMB;
    this.depthSum += depth;
    if (sample.rssMB > this.rssPeak) this.rssPeak = sample.rssMB;
    if (sample.heapMB > this.heapPeak) this.heapPeak = sample.heapMB;
    if (cpu > this.cpuPeak) this.cpuPeak = cpu;
    if (depth > this.depthPeak) this.depthPeak = depth;
    this.onSample?.(sample);
  }

  private readLag(): { p99: number; max: number } {
    const monitor = this.monitor;
    // An empty histogram reports a bogus p99; a run shorter than one period has no readings.
    if (monitor === undefined || monitor.count === 0) return { p99: 0, max: 0 };
    return {
      p99: Math.max(0, monitor.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
      max: Math.max(0, monitor.max / 1e6 - LAG_RESOLUTION_MS),
    };
  }
}
