import { describe, expect, it } from "vitest";
import { MAX_DURATION_MS, parseDuration } from "../../src/config/duration.js";
import {
  MAX_ATTEMPTS,
  MAX_BATCH_SIZE,
  MAX_MESSAGES_PER_AGENT,
  MAX_QUEUE_CAPACITY,
  MAX_SEED,
  runSettingsSchema,
} from "../../src/config/run-settings.js";
import { describeIssue } from "../../src/config/settings-issues.js";
import { MAX_SIZE_BYTES, parseSize } from "../../src/config/size.js";
import { parseDistribution } from "../../src/model/distributions.js";

const HUGE = "9".repeat(400);

/** The message `parse` throws. */
function thrown(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("did not throw");
}

/** The first problem the schema finds in `settings`, as a user reads it. */
function problem(settings: Record<string, unknown>): string | undefined {
  const issue = runSettingsSchema().safeParse(settings, { reportInput: true }).error?.issues[0];
  return issue && `${issue.path.join(".")}: ${describeIssue(issue)}`;
}

describe("durations are finite and no longer than a timer can wait", () => {
  it("accepts up to 2^31-1 ms", () => {
    expect(parseDuration(MAX_DURATION_MS)).toBe(2_147_483_647);
    expect(parseDuration("2147483647ms")).toBe(MAX_DURATION_MS);
    expect(parseDuration("24h")).toBe(86_400_000);
  });

  it("refuses longer or unbounded ones, showing a long text cut short", () => {
    expect(thrown(() => parseDuration(HUGE))).toBe(
      `invalid duration "${"9".repeat(24)}…" (400 characters): at most 2147483647ms (about 24.8 days)`,
    );
    expect(thrown(() => parseDuration("2147483648"))).toMatch(/at most 2147483647ms/);
    expect(thrown(() => parseDuration("1000h"))).toMatch(/^invalid duration "1000h": at most/);
    expect(thrown(() => parseDuration(1e300))).toMatch(/^invalid duration 1e\+300: at most/);
    expect(thrown(() => parseDuration(Number.POSITIVE_INFINITY))).toMatch(/Infinity/);
  });
});

describe("sizes are finite and no larger than the largest payload", () => {
  it("accepts up to 16mb", () => {
    expect(parseSize("16mb")).toBe(MAX_SIZE_BYTES);
    expect(parseSize(MAX_SIZE_BYTES)).toBe(16 * 1024 * 1024);
  });

  it("refuses larger or unbounded ones", () => {
    expect(thrown(() => parseSize("17mb"))).toBe(
      'invalid size "17mb": at most 16mb (16777216 bytes)',
    );
    expect(thrown(() => parseSize(HUGE))).toMatch(/^invalid size "9{24}…" \(400 characters\)/);
    expect(thrown(() => parseSize(MAX_SIZE_BYTES + 1))).toMatch(/at most 16mb/);
  });
});

describe("distributions have finite parameters whose draws stay finite", () => {
  it("refuses an unbounded quantity, shortening the spec", () => {
    expect(thrown(() => parseDistribution(`uniform(0, ${HUGE})`, parseDuration))).toMatch(
      /^invalid duration "9{24}…" \(400 characters\): at most/,
    );
  });

  it("bounds lognormal SIGMA and pareto SHAPE", () => {
    expect(parseDistribution("lognormal(1ms, 10)", parseDuration)).toEqual({
      kind: "lognormal",
      median: 1,
      sigma: 10,
    });
    expect(thrown(() => parseDistribution("lognormal(1ms, 100)", parseDuration))).toBe(
      'invalid distribution "lognormal(1ms, 100)": SIGMA must be above 0 and at most 10, got 100',
    );
    expect(thrown(() => parseDistribution("pareto(1ms, 0.01)", parseDuration))).toBe(
      'invalid distribution "pareto(1ms, 0.01)": SHAPE must be from 0.1 to 1000, got 0.01',
    );
    expect(thrown(() => parseDistribution(`pareto(1ms, ${HUGE})`, parseDuration))).toMatch(
      /"9{24}…" \(400 characters\) must be a positive number/,
    );
  });
});

describe("the settings schema bounds every number", () => {
  it.each([
    ["messagesPerAgent", MAX_MESSAGES_PER_AGENT],
    ["seed", MAX_SEED],
    ["batchSize", MAX_BATCH_SIZE],
    ["concurrency", MAX_BATCH_SIZE],
    ["maxAttempts", MAX_ATTEMPTS],
    ["queueCapacity", MAX_QUEUE_CAPACITY],
  ])("takes %s up to its maximum and no further", (key, max) => {
    expect(problem({ [key]: max })).toBeUndefined();
    expect(problem({ [key]: max + 1 })).toBe(`${key}: must be at most ${max}, got ${max + 1}`);
    expect(problem({ [key]: Number.POSITIVE_INFINITY })).toBe(
      `${key}: expected a number, got Infinity`,
    );
  });

  it("reports a huge count against the setting's own bound, not against 2^53", () => {
    expect(problem({ seed: 1e20 })).toBe(
      "seed: must be at most 4294967295, got 100000000000000000000",
    );
    expect(problem({ agents: 1e20 })).toBe(
      "agents: at most 10000 agents (per-agent statistics are kept for each), got 100000000000000000000",
    );
    expect(problem({ workers: 1e20 })).toBe(
      "workers: must be at most 64, got 100000000000000000000",
    );
    expect(problem({ batchSize: 2.5 })).toBe("batchSize: expected a whole number, got 2.5");
  });

  it("refuses type weights that add up to Infinity, each being finite", () => {
    expect(problem({ types: { direct: 1e308, broadcast: 1e308 } })).toBe(
      "types: the weights add up to more than the largest number (direct=1e+308, broadcast=1e+308); they are relative, scale them down",
    );
    expect(problem({ types: { direct: 1e308, broadcast: 1 } })).toBeUndefined();
    expect(problem({ types: { direct: Number.POSITIVE_INFINITY } })).toBe(
      "types: expected a number, got Infinity",
    );
    expect(problem({ types: { direct: 0 } })).toBe(
      "types: at least one message type needs a weight above 0",
    );
  });

  it("refuses durations and sizes out of range from a config file's numbers", () => {
    expect(problem({ interval: Number.POSITIVE_INFINITY })).toBe(
      "interval: expected a duration such as 100ms or 0.1s, got Infinity",
    );
    expect(problem({ delay: Number.NEGATIVE_INFINITY })).toMatch(
      /^delay: expected a delay .*, got -Infinity$/,
    );
    expect(problem({ payloadSize: Number.NaN })).toMatch(
      /^payloadSize: expected a size .*, got NaN$/,
    );
    expect(problem({ visibilityTimeout: 3e9 })).toMatch(
      /^visibilityTimeout: .*at most 2147483647ms/,
    );
    expect(problem({ payloadSize: 2 ** 30 })).toMatch(/^payloadSize: invalid size .*at most 16mb/);
    expect(problem({ delay: "pareto(1ms, 0.001)" })).toMatch(/^delay: .*SHAPE must be/);
  });
});
