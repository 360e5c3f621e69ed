import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import type { Lease } from "../../src/queue/driver.js";
import { openQueue } from "../../src/queue/open-queue.js";
import { DurableRunState, readSavedConfig } from "../../src/queue/sqlite/run-state.js";
import { SqliteQueue } from "../../src/queue/sqlite/sqlite.js";
import { resolveConfig } from "../../src/run/resolve-config.js";
import { testMessage } from "../conformance/queue-conformance.js";

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
    expect(readSavedConfig(path)).toEqual(config);
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

  it("counts as handed over every message up to the highest one the file holds", async () => {
    const path = file();
    const state = DurableRunState.open(path);
    state.start(resolveConfig({ queue: `sqlite:${path}` }));
    state.setGenerated(5);
    expect(state.handedOver()).toBe(5);
    // A chunk the queue stored in part, past the saved count, as a crash mid-chunk leaves it.
    const queue = SqliteQueue.open(path);
    await queue.enqueue([testMessage(5), testMessage(6), testMessage(7)]);
    expect(state.handedOver()).toBe(8);
    // Settled and dead-lettered messages count as well as queued ones.
    for (const lease of await queue.lease(3)) await queue.ack([lease]);
    state.recordOutcomes([{ seq: 9, outcome: "delivered", type: "direct", sender: "Agent-1" }]);
    expect(state.handedOver()).toBe(10);
    await queue.enqueue([testMessage(12)]);
    const [dead] = await queue.lease(1);
    await queue.deadLetter(dead as Lease, "refused");
    expect(state.handedOver()).toBe(13);
    await queue.close();
    state.close();
  });

  it("says so when a file holds no run to resume, and leaves it as it was", async () => {
    const path = file();
    await (await openQueue({ driver: `sqlite:${path}`, capacity: 10, visibilityMs: 100 })).close();
    const before = readFileSync(path);
    expect(() => readSavedConfig(path)).toThrow(ConfigError);
    expect(() => readSavedConfig(path)).toThrow(/holds no run to resume/);
    expect(readFileSync(path).equals(before)).toBe(true);
    const state = DurableRunState.open(path);
    expect(() => readSavedConfig(path)).toThrow(/holds no run to resume/);
    state.close();
  });
});
