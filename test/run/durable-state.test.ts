import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { DurableRunState } from "../../src/run/durable-state.js";
import { resolveConfig } from "../../src/run/resolve-config.js";

const file = () => join(mkdtempSync(join(tmpdir(), "swarm-state-")), "q.db");

describe("DurableRunState", () => {
  it("keeps a run's configuration, progress and outcomes across connections", () => {
    const path = file();
    const config = resolveConfig({ seed: 3, queue: `sqlite:${path}` });
    const state = DurableRunState.open(path);
    state.start(config);
    state.setGenerated(40);
    state.recordOutcomes([
      { seq: 2, outcome: "delivered", type: "direct", sender: "Agent-1" },
      { seq: 1, outcome: "dead_lettered", type: "broadcast", sender: "Agent-2", error: "refused" },
    ]);
    // A repeated outcome (a delivery repeated after a crash) keeps the first.
    state.recordOutcomes([{ seq: 2, outcome: "dead_lettered", type: "direct", sender: "Agent-1" }]);
    state.close();

    const again = DurableRunState.open(path);
    expect(again.savedConfig()).toEqual(config);
    expect(again.generated()).toBe(40);
    expect([...again.outcomes()]).toEqual([
      { seq: 1, outcome: "dead_lettered", type: "broadcast", sender: "Agent-2", error: "refused" },
      { seq: 2, outcome: "delivered", type: "direct", sender: "Agent-1" },
    ]);
    again.start(config);
    expect(again.generated()).toBe(0);
    expect([...again.outcomes()]).toEqual([]);
    again.close();
  });

  it("says so when a file holds no run to resume", () => {
    const state = DurableRunState.open(file());
    expect(() => state.savedConfig()).toThrow(ConfigError);
    expect(() => state.savedConfig()).toThrow(/holds no run to resume/);
    state.close();
  });
});
