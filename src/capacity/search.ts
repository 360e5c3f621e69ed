import type { CapacityOutcome, StepPhase, StepVerdict } from "./capacity-document.js";

/** Measure the pipeline at `rate` in `phase`; resolves to what the step showed. */
export type MeasureStep = (rate: number, phase: StepPhase) => Promise<StepVerdict>;

/** Where the search may go. */
export interface SearchBounds {
  readonly startRate: number;
  readonly maxRate: number;
  /** Relative gap between holding and failing rates at which narrowing stops. */
  readonly resolution: number;
  /** Lowest rate the search tries going down from a start rate that failed. */
  readonly minRate?: number;
}

/** Below this, going down from a failing start gives up: the pipeline sustains nothing. */
const LOWEST_RATE = 1;

/**
 * Find the highest rate `measure` sustains: double from the start rate until a step fails
 * (halve from it if it fails at once), bisect between the last that held and the first that
 * failed down to `resolution`, then hold the one found again (`confirm`). A confirmation that
 * does not hold gives a range, not a number the search did not see hold. A step the harness
 * could not offer, or a stop, ends the search with what it found so far.
 */
export async function searchCapacity(
  measure: MeasureStep,
  bounds: SearchBounds,
): Promise<CapacityOutcome> {
  const held: number[] = [];
  let good: number | undefined;
  let bad: number | undefined;
  const end = (verdict: CapacityOutcome["verdict"]): CapacityOutcome =>
    outcome(verdict, good, bad, held);

  // Ramp: up by doubling while steps hold; down by halving while the very first ones fail.
  let rate = Math.min(bounds.startRate, bounds.maxRate);
  for (;;) {
    const verdict = await measure(rate, "ramp");
    if (verdict === "stopped") return end("stopped");
    if (verdict === "harness-limited") return end("harness-limited");
    if (verdict === "sustained") {
      good = rate;
      held.push(rate);
      if (bad !== undefined) break;
      if (rate >= bounds.maxRate) return end("at maximum");
      rate = Math.min(rate * 2, bounds.maxRate);
    } else {
      bad = rate;
      if (good !== undefined) break;
      const lower = rate / 2;
      if (lower < (bounds.minRate ?? LOWEST_RATE)) return end("none sustained");
      rate = lower;
    }
  }
  // Bisect: good holds, bad does not.
  while (good !== undefined && bad !== undefined && (bad - good) / good > bounds.resolution) {
    const middle: number = (good + bad) / 2;
    const verdict = await measure(middle, "bisect");
    if (verdict === "stopped") return end("stopped");
    if (verdict === "harness-limited") return end("harness-limited");
    if (verdict === "sustained") {
      good = middle;
      held.push(middle);
    } else {
      bad = middle;
    }
  }
  const found = good as number;
  const confirmed = await measure(found, "confirm");
  if (confirmed === "stopped") return end("stopped");
  if (confirmed === "harness-limited") return end("harness-limited");
  if (confirmed === "sustained") return end("found");
  return {
    verdict: "unconfirmed",
    sustainedRate: null,
    range: [Math.max(0, ...held.filter((r) => r < found)), found],
    firstFailingRate: found,
  };
}

function outcome(
  verdict: CapacityOutcome["verdict"],
  good: number | undefined,
  bad: number | undefined,
  held: readonly number[],
): CapacityOutcome {
  const best = good ?? (held.length > 0 ? Math.max(...held) : undefined);
  return {
    verdict,
    sustainedRate: best ?? null,
    range: null,
    firstFailingRate: bad ?? null,
  };
}
