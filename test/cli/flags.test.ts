import { describe, expect, it } from "vitest";
import { flagName, SETTING_FLAGS, settingsFromFlags } from "../../src/cli/flags.js";
import { settingOptions } from "../../src/cli/setting-options.js";
import { runSettingsSchema } from "../../src/config/run-settings.js";
import { ConfigError } from "../../src/errors.js";

/** A number too long for a double, and how an error line shows it. */
const HUGE = "9".repeat(400);
const SHORT = `"${"9".repeat(24)}…" (400 characters)`;

describe("settingsFromFlags", () => {
  it("leaves out flags that were not given", () => {
    expect(settingsFromFlags({})).toEqual({});
    expect(settingsFromFlags({ agents: undefined, chaos: undefined })).toEqual({});
  });

  it("converts counts and keeps units for the schema", () => {
    expect(
      settingsFromFlags({
        agents: "12",
        messagesPerAgent: "100_000",
        batchSize: "5",
        interval: "250us",
        timeout: "0.1s",
        delay: "uniform(0.5ms, 2ms)",
        payloadSize: "1kb",
        successRate: "0.9",
        chaos: true,
        core: "mock",
        generation: "upfront",
      }),
    ).toEqual({
      agents: 12,
      messagesPerAgent: 100_000,
      batchSize: 5,
      interval: "250us",
      timeout: "0.1s",
      delay: "uniform(0.5ms, 2ms)",
      payloadSize: "1kb",
      successRate: 0.9,
      chaos: true,
      core: "mock",
      generation: "upfront",
    });
  });

  it("keeps --no-chaos as an explicit false", () => {
    expect(settingsFromFlags({ chaos: false })).toEqual({ chaos: false });
  });

  it("reads a success rate as a percentage too", () => {
    expect(settingsFromFlags({ successRate: "95%" })).toEqual({ successRate: 0.95 });
  });

  it("reads types as a list or as weights", () => {
    expect(settingsFromFlags({ types: "direct, broadcast" })).toEqual({
      types: ["direct", "broadcast"],
    });
    expect(settingsFromFlags({ types: "direct=3,broadcast=1" })).toEqual({
      types: { direct: 3, broadcast: 1 },
    });
    expect(settingsFromFlags({ types: "direct=3,soft_onboard" })).toEqual({
      types: { direct: 3, soft_onboard: 1 },
    });
  });

  it.each([
    [{ agents: "abc" }, '--agents: expected a whole number, got "abc"'],
    [{ agents: "-3" }, '--agents: expected a whole number, got "-3"'],
    [{ agents: "1" }, "--agents: at least 2 agents are needed"],
    [{ messagesPerAgent: "2.5" }, "--messages-per-agent: expected a whole number"],
    [{ interval: "fast" }, '--interval: invalid duration "fast"'],
    [{ delay: "uniform(1ms)" }, "--delay: invalid distribution"],
    [{ successRate: "lots" }, "--success-rate: expected a number from 0 to 1"],
    [{ successRate: "1.5" }, "--success-rate: must be at most 1, got 1.5"],
    [{ types: "dirct" }, '--types: unknown message type "dirct"'],
    [{ types: "direct=x" }, '--types: weight "x" of direct is not a number'],
    [{ types: "," }, "--types: expected types such as direct,broadcast"],
    [{ generation: "lazy" }, '--generation: "lazy" is not one of stream, upfront'],
    [{ queueCapacity: "0" }, "--queue-capacity: must be above 0"],
  ])("rejects %o naming the flag", (flags, message) => {
    const error = refusal(flags);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain("\n");
  });

  it.each([
    [
      "a 400-digit interval",
      { interval: HUGE },
      `--interval: invalid duration ${SHORT}: at most 2147483647ms`,
    ],
    [
      "an interval over 2^31-1 ms",
      { retryMaxDelay: "1000h" },
      '--retry-max-delay: invalid duration "1000h": at most',
    ],
    ["a 400-digit seed", { seed: HUGE }, `--seed: ${SHORT} is too large`],
    [
      "a seed over 32 bits",
      { seed: "4294967296" },
      "--seed: must be at most 4294967295, got 4294967296",
    ],
    [
      "agents beyond 2^53",
      { agents: "9007199254740993" },
      '--agents: "9007199254740993" is too large',
    ],
    [
      "too many messages per agent",
      { messagesPerAgent: "1_000_000_001" },
      "--messages-per-agent: must be at most 1000000000",
    ],
    [
      "too large a batch",
      { batchSize: "100001" },
      "--batch-size: must be at most 100000, got 100001",
    ],
    [
      "too many attempts",
      { maxAttempts: "1001" },
      "--max-attempts: must be at most 1000, got 1001",
    ],
    [
      "too large a queue",
      { queueCapacity: "100000001" },
      "--queue-capacity: must be at most 100000000",
    ],
    [
      "a payload over 16mb",
      { payloadSize: "17mb" },
      '--payload-size: invalid size "17mb": at most 16mb',
    ],
    [
      "a 400-digit payload size",
      { payloadSize: HUGE },
      `--payload-size: invalid size ${SHORT}: at most 16mb`,
    ],
    [
      "a lognormal sigma beyond 10",
      { delay: "lognormal(1ms, 50)" },
      "--delay: invalid distribution",
    ],
    [
      "a 400-digit success rate",
      { successRate: HUGE },
      `--success-rate: expected a number from 0 to 1 or a percentage, got ${SHORT}`,
    ],
    [
      "a 400-digit weight",
      { types: `direct=${HUGE}` },
      `--types: weight ${SHORT} of direct is not a number`,
    ],
    [
      "weights adding up to Infinity",
      { types: "direct=1e308,broadcast=1e308" },
      "--types: the weights add up to more than the largest number (direct=1e+308, broadcast=1e+308)",
    ],
  ] as const)("refuses %s, naming the flag and the value cut short", (_label, flags, message) => {
    const error = refusal(flags);
    expect(error.message).toContain(message);
    expect(error.message.length).toBeLessThan(200);
  });
});

