import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type * as Api from "../src/index.js";
import { sampleCapacity } from "./fixtures/capacity.js";
import { ROOT, requireBuiltCli } from "./support/built-cli.js";

/**
 * The package as users load it, `dist/index.js` (`npm test` builds first): its functions load
 * their modules on their first call with `require`, which finds the built files, not the
 * source's `.ts` ones. Loaded with Node.js's own `require` too: an `import` here would go
 * through vitest's module loader, whose copy of `ConfigError` is not the one Node.js loads.
 */
requireBuiltCli();
const api = createRequire(import.meta.url)(join(ROOT, "dist", "index.js")) as typeof Api;

describe("public API", () => {
  it("exports exactly these values; the types are pinned by api/swarm-stress.api.md", () => {
    expect(Object.keys(api).sort()).toEqual([
      "CAPACITY_SCHEMA",
      "COMPARISON_SCHEMA",
      "ConfigError",
      "DELIVERED",
      "MemoryQueue",
      "MockCore",
      "RESULT_SCHEMA",
      "RuntimeError",
      "SCENARIOS",
      "StressTestRunner",
      "TIMED_OUT",
      "compareResults",
      "evaluateThresholds",
      "failed",
      "findCapacity",
      "formatCapacity",
      "formatComparison",
      "formatJunit",
      "formatSummary",
      "openQueue",
      "parseThreshold",
      "readResultFile",
      "renderCapacityReport",
      "renderCompareReport",
      "renderRunReport",
      "resolveConfig",
      "runVerdict",
      "saveResult",
    ]);
    expect(api.RESULT_SCHEMA).toBe("swarm-stress/result@1");
    expect(api.COMPARISON_SCHEMA).toBe("swarm-stress/compare@1");
    expect(api.CAPACITY_SCHEMA).toBe("swarm-stress/capacity@1");
  });

  it("runs a stress test through the exported entry point", async () => {
    const result = await new api.StressTestRunner({
      agents: 3,
      messagesPerAgent: 10,
      interval: 0,
      delay: 0,
      seed: 1,
    }).run();
    expect(result.totals.delivered).toBe(30);
    expect(result.audit.balanced).toBe(true);
  });

  it("stresses a core written against the exported contract", async () => {
    const seen: string[] = [];
    const core: Api.DeliveryCore = {
      deliver(message, recipient) {
        seen.push(recipient);
        return message.seq % 2 === 0 ? api.DELIVERED : api.failed("odd");
      },
    };
    const result = await new api.StressTestRunner({
      agents: 2,
      messagesPerAgent: 5,
      types: ["direct"],
      interval: 0,
      maxAttempts: 1,
      seed: 1,
      deliveryCore: core,
    }).run();
    expect(seen.length).toBe(10);
    expect(result.totals.delivered + result.totals.deadLettered).toBe(10);
    expect(api.runVerdict(result).passed).toBe(true);
  });

  it("checks settings as the runner does, with a ConfigError naming the field", () => {
    expect(api.resolveConfig({ scenario: "failure", agents: 4 }).agents).toBe(4);
    expect(() => api.resolveConfig({ agents: -1 })).toThrow(api.ConfigError);
    expect(() => api.resolveConfig({ agents: -1 })).toThrow(/agents/);
  });

  it("judges a result against parsed thresholds and renders it", async () => {
    const result = await new api.StressTestRunner({
      agents: 2,
      messagesPerAgent: 5,
      interval: 0,
      delay: 0,
      seed: 1,
    }).run();
    const [outcome] = api.evaluateThresholds([api.parseThreshold("successRate>=99%")], result);
    expect(outcome?.passed).toBe(true);
    expect(api.formatSummary(result)).toContain("Audit");
    expect(api.formatJunit(result)).toContain("<testsuite");
    expect(api.renderRunReport(result)).toContain("<!doctype html>");
    const comparison = api.compareResults(result, result, { tolerance: 0.05 });
    expect(comparison.summary.worse).toBe(0);
  });

  it("loads each function's module on its first call, and the function works", async () => {
    const dir = mkdtempSync(join(tmpdir(), "public-api-"));
    try {
      const result = await new api.StressTestRunner({
        agents: 2,
        messagesPerAgent: 5,
        seed: 1,
      }).run();
      const saved = await api.saveResult(result, join(dir, "result.json"));
      const { result: read } = api.readResultFile(saved);
      expect(read.totals).toEqual(result.totals);
      const comparison = api.compareResults(result, read, { tolerance: 0.05 });
      expect(api.formatComparison(comparison)).toContain("worse");
      expect(api.renderCompareReport(comparison, result, read)).toContain("<!doctype html>");
      const capacity = sampleCapacity();
      expect(api.formatCapacity(capacity)).toContain("Capacity: 788/s sustained");
      expect(api.renderCapacityReport(capacity)).toContain("<!doctype html>");
      const queue = await api.openQueue({ driver: "memory", capacity: 10, visibilityMs: 1000 });
      expect(queue).toBeInstanceOf(api.MemoryQueue);
      await queue.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
