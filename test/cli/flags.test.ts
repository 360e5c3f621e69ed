import { describe, expect, it } from "vitest";
import { flagName, settingsFromFlags } from "../../src/cli/flags.js";
import { ConfigError } from "../../src/errors.js";

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
    let error: unknown;
    try {
      settingsFromFlags(flags);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("\n");
  });
});

describe("flagName", () => {
  it("kebab-cases a setting key", () => {
    expect(flagName("messagesPerAgent")).toBe("--messages-per-agent");
    expect(flagName("agents")).toBe("--agents");
  });
});
