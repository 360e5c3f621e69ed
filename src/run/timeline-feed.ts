import { firstLine } from "../errors.js";
import type { ChaosKind, TimelinePoint } from "../result/result.js";
import { cannotPass, type LiveFigures } from "../thresholds/live-check.js";
import type { Threshold } from "../thresholds/threshold.js";
import type { LiveThreshold, LiveWorker, TimelineView } from "./options.js";

/** Options of {@link TimelineFeed}. */
export interface TimelineFeedOptions {
  readonly listener: (view: TimelineView) => void;
  readonly thresholds: readonly Threshold[];
  /** Chaos episodes so far, for a run with chaos in this process. */
  readonly chaos: (() => Readonly<Record<ChaosKind, number>>) | undefined;
  /** A distributed run's workers so far. */
  readonly workers: (() => readonly LiveWorker[]) | undefined;
  /** The run's warnings, told when the listener throws. */
  readonly warnings: string[];
}

/**
 * Hands {@link RunnerOptions.onTimeline} the run so far each time the timeline gains a point:
 * the points, each threshold judged on what is measured (lost for good, or not yet), the chaos
 * episodes, a distributed run's workers. Kept apart from the sampling so that a run without a listener judges nothing more.
 */
export class TimelineFeed {
  private readonly lost = new Map<string, string>();
  private lastSent: TimelinePoint | undefined;
  private listener: ((view: TimelineView) => void) | undefined;

  constructor(private readonly options: TimelineFeedOptions) {
    this.listener = options.listener;
  }

  /**
   * Tell the listener when `latest` is a point it has not seen (or always with `final`).
   * `timeline` and `figures` are only read then, once a second, not at every sample.
   */
  offer(
    elapsedMs: number,
    latest: TimelinePoint | undefined,
    timeline: () => readonly TimelinePoint[],
    figures: () => LiveFigures,
    final = false,
  ): void {
    const listener = this.listener;
    if (listener === undefined || (!final && (latest === undefined || latest === this.lastSent))) {
      return;
    }
    this.lastSent = latest;
    const chaos = this.options.chaos?.();
    const workers = this.options.workers?.();
    try {
      listener({
        elapsedMs,
        // A copy: the timeline's own array goes on growing after the call.
        timeline: timeline().slice(),
        thresholds: this.judge(figures()),
        ...(chaos ? { chaos } : {}),
        ...(workers ? { workers } : {}),
        final,
      });
    } catch (error) {
      // A throwing callback inside a timer would crash the caller's process.
      this.listener = undefined;
      this.options.warnings.push(`onTimeline threw and was not called again: ${firstLine(error)}`);
    }
  }

  private judge(figures: LiveFigures): LiveThreshold[] {
    return this.options.thresholds.map((threshold) => {
      const { expression } = threshold;
      let lost = this.lost.get(expression);
      if (lost === undefined) {
        lost = cannotPass(threshold, figures);
        if (lost !== undefined) this.lost.set(expression, lost);
      }
      return lost === undefined ? { expression } : { expression, lost };
    });
  }
}
