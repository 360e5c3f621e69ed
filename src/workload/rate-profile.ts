import type { LoadStage } from "../config/stages.js";

/** A stretch of time over which the rate changes linearly. */
interface Segment {
  readonly startMs: number;
  readonly endMs: number;
  /** Messages per second at the start and at the end. */
  readonly fromRate: number;
  readonly toRate: number;
  /** Expected arrivals before the segment starts. */
  readonly countBefore: number;
  /** Expected arrivals within it. */
  readonly count: number;
}

/**
 * An arrival rate over time, piecewise linear: constant, or ramping through stages like k6's
 * `ramping-arrival-rate`. It answers how many arrivals are expected by a time ({@link countAt})
 * and, the other way round, when the n-th expected arrival falls ({@link timeOfCount}), which is
 * how a schedule places arrivals on it exactly, however the rate changes.
 */
export class RateProfile {
  private readonly segments: readonly Segment[];
  /** When the profile ends, ms from its start; Infinity for a rate with no end. */
  readonly endMs: number;
  /** Expected arrivals over the whole profile; Infinity for a rate with no end. */
  readonly totalCount: number;

  private constructor(segments: Segment[]) {
    this.segments = segments;
    const last = segments[segments.length - 1] as Segment;
    this.endMs = last.endMs;
    this.totalCount = last.countBefore + last.count;
  }

  /** `perSecond` from the start for `durationMs` (for ever when undefined). */
  static constant(perSecond: number, durationMs?: number): RateProfile {
    const endMs = durationMs ?? Number.POSITIVE_INFINITY;
    return new RateProfile([
      {
        startMs: 0,
        endMs,
        fromRate: perSecond,
        toRate: perSecond,
        countBefore: 0,
        count: (perSecond * endMs) / 1000,
      },
    ]);
  }

  /** From `startRate`, each stage linear to its target over its duration. */
  static staged(startRate: number, stages: readonly LoadStage[]): RateProfile {
    const segments: Segment[] = [];
    let at = 0;
    let rate = startRate;
    let before = 0;
    for (const stage of stages) {
      const count = (((rate + stage.targetRate) / 2) * stage.durationMs) / 1000;
      segments.push({
        startMs: at,
        endMs: at + stage.durationMs,
        fromRate: rate,
        toRate: stage.targetRate,
        countBefore: before,
        count,
      });
      at += stage.durationMs;
      rate = stage.targetRate;
      before += count;
    }
    return new RateProfile(segments);
  }

  /** The rate at `ms` from the start, messages per second; 0 after the end. */
  rateAt(ms: number): number {
    const segment = this.segments.find((s) => ms < s.endMs);
    if (!segment || ms < 0) return 0;
    const share = segment.endMs === segment.startMs ? 0 : (ms - segment.startMs) / span(segment);
    return segment.fromRate + (segment.toRate - segment.fromRate) * share;
  }

  /** Expected arrivals in [0, ms). */
  countAt(ms: number): number {
    if (ms <= 0) return 0;
    for (const segment of this.segments) {
      if (ms < segment.endMs) {
        const x = (ms - segment.startMs) / 1000;
        return segment.countBefore + segment.fromRate * x + slope(segment) * x * x;
      }
    }
    return this.totalCount;
  }

  /**
   * When the expected arrivals reach `count`, ms from the start: the inverse of
   * {@link countAt}. Undefined when the profile ends first.
   */
  timeOfCount(count: number): number | undefined {
    if (!(count < this.totalCount)) return undefined;
    for (const segment of this.segments) {
      if (count >= segment.countBefore + segment.count) continue;
      // countBefore + a·x + b·x² = count, solved for x ≥ 0 in the form that stays accurate
      // when b is tiny or negative (a ramp down): x = 2d / (a + √(a² + 4bd)).
      const d = Math.max(0, count - segment.countBefore);
      const a = segment.fromRate;
      const b = slope(segment);
      const root = Math.sqrt(Math.max(0, a * a + 4 * b * d));
      const x = d === 0 ? 0 : (2 * d) / (a + root);
      return Math.min(segment.startMs + x * 1000, segment.endMs);
    }
    return undefined;
  }
}

function span(segment: Segment): number {
  return segment.endMs - segment.startMs;
}

/** Half the rate's change per second, the x² coefficient of the count. */
function slope(segment: Segment): number {
  if (!Number.isFinite(segment.endMs)) return 0;
  return (segment.toRate - segment.fromRate) / (2 * (span(segment) / 1000));
}
