import * as hdr from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import { EMPTY_LATENCY, LatencyHistogram } from "../../src/metrics/histogram.js";
import { seededRandom } from "../support/seeded-random.js";

const histogram = (): LatencyHistogram => new LatencyHistogram();

describe("LatencyHistogram", () => {
  it("keeps sub-millisecond resolution", () => {
    const h = histogram();
    for (let i = 0; i < 100; i++) h.record(0.1);
    for (let i = 0; i < 100; i++) h.record(0.2);
    const s = h.summary();
    expect(s.count).toBe(200);
    expect(s.p50).toBeCloseTo(0.1, 3);
    expect(s.p99).toBeCloseTo(0.2, 3);
    expect(s.min).toBeCloseTo(0.1, 3);
  });

  it("reports percentiles within 0.1% and never above the max", () => {
    const h = histogram();
    for (let i = 1; i <= 10_000; i++) h.record(i / 1000);
    const s = h.summary();
    expect(s.p50).toBeCloseTo(5, 1);
    expect(Math.abs(s.p99 - 9.9) / 9.9).toBeLessThan(0.002);
    expect(s.max).toBeCloseTo(10, 2);
    for (const p of [s.p50, s.p90, s.p95, s.p99, s.p999]) expect(p).toBeLessThanOrEqual(s.max);
  });

  it("reports a minimum of zero when zeros were recorded", () => {
    const h = histogram();
    h.record(0);
    h.record(0);
    h.record(5);
    expect(h.summary().min).toBe(0);
  });

  it("clamps negative values to zero and summarises an empty histogram as zeros", () => {
    const empty = histogram();
    expect(empty.summary()).toEqual(EMPTY_LATENCY);
    const h = histogram();
    h.record(-5);
    expect(h.summary().max).toBe(0);
    expect(h.count).toBe(1);
  });

  it("travels as compressed base64 and merges exactly", () => {
    const a = histogram();
    const b = histogram();
    for (let i = 0; i < 1000; i++) a.record(1 + (i % 10));
    for (let i = 0; i < 500; i++) b.record(50);
    const decoded = LatencyHistogram.decode(a.encode());
    const [before, after] = [a.summary(), decoded.summary()];
    expect(after).toMatchObject({ count: before.count, p50: before.p50, p90: before.p90 });
    // The encoding keeps buckets, not the exact max: it comes back as its bucket's top.
    expect(Math.abs(after.max - before.max) / before.max).toBeLessThan(0.001);
    decoded.add(LatencyHistogram.decode(b.encode()));
    expect(decoded.count).toBe(1500);
    expect(decoded.summary().max).toBeCloseTo(50, 1);
    expect(decoded.percentile(50)).toBeCloseTo(a.percentile(75), 1);
  });

  it("gives exactly the percentiles of recording each value into HdrHistogram directly", () => {
    const h = histogram();
    const direct = hdr.build({
      bitBucketSize: 64,
      lowestDiscernibleValue: 1,
      highestTrackableValue: 3_600_000_000,
      autoResize: false,
      numberOfSignificantValueDigits: 3,
    });
    const random = seededRandom(81);
    for (let i = 0; i < 50_000; i++) {
      const ms = random() ** 3 * 5000;
      h.record(ms);
      direct.recordValue(Math.round(ms * 1000));
      if (i === 20_000) h.percentile(50); // a read in the middle hands over what is pending
    }
    for (const p of [0, 10, 50, 90, 99, 99.9, 99.99]) {
      expect(h.percentile(p), `p${p}`).toBe(direct.getValueAtPercentile(p) / 1000);
    }
    expect(h.summary().max).toBe(direct.maxValue / 1000);
    expect(h.summary().mean).toBeCloseTo(direct.mean / 1000, 9);
    expect(h.count).toBe(50_000);
  });

  it("tells its largest value without a summary: exact, or its bucket's top once decoded", () => {
    const h = histogram();
    expect(h.max).toBe(0);
    for (const ms of [3, 12.345, 7]) h.record(ms);
    expect(h.max).toBe(12.345);
    const decoded = LatencyHistogram.decode(h.encode());
    expect(decoded.max).toBe(decoded.summary().max);
    expect(decoded.max).toBeGreaterThanOrEqual(12.345);
    expect(decoded.max).toBeLessThan(12.345 * 1.001);
  });

  it("reads counts added from a coarser histogram, which land below its exact minimum", () => {
    const coarse = new LatencyHistogram(1);
    for (const ms of [1.234, 1.25, 9.9]) coarse.record(ms);
    const fine = histogram();
    fine.add(coarse);
    expect(fine.count).toBe(3);
    // Each value lands at the lowest value of its 1-digit bucket, up to 1/16 below it.
    expect(fine.percentile(50)).toBeGreaterThan(1.234 * (1 - 1 / 16));
    expect(fine.percentile(50)).toBeLessThanOrEqual(1.25);
    expect(fine.percentile(0)).toBeGreaterThan(0);
    expect(fine.copy().percentile(50)).toBe(fine.percentile(50));
  });

  it("forgets everything on reset", () => {
    const h = histogram();
    h.record(3);
    h.reset();
    expect(h.count).toBe(0);
  });

  it("grows its counts as values arrive, and merges, subtracts and encodes whatever their sizes", () => {
    const holding = (values: readonly number[]) => {
      const h = histogram();
      for (const v of values) h.record(v);
      return h.encode();
    };
    // A few ms fit the first slots; an hour takes the whole layout.
    const small = histogram();
    small.record(0.5);
    const large = histogram();
    for (const v of [0.5, 3_000, 3_600_000]) large.record(v);
    expect(large.encode()).toBe(holding([0.5, 3_000, 3_600_000]));
    // Subtracting the shorter from the longer, and merging the longer into the shorter.
    large.subtract(small);
    expect(large.encode()).toBe(holding([3_000, 3_600_000]));
    small.add(large);
    expect(small.encode()).toBe(holding([0.5, 3_000, 3_600_000]));
    // An earlier state held in a longer array than this one's (it grew, then was reset).
    const earlier = histogram();
    earlier.record(3_600_000);
    earlier.reset();
    earlier.record(0.2);
    const now = histogram();
    for (const v of [0.2, 0.3]) now.record(v);
    now.subtract(earlier);
    expect(now.encode()).toBe(holding([0.3]));
    expect(now.summary().count).toBe(1);
  });
});
