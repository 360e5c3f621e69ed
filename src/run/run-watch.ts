import { firstLine } from "../errors.js";
import type { Recorder } from "../metrics/recorder.js";
import { type ResourceSample, Sampler, type SamplerSummary } from "../metrics/sampler.js";
import { Timeline } from "../metrics/timeline.js";
import { outstanding, type QueueDriver } from "../queue/driver.js";
import type { ChaosKind, TimelinePoint } from "../result/result.js";
import { firstLostThreshold, type LiveFigures } from "../thresholds/live-check.js";
import type { Threshold } from "../thresholds/threshold.js";
import { nowMs } from "../util/clock.js";
import type { LiveWorker, ProgressSnapshot, TimelineView } from "./options.js";
import { ProgressTracker } from "./progress-tracker.js";
import { TimelineFeed } from "./timeline-feed.js";

/** Options of {@link RunWatch}. */
export interface RunWatchOptions {
  /** When the run's clock started. */
  readonly startedAt: number;
  /** Messages the run will generate at most (Infinity when nothing bounds the count). */
  readonly planned: number;
  /** About how many it will generate, for progress. */
  readonly expected: number;
  /** Whether the run has open load (its timeline then says what arrived and got in). */
  readonly open: boolean;
  readonly recorder: Recorder;
  readonly queue: QueueDriver;
  /** The thresholds to watch: to stop the run with `abortOnFail`, to tell `onTimeline`. */
  readonly thresholds: readonly Threshold[];
  readonly abortOnFail: boolean;
  /** Aborted to stop the run early; a threshold that can no longer pass aborts it. */
  readonly stop: AbortController;
  readonly onProgress: ((snapshot: ProgressSnapshot) => void) | undefined;
  readonly onTimeline: ((view: TimelineView) => void) | undefined;
  /** Chaos episodes so far, for a run with chaos in this process. */
  readonly chaos: (() => Readonly<Record<ChaosKind, number>>) | undefined;
  /** A distributed run's workers so far, for `onTimeline`. */
  readonly workers: (() => readonly LiveWorker[]) | undefined;
  /** The run's warnings, added to as things happen. */
  readonly warnings: string[];
}

/**
 * What watches a run as it goes: the sampler, every 100 ms, feeds the timeline, checks the
 * thresholds against sound bounds (`abortOnFail`) and hands the caller a progress snapshot,
 * and, each time a timeline point closes, the run so far (`onTimeline`).
 */
export class RunWatch {
  /** Thresholds that stopped the run because they could no longer pass. */
  readonly lostThresholds = new Set<string>();
  private readonly timeline: Timeline;
  private readonly progress: ProgressTracker;
  private readonly sampler: Sampler;
  private readonly feed: TimelineFeed | undefined;
  private reportProgress: ((snapshot: ProgressSnapshot) => void) | undefined;

  constructor(private readonly options: RunWatchOptions) {
    const { startedAt, expected, recorder, queue, onTimeline } = options;
    this.timeline = new Timeline(startedAt, options.open);
    this.progress = new ProgressTracker(startedAt, expected, recorder, this.timeline);
    this.reportProgress = options.onProgress;
    this.feed =
      onTimeline &&
      new TimelineFeed({
        listener: onTimeline,
        thresholds: options.thresholds,
        chaos: options.chaos,
        workers: options.workers,
        warnings: options.warnings,
      });
    this.sampler = new Sampler({
      readDepth: async () => outstanding(await queue.depth()),
      onSample: (sample) => {
        this.timeline.update(sample.at, recorder, sample);
        this.watchThresholds();
        this.tellTimeline(sample.at);
        try {
          this.reportProgress?.(this.progress.snapshot(sample));
        } catch (error) {
          // A throwing callback inside a timer would crash the caller's process.
          this.reportProgress = undefined;
          options.warnings.push(`onProgress threw and was not called again: ${firstLine(error)}`);
        }
      },
    });
  }

  /** Begin sampling. */
  start(): void {
    this.sampler.start();
  }

  /** Stop sampling and close the timeline's last interval, as the run ends. */
  async finish(): Promise<void> {
    await this.sampler.stop();
    const now = nowMs();
    this.timeline.update(now, this.options.recorder, this.sampler.latest(), true);
    this.tellTimeline(now, true);
  }

  /** Stop sampling, if it still goes on; for a run that ends by failing. */
  async stop(): Promise<void> {
    await this.sampler.stop();
  }

  /** The timeline's one-second intervals. */
  get timelinePoints(): readonly TimelinePoint[] {
    return this.timeline.intervals;
  }

  /** The sampler's latest reading, or undefined before the first. */
  get latestSample(): ResourceSample | undefined {
    return this.sampler.latest();
  }

  /** What the sampler measured so far. */
  get resources(): SamplerSummary {
    return this.sampler.summary();
  }

  /** What the run has measured so far, for judging its thresholds before it ends. */
  private liveFigures(): LiveFigures {
    const { planned, recorder } = this.options;
    return {
      planned,
      totals: recorder.totals(0),
      latency: recorder,
      resources: this.sampler.summary(),
    };
  }

  private tellTimeline(now: number, final = false): void {
    const { timeline } = this;
    this.feed?.offer(
      now - this.options.startedAt,
      timeline.latest,
      () => timeline.intervals,
      () => this.liveFigures(),
      final,
    );
  }

  private watchThresholds(): void {
    const { abortOnFail, stop, thresholds, warnings } = this.options;
    if (!abortOnFail || stop.signal.aborted || thresholds.length === 0) return;
    const lost = firstLostThreshold(thresholds, this.liveFigures());
    if (!lost) return;
    this.lostThresholds.add(lost.threshold.expression);
    warnings.push(
      `stopped early: threshold ${lost.threshold.expression} can no longer pass (${lost.why})`,
    );
    stop.abort();
  }
}
