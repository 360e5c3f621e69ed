import { describe, expect, it } from "vitest";
import type { StepPhase, StepVerdict } from "../../src/capacity/capacity-document.js";
import { type SearchBounds, searchCapacity } from "../../src/capacity/search.js";

const BOUNDS: SearchBounds = { startRate: 100, maxRate: 1_000_000, resolution: 0.02 };

/** A pipeline that sustains every rate up to `capacity`, and the steps the search asked of it. */
function pipeline(
  capacity: number,
  overrides: (rate: number, phase: StepPhase) => StepVerdict | undefined = () => undefined,
) {
  const steps: { rate: number; phase: StepPhase }[] = [];
  const measure = async (rate: number, phase: StepPhase): Promise<StepVerdict> => {
    steps.push({ rate, phase });
    return overrides(rate, phase) ?? (rate <= capacity ? "sustained" : "not sustained");
  };
  return { measure, steps };
}

describe("searchCapacity", () => {
  it("doubles to the first failing rate, bisects to the resolution, and confirms what it found", async () => {
    const { measure, steps } = pipeline(1234);
    const outcome = await searchCapacity(measure, BOUNDS);
    expect(outcome.verdict).toBe("found");
    const found = outcome.sustainedRate as number;
    expect(found).toBeLessThanOrEqual(1234);
    expect(found).toBeGreaterThanOrEqual(1234 * 0.98);
    expect(outcome.firstFailingRate).toBeGreaterThan(1234);
    expect(((outcome.firstFailingRate as number) - found) / found).toBeLessThanOrEqual(0.02);
    const ramp = steps.filter((s) => s.phase === "ramp").map((s) => s.rate);
    expect(ramp).toEqual([100, 200, 400, 800, 1600]);
    expect(steps.at(-1)).toEqual({ rate: found, phase: "confirm" });
    expect(steps.filter((s) => s.phase === "bisect").length).toBeLessThanOrEqual(6);
  });

  it("halves from a start rate the pipeline cannot take, then narrows", async () => {
    const { measure, steps } = pipeline(30);
    const outcome = await searchCapacity(measure, BOUNDS);
    expect(steps.filter((s) => s.phase === "ramp").map((s) => s.rate)).toEqual([100, 50, 25]);
    expect(outcome.verdict).toBe("found");
    expect(outcome.sustainedRate).toBeGreaterThanOrEqual(30 * 0.98);
    expect(outcome.sustainedRate).toBeLessThanOrEqual(30);
  });

  it("gives a range, not a number, when the confirmation does not hold", async () => {
    const { measure } = pipeline(1234, (rate, phase) =>
      phase === "confirm" && rate > 1200 ? "not sustained" : undefined,
    );
    const outcome = await searchCapacity(measure, BOUNDS);
    expect(outcome.verdict).toBe("unconfirmed");
    expect(outcome.sustainedRate).toBeNull();
    const [low, high] = outcome.range as [number, number];
    expect(high).toBeGreaterThan(1200);
    expect(low).toBeLessThan(high);
    expect(low).toBeGreaterThanOrEqual(800);
    expect(outcome.firstFailingRate).toBe(high);
  });

  it("stops where the harness cannot offer the rate, keeping what held below it", async () => {
    const { measure } = pipeline(1e9, (rate) => (rate >= 6400 ? "harness-limited" : undefined));
    const outcome = await searchCapacity(measure, BOUNDS);
    expect(outcome).toMatchObject({ verdict: "harness-limited", sustainedRate: 3200 });
  });

  it("says so when even the highest rate allowed holds, or not even the lowest", async () => {
    const capped = await searchCapacity(pipeline(1e9).measure, { ...BOUNDS, maxRate: 1000 });
    expect(capped).toMatchObject({ verdict: "at maximum", sustainedRate: 1000 });
    const hopeless = await searchCapacity(pipeline(0.5).measure, BOUNDS);
    expect(hopeless).toMatchObject({ verdict: "none sustained", sustainedRate: null });
    expect(hopeless.firstFailingRate).toBeLessThan(2);
  });

  it("ends at once when a step is stopped, with what it found so far", async () => {
    const { measure, steps } = pipeline(1e9, (rate) => (rate === 800 ? "stopped" : undefined));
    const outcome = await searchCapacity(measure, BOUNDS);
    expect(outcome).toMatchObject({ verdict: "stopped", sustainedRate: 400 });
    expect(steps.at(-1)?.rate).toBe(800);
  });
});
