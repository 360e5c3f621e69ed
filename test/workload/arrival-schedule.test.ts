import { describe, expect, it } from "vitest";
import { ArrivalSchedule, plannedArrivals } from "../../src/workload/arrival-schedule.js";
import { RateProfile } from "../../src/workload/rate-profile.js";

function drain(schedule: ArrivalSchedule, most = 10_000_000): number[] {
  const times: number[] = [];
  for (let at = schedule.next(); at !== undefined && times.length < most; at = schedule.next()) {
    times.push(at);
  }
  return times;
}

describe("RateProfile", () => {
  it("counts arrivals over a ramp as the area under the rate, and inverts that count", () => {
    // 0 → 100/s over 10 s, then 100/s for 5 s: 500 + 500 arrivals.
    const profile = RateProfile.staged(0, [
      { durationMs: 10_000, targetRate: 100 },
      { durationMs: 5_000, targetRate: 100 },
    ]);
    expect(profile.totalCount).toBeCloseTo(1000, 9);
    expect(profile.countAt(5_000)).toBeCloseTo(125, 9);
    expect(profile.rateAt(5_000)).toBeCloseTo(50, 9);
    expect(profile.rateAt(12_000)).toBeCloseTo(100, 9);
    for (const ms of [0, 1, 999, 5_000, 9_999, 10_000, 12_345, 14_999]) {
      expect(profile.timeOfCount(profile.countAt(ms))).toBeCloseTo(ms, 6);
    }
    expect(profile.timeOfCount(1000)).toBeUndefined();
  });

  it("inverts a ramp down accurately", () => {
    const profile = RateProfile.staged(5000, [{ durationMs: 2_000, targetRate: 0 }]);
    expect(profile.totalCount).toBeCloseTo(5000, 9);
    for (const ms of [0, 0.5, 700, 1_999.9]) {
      expect(profile.timeOfCount(profile.countAt(ms))).toBeCloseTo(ms, 6);
    }
  });
});

describe("ArrivalSchedule", () => {
  it("spaces uniform arrivals exactly 1/rate apart, and ends with the profile", () => {
    const times = drain(new ArrivalSchedule(RateProfile.constant(2000, 1000), "uniform", 1));
    expect(times).toHaveLength(2000);
    expect(times.slice(0, 3)).toEqual([0, 0.5, 1]);
    expect(times.at(-1)).toBeCloseTo(999.5, 9);
    expect(plannedArrivals(RateProfile.constant(2000, 1000), "uniform", 1, Infinity)).toBe(2000);
  });

  it("follows a ramp: each second of a 0 → 1000/s ramp gets the arrivals its rate gives", () => {
    const profile = RateProfile.staged(0, [{ durationMs: 4_000, targetRate: 1000 }]);
    const times = drain(new ArrivalSchedule(profile, "uniform", 1));
    const perSecond = [0, 1, 2, 3].map(
      (s) => times.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length,
    );
    // The area under a line from 250·s to 250·(s+1) per second.
    expect(perSecond).toEqual([125, 375, 625, 875]);
  });

  it("makes Poisson arrivals with the mean rate, exponential gaps, and the same times for the same seed", () => {
    const profile = RateProfile.constant(10_000, 10_000);
    const times = drain(new ArrivalSchedule(profile, "poisson", 7));
    expect(Math.abs(times.length - 100_000) / 100_000).toBeLessThan(0.02);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeCloseTo(0.1, 2);
    // An exponential's standard deviation equals its mean; uniform spacing would have none.
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
    expect(drain(new ArrivalSchedule(profile, "poisson", 7), 1000)).toEqual(times.slice(0, 1000));
    expect(drain(new ArrivalSchedule(profile, "poisson", 8), 10)).not.toEqual(times.slice(0, 10));
    expect(plannedArrivals(profile, "poisson", 7, Infinity)).toBe(times.length);
    expect(plannedArrivals(profile, "poisson", 7, 500)).toBe(500);
  });

  it("goes on for ever at a rate with no end, bounded by the count instead", () => {
    const profile = RateProfile.constant(100);
    expect(drain(new ArrivalSchedule(profile, "uniform", 1), 5000).at(-1)).toBeCloseTo(49_990, 6);
    expect(plannedArrivals(profile, "uniform", 1, 700)).toBe(700);
    expect(plannedArrivals(profile, "poisson", 1, 700)).toBe(700);
  });
});
