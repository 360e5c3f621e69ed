import { describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config/run-settings.js";
import { SCENARIOS } from "../../src/config/scenarios.js";
import { ConfigError } from "../../src/errors.js";
import { formatBenchTable } from "../../src/report/bench-table.js";
import {
  BENCH_SCHEMA,
  BENCH_SEED,
  BENCH_SUITE,
  type BenchRow,
  benchRow,
  knobCeiling,
  runBenchSuite,
  selectBenchCases,
} from "../../src/run/bench-suite.js";
import { resolveConfig } from "../../src/run/resolve-config.js";
import { sampleResult } from "../fixtures/result.js";

/** The fixture's config with some knobs changed. */
function config(overrides: Partial<RunConfig>): RunConfig {
  return { ...sampleResult().config, ...overrides };
}

describe("the bench suite", () => {
  it("holds the seed's sized rows and three scenarios, in order", () => {
    expect(BENCH_SUITE.map((row) => row.name)).toEqual([
      "small",
      "medium",
      "large",
      "max-throughput",
      "realistic",
      "failure",
    ]);
    const sized = (name: string) => {
      const c = resolveConfig(BENCH_SUITE.find((row) => row.name === name)?.settings ?? {});
      return [c.agents, c.messagesPerAgent, c.batchSize, c.interval];
    };
    expect(sized("small")).toEqual([9, 10, 10, 100]);
    expect(sized("medium")).toEqual([9, 100, 50, 50]);
    expect(sized("large")).toEqual([9, 1000, 100, 10]);
  });

  it("runs the scenario rows with exactly their scenario's settings", () => {
    for (const name of ["max-throughput", "realistic", "failure"]) {
      const row = BENCH_SUITE.find((r) => r.name === name);
      const scenario = SCENARIOS.find((s) => s.name === name);
      expect(row?.description).toBe(scenario?.description);
      const viaRow = resolveConfig({ ...row?.settings, seed: 1 });
      expect(viaRow).toEqual(resolveConfig({ ...scenario?.settings, scenario: name, seed: 1 }));
      expect(viaRow.scenario).toBe(name);
    }
  });

  it("selects rows by name in suite order and rejects unknown names", () => {
    expect(selectBenchCases(["large", "small"]).map((row) => row.name)).toEqual(["small", "large"]);
    expect(selectBenchCases()).toHaveLength(BENCH_SUITE.length);
    expect(() => selectBenchCases(["small", "huge"])).toThrow(ConfigError);
    expect(() => selectBenchCases(["huge"])).toThrow(
      'unknown bench row "huge" (small, medium, large, max-throughput, realistic, failure)',
    );
    expect(() => selectBenchCases([])).toThrow(ConfigError);
  });
});

describe("benchRow", () => {
  it("takes every figure from the result", () => {
    const row = benchRow("realistic", sampleResult());
    expect(row).toMatchObject({
      name: "realistic",
      scenario: "realistic",
      core: "mock",
      messages: 900,
      durationMs: 12_345,
      messagesPerSec: 72.9,
      p50Ms: 2.5,
      p95Ms: 7.5,
      p99Ms: 48.75,
      rssPeakMB: 123.4,
      rssAvgMB: 98.7,
      cpuPeakPct: 87,
      cpuAvgPct: 41,
      successRate: 880 / 900,
      depthPeak: 321,
      depthAvg: 45.6,
      overheadUsPerMessage: 379.7,
      auditBalanced: true,
      generatorSaturated: false,
      stoppedEarly: false,
    });
    // 90 batches of one 1.25 ms round (uniform 0.5..2 ms) and 89 pauses of 100 ms.
    const ceiling = (900 * 1000) / (90 * 1.25 + 89 * 100);
    expect(row.ceilingPerSec).toBeCloseTo(ceiling, 9);
    expect(row.ofCeiling).toBeCloseTo(72.9 / ceiling, 9);
  });

  it("has no ceiling for a core other than the mock", () => {
    const result = sampleResult({ core: "./my-core.js", config: config({ core: "./my-core.js" }) });
    const row = benchRow("x", result);
    expect(row.ceilingPerSec).toBeNull();
    expect(row.ofCeiling).toBeNull();
  });

  it("survives JSON: no undefined fields", () => {
    const row = benchRow("x", sampleResult());
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
  });
});

describe("knobCeiling", () => {
  it("is batchSize / (interval + ceil(batchSize / concurrency) × mean delay) for long runs", () => {
    const knobs = { batchSize: 100, interval: 10, concurrency: 30 };
    const long = config({
      ...knobs,
      agents: 10,
      messagesPerAgent: 1_000_000,
      delay: { kind: "fixed", value: 0.5 },
    });
    // 4 rounds of 0.5 ms per batch of 100, then 10 ms.
    const formula = (100 * 1000) / (10 + 4 * 0.5);
    expect((knobCeiling(long) ?? 0) / formula).toBeCloseTo(1, 4);
  });

  it("counts a partial last batch and no pause after it", () => {
    // 250 messages: batches of 100, 100, 50; rounds 2, 2, 1 of 1 ms; two pauses of 10 ms.
    const c = config({
      agents: 5,
      messagesPerAgent: 50,
      batchSize: 100,
      concurrency: 50,
      interval: 10,
      delay: { kind: "fixed", value: 1 },
    });
    expect(knobCeiling(c)).toBeCloseTo((250 * 1000) / (5 * 1 + 2 * 10), 9);
  });

  it("uses the distribution's mean delay", () => {
    const c = config({
      agents: 2,
      messagesPerAgent: 5,
      batchSize: 10,
      concurrency: 10,
      interval: 0,
      delay: { kind: "lognormal", median: 1, sigma: 0.5 },
    });
    expect(knobCeiling(c)).toBeCloseTo((10 * 1000) / Math.exp(0.125), 9);
  });

  it("is undefined when the knobs set no limit or the core is not the mock", () => {
    const firehose = config({ interval: 0, delay: { kind: "fixed", value: 0 } });
    expect(knobCeiling(firehose)).toBeUndefined();
    expect(knobCeiling(config({ core: "./core.js" }))).toBeUndefined();
    expect(knobCeiling(config({ chaos: true }))).toBeUndefined();
    expect(knobCeiling(config({ messagesPerAgent: 0 }))).toBeUndefined();
    expect(knobCeiling(config({ delay: { kind: "pareto", scale: 1, shape: 1 } }))).toBeUndefined();
  });
});

describe("formatBenchTable", () => {
  it("prints one line per row with its figures and flags rows to look at again", () => {
    const good = benchRow("medium", sampleResult());
    const bad: BenchRow = {
      ...benchRow("failure", sampleResult()),
      auditBalanced: false,
      ceilingPerSec: null,
      ofCeiling: null,
    };
    const text = formatBenchTable({
      schema: BENCH_SCHEMA,
      startedAt: "2026-11-27T13:05:09.123Z",
      finishedAt: "2026-11-27T13:05:39.123Z",
      durationMs: 30_000,
      core: "mock",
      seed: 1,
      stoppedEarly: false,
      rows: [good, bad],
      environment: sampleResult().environment,
    });
    const lines = text.split("\n");
    const medium = lines.find((line) => line.trimStart().startsWith("medium")) ?? "";
    for (const figure of ["900", "72.9", "2.500", "7.500", "48.75", "123.4", "98.7", "97.78%"]) {
      expect(medium).toContain(figure);
    }
    expect(medium).toContain(" 380 ");
    expect(medium).toMatch(/\d+\.\d%$/);
    const failure = lines.find((line) => line.trimStart().startsWith("failure")) ?? "";
    expect(failure).toMatch(/-\s+-$/);
    expect(text).toContain("! failure: the audit FAILED");
    expect(text).toContain("2 rows in 30.0 s");
  });
});

describe("runBenchSuite", () => {
  it("runs the selected rows and summarises each", async () => {
    const seen: string[] = [];
    let views = 0;
    const { summary, results } = await runBenchSuite({
      only: ["small"],
      onRowStart: (name, index, total) => seen.push(`start ${name} ${index + 1}/${total}`),
      onTimeline: (view) => {
        views++;
        if (view.final) seen.push("final second");
      },
      onRow: (row, result) => {
        seen.push(row.name);
        expect(result.totals.generated).toBe(row.messages);
      },
    });
    // Each row told as it starts, its seconds as it runs (the last one final), then its figures.
    expect(seen).toEqual(["start small 1/1", "final second", "small"]);
    expect(views).toBeGreaterThanOrEqual(1);
    expect(summary.schema).toBe(BENCH_SCHEMA);
    expect(summary.seed).toBe(BENCH_SEED);
    expect(summary.stoppedEarly).toBe(false);
    expect(summary.core).toBe("mock");
    expect(summary.rows).toHaveLength(1);
    expect(results).toHaveLength(1);
    expect(results[0]?.config.seed).toBe(BENCH_SEED);
    expect(summary.rows[0]).toEqual(benchRow("small", results[0] ?? sampleResult()));
    expect(summary.rows[0]?.messages).toBe(90);
    expect(summary.rows[0]?.auditBalanced).toBe(true);
    expect(summary.rows[0]?.ceilingPerSec).toBeGreaterThan(0);
  });

  it("runs nothing once aborted, and says it stopped early", async () => {
    const controller = new AbortController();
    controller.abort();
    const { summary } = await runBenchSuite({ only: ["large"], signal: controller.signal });
    expect(summary.rows).toEqual([]);
    expect(summary.stoppedEarly).toBe(true);
  });

  it("rejects an unknown row before running anything", async () => {
    await expect(runBenchSuite({ only: ["nope"] })).rejects.toThrow(ConfigError);
  });
});
