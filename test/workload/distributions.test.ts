import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/config/duration.js";
import {
  createSampler,
  distributionMean,
  formatDistribution,
  parseDistribution,
} from "../../src/model/distributions.js";
import { createRandom } from "../../src/util/random.js";

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const draw = (spec: string, n = 20_000) => {
  const sample = createSampler(parseDistribution(spec, parseDuration), createRandom(3));
  return Array.from({ length: n }, sample);
};

describe("parseDistribution", () => {
  it("reads a bare quantity as fixed", () => {
    expect(parseDistribution("250us", parseDuration)).toEqual({ kind: "fixed", value: 0.25 });
  });

  it("reads every kind", () => {
    expect(parseDistribution("uniform(0.5ms, 2ms)", parseDuration)).toEqual({
      kind: "uniform",
      min: 0.5,
      max: 2,
    });
    expect(parseDistribution("normal(1ms,0.2ms)", parseDuration).kind).toBe("normal");
    expect(parseDistribution("lognormal(1ms, 0.5)", parseDuration)).toEqual({
      kind: "lognormal",
      median: 1,
      sigma: 0.5,
    });
    expect(parseDistribution("pareto(1ms, 1.5)", parseDuration)).toEqual({
      kind: "pareto",
      scale: 1,
      shape: 1.5,
    });
  });

  it("rejects bad specs with a message naming them", () => {
    expect(() => parseDistribution("zipf(1ms)", parseDuration)).toThrow(/zipf/);
    expect(() => parseDistribution("uniform(2ms)", parseDuration)).toThrow(/uniform\(MIN, MAX\)/);
    expect(() => parseDistribution("uniform(2ms, 1ms)", parseDuration)).toThrow(/below MIN/);
    expect(() => parseDistribution("pareto(1ms, -1)", parseDuration)).toThrow(/positive/);
    expect(() => parseDistribution("1 parsec", parseDuration)).toThrow(/1 parsec/);
  });

  it("formats back to a spec that parses to the same distribution", () => {
    for (const spec of ["1ms", "uniform(0.5ms, 2ms)", "lognormal(1ms, 0.5)", "pareto(2ms, 1.5)"]) {
      const parsed = parseDistribution(spec, parseDuration);
      expect(parseDistribution(formatDistribution(parsed, formatDuration), parseDuration)).toEqual(
        parsed,
      );
    }
  });
});

describe("createSampler", () => {
  it("draws values with the distribution's mean and bounds", () => {
    expect(mean(draw("uniform(1ms, 3ms)"))).toBeCloseTo(2, 1);
    expect(Math.min(...draw("uniform(1ms, 3ms)"))).toBeGreaterThanOrEqual(1);
    expect(mean(draw("normal(5ms, 1ms)"))).toBeCloseTo(5, 1);
    const lognormal = parseDistribution("lognormal(1ms, 0.5)", parseDuration);
    expect(mean(draw("lognormal(1ms, 0.5)"))).toBeCloseTo(distributionMean(lognormal), 1);
  });

  it("never draws a negative delay", () => {
    expect(Math.min(...draw("normal(0.1ms, 1ms)"))).toBeGreaterThanOrEqual(0);
  });

  it("has a heavy tail for pareto", () => {
    const values = draw("pareto(1ms, 1.2)").sort((a, b) => a - b);
    expect(values[0]).toBeGreaterThanOrEqual(1);
    const p50 = values[Math.floor(values.length * 0.5)] as number;
    const p999 = values[Math.floor(values.length * 0.999)] as number;
    expect(p999 / p50).toBeGreaterThan(50);
  });
});

describe("durations", () => {
  it("accepts units and bare milliseconds", () => {
    expect(parseDuration("250us")).toBe(0.25);
    expect(parseDuration("1ms")).toBe(1);
    expect(parseDuration("0.1s")).toBe(100);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("15")).toBe(15);
    expect(parseDuration(0)).toBe(0);
  });

  it("rejects what is not a duration", () => {
    expect(() => parseDuration("fast")).toThrow(/"fast"/);
    expect(() => parseDuration("10 years")).toThrow(/10 years/);
    expect(() => parseDuration(-1)).toThrow(/non-negative/);
  });
});
