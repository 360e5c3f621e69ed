import type { TimelinePoint } from "../../result/result.js";

/** A count per second at the end of each interval. */
export interface RatePoint {
  readonly t: number;
  readonly delivered: number;
  readonly failed: number;
  /** Open load: arrivals and what the queue accepted; 0 for a closed run. */
  readonly offered: number;
  readonly sent: number;
}

type Counted = "delivered" | "failed" | "offered" | "sent";
const COUNTED: readonly Counted[] = ["delivered", "failed", "offered", "sent"];

/**
 * A last interval shorter than this is folded into the one before: the run's final, partial
 * interval can be a few milliseconds long, and a handful of messages over a few milliseconds
 * would draw a rate spike nobody saw.
 */
const SHORTEST_INTERVAL_S = 0.5;

/**
 * Delivered messages, failed attempts and (open load) arrivals and sends per second, interval
 * by interval. Timeline counts are per interval, and intervals are a second long except the
 * last, so each is divided by its own length rather than read as a rate.
 */
export function ratesPerSecond(timeline: readonly TimelinePoint[]): RatePoint[] {
  const intervals = timeline.map((point, index) => ({
    start: index === 0 ? 0 : (timeline[index - 1] as TimelinePoint).t,
    end: point.t,
    counts: COUNTED.map((field) => point[field] ?? 0),
  }));
  const last = intervals.at(-1);
  const beforeLast = intervals.at(-2);
  if (last && beforeLast && last.end - last.start < SHORTEST_INTERVAL_S) {
    intervals.splice(-2, 2, {
      start: beforeLast.start,
      end: last.end,
      counts: beforeLast.counts.map((n, i) => n + (last.counts[i] ?? 0)),
    });
  }
  return intervals.map(({ start, end, counts }) => {
    const seconds = end - start;
    const [delivered = 0, failed = 0, offered = 0, sent = 0] = counts.map((n) =>
      seconds > 0 ? n / seconds : n,
    );
    return { t: end, delivered, failed, offered, sent };
  });
}
