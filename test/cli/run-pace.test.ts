import { describe, expect, it } from "vitest";
import { LEAN_PACE_PER_SEC } from "../../src/cli/load-tuning.js";
import { highestPace } from "../../src/cli/run-pace.js";
import type { RunSettings } from "../../src/config/run-settings.js";
import { resolveConfig } from "../../src/run/resolve-config.js";

const paceOf = (settings: RunSettings) => highestPace(resolveConfig(settings));

describe("the pace a run's settings allow, which keeps V8's optimising tiers held", () => {
  it("is the default scenario's hundred a second: lean", () => {
    expect(paceOf({})).toBe(100);
    expect(paceOf({})).toBeLessThanOrEqual(LEAN_PACE_PER_SEC);
  });

  it("is bounded by the pause after each batch, and by the mock core's delay at its concurrency", () => {
    expect(paceOf({ batchSize: 50, interval: "10ms", delay: 0 })).toBe(5_000);
    expect(paceOf({ batchSize: 50, interval: 0, delay: "2ms", concurrency: 4 })).toBe(2_000);
    expect(paceOf({ batchSize: 50, interval: "100ms", delay: "2ms", concurrency: 4 })).toBe(500);
  });

  it("is unbounded for the firehose, and for any core but the mock, whose speed is measured", () => {
    expect(paceOf({ scenario: "firehose" })).toBe(Number.POSITIVE_INFINITY);
    expect(paceOf({ core: "http://127.0.0.1:1/deliver" })).toBe(Number.POSITIVE_INFINITY);
  });

  it("is the arrival rate of open load, and unbounded for a ramp of stages", () => {
    expect(paceOf({ rate: "300/s", duration: "2s" })).toBe(300);
    expect(paceOf({ stages: "1s:100/s,1s:50000/s" })).toBe(Number.POSITIVE_INFINITY);
  });
});
