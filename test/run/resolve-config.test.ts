import { describe, expect, it } from "vitest";
import { runSettingsSchema } from "../../src/config/run-settings.js";
import { SCENARIOS } from "../../src/config/scenarios.js";
import { ConfigError } from "../../src/errors.js";
import { resolveConfig } from "../../src/run/resolve-config.js";

describe("resolveConfig", () => {
  it("fills every field from the defaults", () => {
    const config = resolveConfig({ seed: 5 });
    expect(config).toMatchObject({
      scenario: "default",
      agents: 9,
      messagesPerAgent: 100,
      types: { direct: 1, broadcast: 1, hard_onboard: 1, soft_onboard: 1 },
      batchSize: 10,
      interval: 100,
      concurrency: 10,
      maxAttempts: 3,
      delay: { kind: "fixed", value: 1 },
      successRate: 1,
      core: "mock",
      generation: "stream",
      seed: 5,
      chaos: false,
    });
  });

  it("layers settings over the scenario over the defaults", () => {
    const config = resolveConfig({ scenario: "failure", batchSize: 25, interval: "250us" });
    expect(config).toMatchObject({
      scenario: "failure",
      successRate: 0.8,
      delay: { kind: "fixed", value: 5 },
      batchSize: 25,
      concurrency: 25,
      interval: 0.25,
    });
  });

  it("lists the fields in the schema's order, leaving out those a run goes without", () => {
    const config = resolveConfig({ seed: 5, timeout: "1s" });
    // A closed run goes without the open load's settings.
    const unset = [
      "a2aVersion",
      "a2aMode",
      "record",
      "verify",
      "agentsLocal",
      "otlp",
      "otlpAgentAttribute",
      "workers",
      "rate",
      "arrivals",
      "duration",
      "stages",
      "maxBacklog",
    ];
    const expected = Object.keys(runSettingsSchema().shape).filter((key) => !unset.includes(key));
    expect(Object.keys(config)).toEqual(expected);
  });

  it("picks a seed when none is given and records it", () => {
    const config = resolveConfig({});
    expect(Number.isInteger(config.seed)).toBe(true);
  });

  it("resolves every built-in scenario", () => {
    for (const scenario of SCENARIOS) {
      expect(resolveConfig({ scenario: scenario.name }).scenario).toBe(scenario.name);
    }
    const firehose = resolveConfig({ scenario: "firehose" });
    expect(firehose.agents * (firehose.messagesPerAgent ?? 0)).toBe(1_000_000);
    expect(firehose.delay).toEqual({ kind: "fixed", value: 0 });
    expect(firehose.interval).toBe(0);
  });

  it("takes type weights as a map", () => {
    expect(resolveConfig({ types: { direct: 3, broadcast: 1 } }).types).toEqual({
      direct: 3,
      broadcast: 1,
    });
  });

  it("rejects bad settings with one line naming the field", () => {
    const cases: [object, RegExp][] = [
      [{ scenario: "nope" }, /unknown scenario "nope"/],
      [{ agents: 1 }, /agents: at least 2 agents/],
      [{ agents: 10_001 }, /agents: at most 10000 agents/],
      [{ batchSize: 0 }, /batchSize/],
      [{ interval: "soon" }, /interval: invalid duration "soon"/],
      [{ delay: "zipf(1ms)" }, /delay: invalid distribution/],
      [{ types: ["direct", "email"] }, /unknown message type "email"/],
      [{ types: [] }, /at least one message type/],
      [{ successRate: 1.5 }, /successRate/],
      [{ batchsize: 3 }, /unknown key "batchsize"/],
      [
        { queue: "redis" },
        /queue: expected "memory", "sqlite:PATH", "redis:\/\/HOST:PORT\/DB\?stream=NAME"/,
      ],
      [{ retryBaseDelay: "2s", retryMaxDelay: "1s" }, /retryMaxDelay/],
      [{ heartbeat: "1500ms" }, /heartbeat \(1500ms\) must be at least 2000ms/],
      [{ heartbeat: "often" }, /heartbeat: invalid duration "often"/],
    ];
    for (const [settings, pattern] of cases) {
      const error = (() => {
        try {
          resolveConfig(settings as never);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error, JSON.stringify(settings)).toBeInstanceOf(ConfigError);
      expect(error?.message).toMatch(pattern);
      expect(error?.message).not.toContain("\n");
    }
  });
});
