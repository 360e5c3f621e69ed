import type { TimelinePoint } from "../result/result.js";

/**
 * Most points a timeline keeps: an hour of one-second points. Past it, older points merge so that
 * a run of a day keeps a result (and its report) about the size of a run of an hour.
 */
export const MAX_TIMELINE_POINTS = 3600;

/** The newest points kept at their own resolution once a timeline is full: ten minutes. */
export const RECENT_TIMELINE_POINTS = 600;

/**
 * A timeline's points, bounded: until `maxPoints`, every one as it came; past it, the older
 * ones fold into coarse points that each stand for the same number of intervals (2, then 4,
 * 8, ... as the run goes on), and the newest `recent` stay as they came. A day at one point a
 * second ends as ~2,700 points of 32 s and the last 10 to 15 minutes second by second. Counts stay
 * exact; see {@link mergePoints} for what a merged point's percentiles and gauges mean.
 */
export class BoundedPoints {
  private coarse: TimelinePoint[] = [];
  private fine: TimelinePoint[] = [];
  /** Intervals each coarse point stands for. */
  private width = 2;

  constructor(
    private readonly maxPoints = MAX_TIMELINE_POINTS,
    private readonly recent = Math.min(RECENT_TIMELINE_POINTS, Math.floor(maxPoints / 2)),
  ) {}

  push(point: TimelinePoint): void {
    this.fine.push(point);
    if (this.coarse.length + this.fine.length <= this.maxPoints) return;
    let folded = 0;
    while (this.fine.length - folded >= this.recent + this.width) {
      const group = this.fine.slice(folded, folded + this.width);
      folded += this.width;
      const start = this.coarse.at(-1)?.t ?? 0;
      this.coarse.push(mergeRun(group, start));
    }
    this.fine = this.fine.slice(folded);
    // The fine points left are fewer than `recent` plus a group: the coarse make room for them.
    while (this.coarse.length > 1 && this.coarse.length + this.fine.length > this.maxPoints) {
      const halved: TimelinePoint[] = [];
      for (let i = 0; i < this.coarse.length; i += 2) {
        const pair = this.coarse.slice(i, i + 2);
        halved.push(mergeRun(pair, halved.at(-1)?.t ?? 0));
      }
      this.coarse = halved;
      this.width *= 2;
    }
  }

  /** Every point, oldest first. */
  all(): TimelinePoint[] {
    return this.coarse.length === 0 ? this.fine : this.coarse.concat(this.fine);
  }

  get latest(): TimelinePoint | undefined {
    return this.fine.at(-1) ?? this.coarse.at(-1);
  }
}

/** One point for neighbouring points, the first of which began at `start` seconds. */
function mergeRun(points: readonly TimelinePoint[], start: number): TimelinePoint {
  let merged = points[0] as TimelinePoint;
  for (const point of points.slice(1)) merged = mergePoints(merged, point, start);
  return merged;
}

type Summed = "offered" | "sent" | "dropped";

/** Percentiles some points lack: p95 in results saved before it, uncorrected in closed runs. */
type OptionalPercentile =
  | "endToEndP95Ms"
  | "endToEndUncorrectedP50Ms"
  | "endToEndUncorrectedP95Ms"
  | "endToEndUncorrectedP99Ms";

/**
 * One point for two neighbouring intervals, `earlier` (from `earlierStart`, seconds) then
 * `later`, ending at `later.t`:
 * - counts (delivered, failed, offered, ...) add up;
 * - each latency percentile, corrected and uncorrected, is the higher of the two (a side that
 *   lacks it, a second with nothing delivered from acceptance, does not count): the merged
 *   interval's own percentile lies between the two, so this is an upper bound, never an
 *   understatement;
 * - depth is the later's (a gauge read at the interval's end), RSS the higher (a peak), CPU the
 *   mean weighted by each interval's seconds;
 * - `merged` counts the timeline intervals the point stands for.
 */
export function mergePoints(
  earlier: TimelinePoint,
  later: TimelinePoint,
  earlierStart: number,
): TimelinePoint {
  const earlierSeconds = Math.max(0, earlier.t - earlierStart);
  const laterSeconds = Math.max(0, later.t - earlier.t);
  const seconds = earlierSeconds + laterSeconds;
  const sum = (key: Summed): Partial<Pick<TimelinePoint, Summed>> =>
    earlier[key] === undefined && later[key] === undefined
      ? {}
      : { [key]: (earlier[key] ?? 0) + (later[key] ?? 0) };
  const highest = (key: OptionalPercentile): Partial<Pick<TimelinePoint, OptionalPercentile>> =>
    earlier[key] === undefined && later[key] === undefined
      ? {}
      : { [key]: Math.max(earlier[key] ?? 0, later[key] ?? 0) };
  return {
    t: later.t,
    delivered: earlier.delivered + later.delivered,
    deliveries: earlier.deliveries + later.deliveries,
    failed: earlier.failed + later.failed,
    deadLettered: earlier.deadLettered + later.deadLettered,
    endToEndP50Ms: Math.max(earlier.endToEndP50Ms, later.endToEndP50Ms),
    ...highest("endToEndP95Ms"),
    endToEndP99Ms: Math.max(earlier.endToEndP99Ms, later.endToEndP99Ms),
    ...highest("endToEndUncorrectedP50Ms"),
    ...highest("endToEndUncorrectedP95Ms"),
    ...highest("endToEndUncorrectedP99Ms"),
    depth: later.depth,
    rssMB: Math.max(earlier.rssMB, later.rssMB),
    cpuPct:
      seconds > 0
        ? (earlier.cpuPct * earlierSeconds + later.cpuPct * laterSeconds) / seconds
        : later.cpuPct,
    ...sum("offered"),
    ...sum("sent"),
    ...sum("dropped"),
    merged: (earlier.merged ?? 1) + (later.merged ?? 1),
  };
}
