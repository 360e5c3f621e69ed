/**
 * A long run's timeline stays bounded: older seconds merge into coarser points whose counts stay
 * exact and whose percentiles never understate, while the last minutes keep their resolution.
 */
import { describe, expect, it } from "vitest";
import { BoundedPoints, mergePoints } from "../../src/metrics/timeline-compaction.js";
import type { TimelinePoint } from "../../src/result/result.js";

/** The point of second `t`: counts and figures that differ from second to second. */
function second(t: number): TimelinePoint {
  return {
    t,
    delivered: t * 3,
    deliveries: t * 3 + 1,
    failed: t % 4,
    deadLettered: t % 2,
    endToEndP50Ms: (t % 7) + 1,
    endToEndP95Ms: (t % 11) + 2,
    endToEndP99Ms: (t % 13) + 3,
    depth: t % 5,
    rssMB: 50 + (t % 9),
    cpuPct: t % 100,
  };
}

const total = (points: readonly TimelinePoint[], key: "delivered" | "failed"): number =>
  points.reduce((sum, p) => sum + p[key], 0);

describe("mergePoints", () => {
  it("adds counts, keeps the higher percentiles and RSS, the later depth, and weighs CPU by seconds", () => {
    const earlier = { ...second(2), offered: 10, sent: 9, dropped: 1 };
    const later = { ...second(5), t: 8, cpuPct: 40, offered: 20, sent: 20, dropped: 0 };
    // The earlier interval ran 2 s (from t = 0), the later 6 s.
    const merged = mergePoints({ ...earlier, cpuPct: 80 }, later, 0);
    expect(merged).toEqual({
      t: 8,
      delivered: 6 + 15,
      deliveries: 7 + 16,
      failed: 2 + 1,
      deadLettered: 0 + 1,
      endToEndP50Ms: Math.max(3, 6),
      endToEndP95Ms: Math.max(4, 7),
      endToEndP99Ms: Math.max(5, 8),
      depth: later.depth,
      rssMB: Math.max(earlier.rssMB, later.rssMB),
      cpuPct: (80 * 2 + 40 * 6) / 8,
      offered: 30,
      sent: 29,
      dropped: 1,
      merged: 2,
    });
  });

  it("adds no open-load fields a closed run's points lack, and counts what was merged before", () => {
    const merged = mergePoints({ ...second(1), merged: 4 }, second(2), 0);
    expect(merged).not.toHaveProperty("offered");
    expect(merged).not.toHaveProperty("endToEndUncorrectedP99Ms");
    expect(merged.merged).toBe(5);
  });

  it("keeps the higher uncorrected percentiles, and one side's when the other delivered nothing", () => {
    const uncorrected = (p50: number, p95: number, p99: number) => ({
      endToEndUncorrectedP50Ms: p50,
      endToEndUncorrectedP95Ms: p95,
      endToEndUncorrectedP99Ms: p99,
    });
    const both = mergePoints(
      { ...second(1), ...uncorrected(4, 9, 30) },
      { ...second(2), ...uncorrected(6, 8, 12) },
      0,
    );
    expect(both).toMatchObject(uncorrected(6, 9, 30));
    // A second without a delivery from acceptance has no uncorrected figures: the other's stand.
    const one = mergePoints(second(3), { ...second(4), ...uncorrected(2, 3, 5) }, 2);
    expect(one).toMatchObject(uncorrected(2, 3, 5));
  });
});

describe("BoundedPoints", () => {
  it("folds the uncorrected percentiles of older points as it folds the corrected ones", () => {
    const points = new BoundedPoints(10, 4);
    const open = (t: number): TimelinePoint => ({
      ...second(t),
      endToEndUncorrectedP50Ms: t,
      endToEndUncorrectedP95Ms: t * 2,
      endToEndUncorrectedP99Ms: t * 3,
    });
    for (let t = 1; t <= 25; t++) points.push(open(t));
    const all = points.all();
    const oldest = all[0] as TimelinePoint;
    expect(oldest.merged).toBeGreaterThan(1);
    // Its seconds are 1..t: the highest of their uncorrected percentiles is second t's.
    expect(oldest).toMatchObject({
      endToEndUncorrectedP50Ms: oldest.t,
      endToEndUncorrectedP95Ms: oldest.t * 2,
      endToEndUncorrectedP99Ms: oldest.t * 3,
    });
    expect(all.slice(-4)).toEqual([22, 23, 24, 25].map(open));
  });

  it("keeps every point as it came until it is full", () => {
    const points = new BoundedPoints(10, 4);
    for (let t = 1; t <= 10; t++) points.push(second(t));
    expect(points.all()).toEqual(Array.from({ length: 10 }, (_, i) => second(i + 1)));
  });

  it("folds older points when full, the newest as they came and the totals exact", () => {
    const points = new BoundedPoints(10, 4);
    for (let t = 1; t <= 25; t++) points.push(second(t));
    const all = points.all();
    expect(all.length).toBeLessThanOrEqual(10);
    expect(all.slice(-4)).toEqual([22, 23, 24, 25].map(second));
    expect(total(all, "delivered")).toBe(
      total(
        Array.from({ length: 25 }, (_, i) => second(i + 1)),
        "delivered",
      ),
    );
    expect(total(all, "failed")).toBe(
      total(
        Array.from({ length: 25 }, (_, i) => second(i + 1)),
        "failed",
      ),
    );
    const ends = all.map((p) => p.t);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(new Set(ends).size).toBe(ends.length);
    expect(points.latest).toEqual(second(25));
  });

  it("holds a day of seconds in an hour's points, nearly all of one width, the last ten minutes whole", () => {
    const points = new BoundedPoints();
    const seconds = 24 * 3600;
    let delivered = 0;
    for (let t = 1; t <= seconds; t++) {
      const point = second(t);
      delivered += point.delivered;
      points.push(point);
    }
    const all = points.all();
    expect(all.length).toBeLessThanOrEqual(3600);
    expect(total(all, "delivered")).toBe(delivered);
    expect(all.reduce((sum, p) => sum + (p.merged ?? 1), 0)).toBe(seconds);
    expect(all.slice(-600).every((p) => p.merged === undefined)).toBe(true);
    const widths = all.filter((p) => p.merged !== undefined).map((p) => p.merged as number);
    const widest = Math.max(...widths);
    expect(widest).toBe(32);
    // Uneven merges only where a halving met an odd count: a handful.
    expect(widths.filter((w) => w !== widest).length).toBeLessThan(10);
    // Each merged point reaches back to where the one before it ended.
    expect(all.at(-1)?.t).toBe(seconds);
  });
});
