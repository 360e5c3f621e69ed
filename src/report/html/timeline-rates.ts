import type { TimelinePoint } from "../../result/result.js";

/** A count per second at the end of each interval. */
export interface RatePoint {
  readonly t: number;
  readonly delivered: number;
  readonly failed: number;
}

/**
 * A last interval shorter than this is folded into the one before: the run's final, partial
 * interval can be a few milliseconds long, and a handful of messages over a few milliseconds
 * would draw a rate spike nobody saw.
 */
const SHORTEST_INTERVAL_S = 0.5;

/**
 * Delivered messages and failed attempts per second, interval by interval. Timeline counts are
 * per interval, and intervals are a second long except the last, so each is divided by its own
 * length rather than read as a rate.
 */
export function ratesPerSecond(timeline: readonly TimelinePoint[]): RatePoint[] {
  const intervals = timeline.map((point, index) => ({
    start: index === 0 ? 0 : (timeline[index - 1] as TimelinePoint).t,
    end: point.t,
    delivered: point.delivered,
    failed: point.failed,
  }));
  const last = intervals.at(-1);
  const beforeLast = intervals.at(-2);
  if (last && beforeLast && last.end - last.start < SHORTEST_INTERVAL_S) {
    intervals.splice(-2, 2, {
      start: beforeLast.start,
      end: last.end,
      delivered: beforeLast.delivered + last.delivered,
      failed: beforeLast.failed + last.failed,
    });
  }
  return intervals.map(({ start, end, delivered, failed }) => {
    const seconds = end - start;
    return seconds > 0
      ? { t: end, delivered: delivered / seconds, failed: failed / seconds }
      : { t: end, delivered, failed };
  });
}
