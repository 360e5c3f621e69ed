import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

describe("public API", () => {
  it("exports the runner, the contracts' helpers and the drivers by name", () => {
    for (const name of [
      "StressTestRunner",
      "MemoryQueue",
      "MockCore",
      "loadCoreModule",
      "LatencyHistogram",
      "RunSettingsSchema",
      "SCENARIOS",
      "RESULT_SCHEMA",
      "ConfigError",
      "RuntimeError",
      "DELIVERED",
      "failed",
    ]) {
      expect(api, name).toHaveProperty(name);
    }
    expect(api.RESULT_SCHEMA).toBe("swarm-stress/result@1");
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
});
