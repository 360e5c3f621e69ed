import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_BACKLOG } from "../../src/config/open-load-defaults.js";
import { ConfigError } from "../../src/errors.js";
import { resolveConfig } from "../../src/run/resolve-config.js";

describe("the load model", () => {
  it("is closed unless a rate or stages are given, with no open-load settings", () => {
    const config = resolveConfig({});
    expect(config.load).toBe("closed");
    expect(config.messagesPerAgent).toBe(100);
    for (const key of ["rate", "arrivals", "duration", "stages", "maxBacklog"] as const) {
      expect(config[key]).toBeUndefined();
    }
  });

  it("is open with a rate: uniform arrivals, the default backlog, the count bounding it", () => {
    const config = resolveConfig({ rate: "2k/s" });
    expect(config).toMatchObject({
      load: "open",
      rate: 2000,
      arrivals: "uniform",
      maxBacklog: DEFAULT_MAX_BACKLOG,
      messagesPerAgent: 100,
    });
  });

  it("bounded by time, keeps a count only when the user gave one, not the scenario's", () => {
    expect(resolveConfig({ rate: 100, duration: "30s" }).messagesPerAgent).toBeUndefined();
    expect(
      resolveConfig({ scenario: "large", rate: 100, duration: "30s" }).messagesPerAgent,
    ).toBeUndefined();
    expect(
      resolveConfig({ rate: 100, duration: "30s", messagesPerAgent: 7 }).messagesPerAgent,
    ).toBe(7);
    const staged = resolveConfig({ stages: "1s:10/s,2s:20/s", arrivals: "poisson" });
    expect(staged).toMatchObject({ load: "open", arrivals: "poisson" });
    expect(staged.stages).toEqual([
      { durationMs: 1000, targetRate: 10 },
      { durationMs: 2000, targetRate: 20 },
    ]);
    expect(staged.messagesPerAgent).toBeUndefined();
  });

  it.each([
    [{ load: "open" }, /open load needs a rate/],
    [{ load: "closed", rate: "10/s" }, /rate applies to open load, and load is closed/],
    [{ duration: "10s" }, /duration applies to open load: give a rate/],
    [{ arrivals: "poisson" }, /arrivals applies to open load/],
    [{ maxBacklog: 10 }, /maxBacklog applies to open load/],
    [{ rate: "10/s", stages: "1s:10/s", duration: "5s" }, /duration and stages both/],
    [{ rate: "10/s", generation: "upfront" }, /generation upfront .* open load/],
    [{ rate: "fast" }, /^settings: rate: invalid rate "fast"/],
    [{ stages: "1s" }, /^settings: stages: invalid stage "1s"/],
    [{ rate: 10, maxBacklog: 0 }, /maxBacklog/],
  ] as const)("refuses %j in one line", (settings, message) => {
    expect(() => resolveConfig(settings as Record<string, unknown>)).toThrow(ConfigError);
    expect(() => resolveConfig(settings as Record<string, unknown>)).toThrow(message);
  });
});
