import { describe, expect, it } from "vitest";
import { comparisonWarnings } from "../../src/compare/comparison-warnings.js";
import type { RunResult } from "../../src/result/result.js";
import { sampleResult } from "../fixtures/result.js";
import { resultWith } from "./changes.js";

function warningsFor(base: RunResult, candidate: RunResult): string[] {
  const warnings = comparisonWarnings(base, candidate);
  for (const warning of warnings) expect(warning).not.toMatch(/\n/);
  return warnings;
}

describe("comparisonWarnings", () => {
  it("has nothing to say about two runs of the same settings, seed and machine", () => {
    expect(warningsFor(sampleResult(), sampleResult())).toEqual([]);
  });

  it("warns about different schemas and scenarios", () => {
    const later = { ...sampleResult(), schema: "swarm-stress/result@2" } as unknown as RunResult;
    expect(warningsFor(sampleResult(), later)).toEqual([
      "different schemas: swarm-stress/result@1 vs swarm-stress/result@2; fields may not mean the same",
    ]);
    const burst = resultWith({ config: { scenario: "burst" } });
    expect(warningsFor(sampleResult(), burst)).toEqual(["different scenarios: realistic vs burst"]);
  });

  it("names every differing setting in one line, with units, base first", () => {
    const candidate = resultWith({
      config: {
        agents: 100,
        interval: 0,
        payloadSize: { kind: "uniform", min: 64, max: 4096 },
        timeout: 250,
        chaos: true,
        seed: 1,
      },
    });
    expect(warningsFor(sampleResult(), candidate)).toEqual([
      "different settings: agents 3 vs 100, payloadSize 256B vs uniform(64B, 4096B), interval 100ms vs 0ms, chaos off vs on, timeout none vs 250ms",
    ]);
  });

  it("sees no difference in the order of types, zero weights, or which sqlite file held the queue", () => {
    const base = resultWith({
      config: { types: { direct: 1, broadcast: 1 }, queue: "sqlite:a.db" },
    });
    const candidate = resultWith({
      config: { types: { broadcast: 1, direct: 1, soft_onboard: 0 }, queue: "sqlite:/tmp/b.db" },
    });
    expect(warningsFor(base, candidate)).toEqual([]);
    const memory = resultWith({ config: { queue: "memory", types: { direct: 2, broadcast: 0 } } });
    expect(warningsFor(base, memory)).toEqual([
      "different settings: types direct,broadcast vs direct=2, queue sqlite vs memory",
    ]);
  });

  it("ignores the mock's own settings unless both runs used the mock", () => {
    const mockDelay = resultWith({ config: { delay: { kind: "fixed", value: 5 } } });
    expect(warningsFor(sampleResult(), mockDelay)).toEqual([
      "different settings: delay uniform(500us, 2ms) vs 5ms",
    ]);
    const realA = resultWith({ core: "./a.js", config: { core: "./a.js", successRate: 0.5 } });
    const realB = resultWith({ core: "./a.js", config: { core: "./a.js", successRate: 1 } });
    expect(warningsFor(realA, realB)).toEqual([]);
  });

  it("mentions different seeds only when every other setting matches", () => {
    const reseeded = resultWith({ config: { seed: 7 } });
    const seedWarnings = warningsFor(sampleResult(), reseeded);
    expect(seedWarnings).toHaveLength(1);
    expect(seedWarnings[0]).toMatch(/^different seeds: 4242 vs 7; .*--seed/);
    const bigger = resultWith({ config: { seed: 7, agents: 10 } });
    expect(warningsFor(sampleResult(), bigger)).toEqual(["different settings: agents 3 vs 10"]);
  });

  it("calls a real core against the mock the comparison mode, and other cores just different", () => {
    const real = resultWith({ core: "./my-core.js", config: { core: "./my-core.js" } });
    expect(warningsFor(sampleResult(), real)).toEqual([
      "different cores: mock vs ./my-core.js; comparison mode, ./my-core.js measured against the mock core",
    ]);
    expect(warningsFor(real, sampleResult())).toEqual([
      "different cores: ./my-core.js vs mock; comparison mode, ./my-core.js measured against the mock core",
    ]);
    const other = resultWith({ core: "./other.js", config: { core: "./other.js" } });
    expect(warningsFor(real, other)).toEqual(["different cores: ./my-core.js vs ./other.js"]);
  });

  it("warns about different machines and Node.js versions", () => {
    const elsewhere = resultWith({
      environment: { hostname: "ci-7", cpus: 16, node: "v22.3.0" },
    });
    expect(warningsFor(sampleResult(), elsewhere)).toEqual([
      "different machines: hostname test vs ci-7, cpus 4 vs 16",
      "different Node.js versions: v20.19.0 vs v22.3.0",
    ]);
    const newCpu = resultWith({ environment: { cpuModel: "other cpu" } });
    expect(warningsFor(sampleResult(), newCpu)).toEqual([
      "different machines: cpuModel test cpu vs other cpu",
    ]);
    const noEnvironment = resultWith({ environment: undefined });
    expect(warningsFor(noEnvironment, elsewhere)).toEqual([]);
  });

  it("warns about a run stopped early, an unbalanced audit and a saturated generator, naming the side", () => {
    const stopped = resultWith({ stoppedEarly: true, totals: { pending: 40 } });
    expect(warningsFor(stopped, sampleResult())).toEqual([
      "the base run stopped early (40 pending): its figures cover part of the workload",
    ]);
    const unbalanced = resultWith({ audit: { balanced: false, lost: 3 } });
    expect(warningsFor(sampleResult(), unbalanced)).toEqual([
      "the candidate run's audit did not balance (3 lost): its counts do not add up",
    ]);
    const saturated = resultWith({ resources: { generatorSaturated: true } });
    expect(warningsFor(saturated, saturated)).toEqual([
      "the base run's load generator was saturated: its figures describe swarm-stress, not the core",
      "the candidate run's load generator was saturated: its figures describe swarm-stress, not the core",
    ]);
  });
});