describe("flagName", () => {
  it("kebab-cases a setting key", () => {
    expect(flagName("messagesPerAgent")).toBe("--messages-per-agent");
    expect(flagName("agents")).toBe("--agents");
  });

  it("names a flag the table names otherwise", () => {
    expect(flagName("thresholds")).toBe("--threshold");
  });
});

describe("settingOptions", () => {
  const options = settingOptions();
  const byName = new Map(options.map((option) => [option.long, option]));

  it("gives every setting a flag, in the table's order", () => {
    const settings = Object.keys(runSettingsSchema().shape);
    expect(Object.keys(SETTING_FLAGS).sort()).toEqual([...settings].sort());
    for (const key of settings) expect(byName.has(flagName(key)), key).toBe(true);
    expect(byName.has("--no-chaos")).toBe(true);
  });

  it("takes help from the schema's description, with the default", () => {
    expect(byName.get("--agents")?.description).toBe(
      `${runSettingsSchema().shape.agents.description} (default 9)`,
    );
    expect(byName.get("--seed")?.description).toMatch(/\(default: random\)$/);
    expect(byName.get("--types")?.description).toContain("direct=3,broadcast=1");
    expect(byName.get("--chaos")?.description).not.toContain("default");
  });

  it("keeps each flag's placeholder and alias", () => {
    expect(byName.get("--scenario")?.flags).toBe("-s, --scenario <name>");
    expect(byName.get("--interval")?.flags).toBe("--interval <duration>");
    expect(byName.get("--threshold")?.flags).toBe("--threshold <expr>");
    expect(byName.get("--abort-on-fail")?.flags).toBe("--abort-on-fail");
  });
});

/** The ConfigError `flags` are refused with; fails the test when they are accepted. */
function refusal(flags: Parameters<typeof settingsFromFlags>[0]): ConfigError {
  try {
    settingsFromFlags(flags);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(flags)}`);
}
