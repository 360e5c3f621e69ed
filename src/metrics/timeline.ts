import type { TimelinePoint } from "../result/result.js";
import type { LatencyHistogram } from "./histogram.js";
import type { Recorder, RecorderCounts } from "./recorder.js";
import type { ResourceSample } from "./sampler.js";
import { BoundedPoints, MAX_TIMELINE_POINTS } from "./timeline-compaction.js";

/** Length of one timeline interval. */
export const TIMELINE_INTERVAL_MS = 1000;

const ZERO: RecorderCounts = {
  generated: 0,
  sent: 0,
  dropped: 0,
  delivered: 0,
  deadLettered: 0,
  deliveries: 0,
  failed: 0,
};

type UncorrectedFields =
  | "endToEndUncorrectedP50Ms"
  | "endToEndUncorrectedP95Ms"
  | "endToEndUncorrectedP99Ms";

/** An open point's uncorrected percentiles; none when no delivery in it kept its acceptance. */
function uncorrectedPercentiles(
  latency: LatencyHistogram,
): Partial<Pick<TimelinePoint, UncorrectedFields>> {
  if (latency.count === 0) return {};
  return {
    endToEndUncorrectedP50Ms: latency.percentile(50),
    endToEndUncorrectedP95Ms: latency.percentile(95),
    endToEndUncorrectedP99Ms: latency.percentile(99),
  };
}

/**
 * Cuts the run into one-second intervals: what was delivered and failed in each, its latency
 * percentiles (under open load the uncorrected ones too), and the last resource sample. One
 * point per second, and at most `maxPoints`: past it older seconds merge
 * (timeline-compaction.ts), so a run of a day stays about as small as a run of an hour, its
 * last minutes at one-second resolution.
 */
export class Timeline {
  private readonly points: BoundedPoints;
  private previous: RecorderCounts = ZERO;
  private closedAt: number;

  /**
   * `open`: the run has open load, and each point says what arrived, got in and was dropped,
   * and its latency from the queue's acceptance (uncorrected) beside the corrected.
   */
  constructor(
    private readonly startedAt: number,
    private readonly open = false,
    maxPoints = MAX_TIMELINE_POINTS,
  ) {
    this.closedAt = startedAt;
    this.points = new BoundedPoints(maxPoints);
  }

  /**
   * Close the interval ending at `now` once it is a second long (or at once with `force`, for
   * the last, partial interval). Starts the recorder's next interval.
   */
  update(now: number, recorder: Recorder, sample: ResourceSample | undefined, force = false): void {
    if (!force && now - this.closedAt < TIMELINE_INTERVAL_MS) return;
    if (force && now <= this.closedAt) return;
    const counts = recorder.counts();
    const previous = this.previous;
    const latency = recorder.endToEndSinceMark();
    this.points.push({
      t: Math.round(now - this.startedAt) / 1000,
      delivered: counts.delivered - previous.delivered,
      deliveries: counts.deliveries - previous.deliveries,
      failed: counts.failed - previous.failed,
      deadLettered: counts.deadLettered - previous.deadLettered,
      endToEndP50Ms: latency.count === 0 ? 0 : latency.percentile(50),
      endToEndP95Ms: latency.count === 0 ? 0 : latency.percentile(95),
      endToEndP99Ms: latency.count === 0 ? 0 : latency.percentile(99),
      ...(this.open ? uncorrectedPercentiles(recorder.endToEndUncorrectedSinceMark()) : {}),
      depth: sample?.depth ?? 0,
      rssMB: sample?.rssMB ?? 0,
      cpuPct: sample?.cpuPct ?? 0,
      ...(this.open
        ? {
            offered: counts.generated - previous.generated,
            sent: counts.sent - previous.sent,
            dropped: counts.dropped - previous.dropped,
          }
        : {}),
    });
    recorder.markInterval(this.open);
    this.previous = counts;
    this.closedAt = now;
  }

  /** The points so far. */
  get intervals(): readonly TimelinePoint[] {
    return this.points.all();
  }

  /** The most recent closed point, for a live p99 between closes. */
  get latest(): TimelinePoint | undefined {
    return this.points.latest;
  }
}
