import type { ComparedUnit } from "./compared-metrics.js";
import type { Verdict } from "./comparison.js";

/** Slack for floating-point error, so a change of exactly the tolerance counts as within it. */
const EPSILON = 1e-9;

/** How a candidate's figure stands against the base's. */
export interface Judgement {
  /** `candidate / base`; null when either is missing or the base is 0. */
  readonly ratio: number | null;
  readonly verdict: Verdict;
}

/**
 * Judge one figure. A change within `tolerance` is `same`; beyond it, `better` or `worse` by
 * the figure's polarity. From a base of 0 any other value is an unbounded change, so it is
 * judged by its direction (0 dead letters to 5 is worse) though it has no ratio.
 *
 * Rates in 0..1 (`ratio` unit, the success rates) are judged by the relative change of their
 * complement, the share that failed: 99.9% to 99.0% is ten times as many failures, which is
 * what a reader needs flagged, while the rates' own ratio (0.99×) or their difference in points
 * (0.9) would pass as noise within any usual tolerance.
 */
export function judge(
  base: number | null,
  candidate: number | null,
  unit: ComparedUnit,
  higherIsBetter: boolean,
  tolerance: number,
): Judgement {
  if (base === null || candidate === null) return { ratio: null, verdict: "n/a" };
  const ratio = base === 0 ? null : candidate / base;
  const failureShare = unit === "ratio";
  const change = failureShare
    ? relativeChange(1 - base, 1 - candidate)
    : relativeChange(base, candidate);
  if (Math.abs(change) <= tolerance + EPSILON) return { ratio, verdict: "same" };
  const rose = change > 0;
  return {
    ratio,
    verdict: rose === (failureShare ? !higherIsBetter : higherIsBetter) ? "better" : "worse",
  };
}

function relativeChange(base: number, candidate: number): number {
  if (Math.abs(base) <= EPSILON) {
    return Math.abs(candidate) <= EPSILON ? 0 : Math.sign(candidate) * Number.POSITIVE_INFINITY;
  }
  return (candidate - base) / Math.abs(base);
}
