import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DELIVERED, type DeliveryCore, failed } from "../../src/delivery/delivery-core.js";
import { ConfigError, RuntimeError } from "../../src/errors.js";
import { LatencyHistogram } from "../../src/metrics/histogram.js";
import type { Message } from "../../src/model/message.js";
import { openQueue } from "../../src/queue/open-queue.js";
import { RESULT_SCHEMA, type RunResult } from "../../src/result/result.js";
import type { RunnerOptions } from "../../src/run/options.js";
import { StressTestRunner } from "../../src/run/runner.js";

/** Small and quick: the shape of the default scenario without its pauses. */
const quick: RunnerOptions = {
  agents: 5,
  messagesPerAgent: 40,
  interval: 0,
  delay: "0.05ms",
  seed: 11,
};

const run = (options: RunnerOptions): Promise<RunResult> => new StressTestRunner(options).run();

describe("StressTestRunner", () => {
  it("runs every message through and balances the audit", async () => {
    const result = await run(quick);
    expect(result.schema).toBe(RESULT_SCHEMA);
    expect(result.totals).toMatchObject({
      generated: 200,
      delivered: 200,
      deadLettered: 0,
      pending: 0,
      failed: 0,
      duplicates: 0,
    });
    expect(result.audit).toEqual({ balanced: true, lost: 0, duplicates: 0, problems: [] });
    expect(result.successRate).toBe(1);
    expect(Object.keys(result.byType).sort()).toEqual(
      ["broadcast", "direct", "hard_onboard", "soft_onboard"].sort(),
    );
    expect(Object.keys(result.byAgent)).toEqual([
      "Agent-1",
      "Agent-2",
      "Agent-3",
      "Agent-4",
      "Agent-5",
    ]);
    const sent = Object.values(result.byAgent).map((a) => a.generated);
    expect(sent).toEqual([40, 40, 40, 40, 40]);
    const received = Object.values(result.byAgent).reduce((sum, a) => sum + a.received, 0);
    expect(received).toBe(result.totals.deliveries);
    const broadcasts = result.byType.broadcast?.generated ?? 0;
    expect(result.totals.deliveries).toBe(200 - broadcasts + broadcasts * 4);
    expect(result.latency.endToEnd.count).toBe(200);
    expect(result.latency.delivery.p50).toBeGreaterThanOrEqual(0.05);
    expect(result.throughput.messagesPerSec).toBeGreaterThan(0);
    expect(result.resources.samples).toBeGreaterThan(0);
    expect(result.resources.rssPeakMB).toBeGreaterThan(0);
    expect(result.timeline.length).toBeGreaterThan(0);
    expect(result.environment.node).toBe(process.version);
  });

  it("ships histograms that decode to the reported percentiles", async () => {
    const result = await run(quick);
    const histogram = LatencyHistogram.decode(result.histograms.endToEnd);
    expect(histogram.count).toBe(200);
    expect(histogram.summary().p50).toBe(result.latency.endToEnd.p50);
    const p99 = result.latency.endToEnd.p99;
    expect(Math.abs(histogram.summary().p99 - p99) / p99).toBeLessThan(0.001);
  });

  it("retries failures, dead-letters the rest, and reports both rates (failure scenario)", async () => {
    const result = await run({ scenario: "failure", seed: 1, interval: 0, delay: "0.1ms" });
    expect(result.attemptSuccessRate).toBeGreaterThan(0.76);
    expect(result.attemptSuccessRate).toBeLessThan(0.84);
    expect(result.successRate).toBeGreaterThan(result.attemptSuccessRate);
    expect(result.totals.deadLettered).toBeGreaterThan(0);
    expect(result.totals.retried).toBeGreaterThan(0);
    expect(result.totals.delivered + result.totals.deadLettered).toBe(900);
    expect(result.deadLetters.byReason).toEqual({
      "mock: simulated failure": result.totals.deadLettered,
    });
    expect(result.deadLetters.sample[0]?.attempts).toBe(3);
    expect(result.audit.balanced).toBe(true);
  });

  it("gives the same messages and the same fault decisions for the same seed", async () => {
    const options = { ...quick, successRate: 0.7, seed: 3 };
    const [a, b, c] = await Promise.all([run(options), run(options), run({ ...options, seed: 4 })]);
    const outcome = (r: RunResult) => ({
      totals: r.totals,
      types: Object.fromEntries(Object.entries(r.byType).map(([k, g]) => [k, g?.generated])),
      dead: r.deadLetters.sample.map((d) => d.id).sort(),
    });
    expect(outcome(b)).toEqual(outcome(a));
    expect(outcome(c)).not.toEqual(outcome(a));
  });

  it("runs again in the same process without carrying state over", async () => {
    const runner = new StressTestRunner({ ...quick, successRate: 0.9 });
    const first = await runner.run();
    const second = await runner.run();
    expect(second.totals).toEqual(first.totals);
    expect(second.latency.endToEnd.count).toBe(first.latency.endToEnd.count);
  });

  it("produces upfront as well as streaming, with the same outcome", async () => {
    const stream = await run({ ...quick, successRate: 0.8 });
    const upfront = await run({ ...quick, successRate: 0.8, generation: "upfront" });
    expect(upfront.config.generation).toBe("upfront");
    expect(upfront.totals).toEqual(stream.totals);
  });

  it("delivers onboarding ahead of everyday traffic when they wait together", async () => {
    const result = await run({ ...quick, generation: "upfront", batchSize: 5, delay: 0 });
    const p50 = (type: "hard_onboard" | "soft_onboard" | "direct") =>
      result.byType[type]?.latency.p50 ?? Number.NaN;
    expect(p50("hard_onboard")).toBeLessThan(p50("soft_onboard"));
    expect(p50("soft_onboard")).toBeLessThan(p50("direct"));
  });

  it("applies backpressure: a small queue never holds more than its capacity", async () => {
    const result = await run({ ...quick, messagesPerAgent: 2000, queueCapacity: 50, delay: 0 });
    expect(result.queue.capacity).toBe(50);
    expect(result.queue.depthPeak).toBeLessThanOrEqual(50);
    expect(result.queue.saturationEvents).toBeGreaterThan(0);
    expect(result.audit.balanced).toBe(true);
  });

  it("reports chaos events by kind", async () => {
    const result = await run({ ...quick, messagesPerAgent: 400, chaos: true, delay: 0 });
    expect(result.chaos.enabled).toBe(true);
    for (const kind of ["failureBurst", "latencySpike", "queueSaturation", "memoryPressure"]) {
      expect(result.chaos.events[kind as keyof typeof result.chaos.events], kind).toBeGreaterThan(
        0,
      );
    }
    expect(result.queue.capacity).toBe(20);
    expect(result.audit.balanced).toBe(true);
  });

  it("stops early on abort and accounts for what is still pending", async () => {
    const controller = new AbortController();
    const runner = new StressTestRunner({
      ...quick,
      messagesPerAgent: 10_000,
      delay: "1ms",
      batchSize: 10,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.settled > 50) controller.abort();
      },
    });
    const result = await runner.run();
    expect(result.stoppedEarly).toBe(true);
    expect(result.totals.pending).toBeGreaterThan(0);
    expect(result.totals.generated).toBe(
      result.totals.delivered + result.totals.deadLettered + result.totals.pending,
    );
    expect(result.audit.balanced).toBe(true);
    expect(result.warnings.join()).toMatch(/stopped early/);
  });

  it("stresses a user's core, retrying only the broadcast recipients that failed", async () => {
    const seen = new Map<string, number>();
    const core: DeliveryCore = {
      name: "flaky-agent-3",
      deliver(message: Message, recipient: string) {
        const key = `${message.id}>${recipient}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        return recipient === "Agent-3" && message.attempts < 2 ? failed("agent 3 busy") : DELIVERED;
      },
    };
    const result = await run({
      ...quick,
      types: ["broadcast"],
      deliveryCore: core,
      retryBaseDelay: "1ms",
    });
    expect(result.core).toBe("flaky-agent-3");
    expect(result.totals.delivered).toBe(200);
    for (const [key, count] of seen) {
      expect(count, key).toBe(key.endsWith(">Agent-3") ? 2 : 1);
    }
    expect(result.totals.retried).toBe(160);
  });

  it("counts timeouts, thrown errors and malformed outcomes as failures, never as deliveries", async () => {
    let calls = 0;
    const core: DeliveryCore = {
      deliver() {
        calls++;
        if (calls % 3 === 0) return new Promise(() => {});
        if (calls % 3 === 1) throw new Error("socket closed");
        return { status: "maybe" } as never;
      },
    };
    const result = await run({
      ...quick,
      agents: 3,
      messagesPerAgent: 10,
      types: ["direct"],
      deliveryCore: core,
      timeout: "5ms",
      maxAttempts: 2,
      retryBaseDelay: "1ms",
    });
    expect(result.totals.delivered).toBe(0);
    expect(result.totals.deliveries).toBe(0);
    expect(result.totals.deadLettered).toBe(30);
    expect(result.totals.timedOut).toBeGreaterThan(0);
    expect(Object.keys(result.deadLetters.byReason).sort()).toEqual(
      expect.arrayContaining(["socket closed", "timed out"]),
    );
    expect(result.audit.balanced).toBe(true);
  });

  it("records one NDJSON line per message outcome", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "swarm-record-")), "outcomes.ndjson");
    const result = await run({ ...quick, successRate: 0.6, maxAttempts: 2, record: file });
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(200);
    const dead = lines.filter((l) => l.outcome === "dead_lettered");
    expect(dead).toHaveLength(result.totals.deadLettered);
    expect(dead[0]).toMatchObject({ attempts: 2, error: "mock: simulated failure" });
    expect(lines[0]).toHaveProperty("endToEndMs");
    expect(new Set(lines.map((l) => l.id)).size).toBe(200);
  });

  it("hands a message out again when its lease expires, counting the duplicate", async () => {
    // One batch takes 10 x 40 ms, far past the 50 ms visibility timeout: the sampler's depth
    // reads (every 100 ms) make the queue reclaim the leases, so the late acks are stale and
    // the queue hands the settled messages out again.
    const result = await run({
      ...quick,
      agents: 2,
      messagesPerAgent: 5,
      types: ["direct"],
      batchSize: 10,
      concurrency: 1,
      delay: "40ms",
      visibilityTimeout: "50ms",
    });
    expect(result.totals.duplicates).toBeGreaterThan(0);
    expect(result.totals.delivered).toBe(10);
    expect(result.audit).toMatchObject({ balanced: true, duplicates: result.totals.duplicates });
  });

  it("balances a stopped run even when stale copies of settled messages are still queued", async () => {
    // Leases expire mid-batch (5 ms visibility, 10 deliveries of 2 ms each), so the sampler's
    // depth reads put settled messages back; the stop leaves some of those copies queued.
    // The stop comes once the sampler has read the depth a few times (every 100 ms) and enough
    // deliveries were made, so a slow moment of the machine cannot stop the run too early.
    let copiesLeft = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const controller = new AbortController();
      const startedAt = performance.now();
      let calls = 0;
      const core: DeliveryCore = {
        deliver() {
          if (++calls >= 60 && performance.now() - startedAt > 350) controller.abort();
          return new Promise((resolve) => setTimeout(() => resolve(DELIVERED), 2));
        },
      };
      const result = await run({
        ...quick,
        messagesPerAgent: 1000,
        types: ["direct"],
        concurrency: 1,
        deliveryCore: core,
        visibilityTimeout: "5ms",
        signal: controller.signal,
      });
      expect(result.stoppedEarly).toBe(true);
      expect(result.audit.problems).toEqual([]);
      expect(result.totals.generated).toBe(
        result.totals.delivered + result.totals.deadLettered + result.totals.pending,
      );
      // The copies left queued are duplicates in the totals as in the audit.
      expect(result.totals.duplicates).toBe(result.audit.duplicates);
      copiesLeft = Math.max(copiesLeft, result.audit.duplicates);
    }
    expect(copiesLeft).toBeGreaterThan(0);
  });

  it("enforces a timeout below a millisecond", async () => {
    // Deliveries ten times longer than the timeout: a pause of the process between a delivery's
    // start and its timer's (a GC on a busy machine) must not let a delivery win the race.
    const result = await run({ ...quick, delay: "3ms", timeout: "0.3ms", maxAttempts: 1 });
    expect(result.totals.delivered).toBe(0);
    expect(result.totals.timedOut).toBe(result.totals.attempts);
    expect(result.deadLetters.byReason).toEqual({ "timed out": 200 });
  });

  it("reports a malformed outcome as a failure without crashing, even a circular one", async () => {
    const circular: Record<string, unknown> = { status: "odd" };
    circular.self = circular;
    const result = await run({
      ...quick,
      maxAttempts: 1,
      deliveryCore: { deliver: () => circular as never },
    });
    expect(result.totals.deadLettered).toBe(200);
    expect(Object.keys(result.deadLetters.byReason)[0]).toMatch(/invalid outcome: .*odd/);
  });

  it("finishes the run and warns when the record file fails, still closing the core", async () => {
    let closed = false;
    const core: DeliveryCore = {
      deliver: () => DELIVERED,
      close: () => {
        closed = true;
      },
    };
    const result = await run({ ...quick, record: "/dev/full", deliveryCore: core });
    expect(result.totals.delivered).toBe(200);
    expect(result.warnings.join()).toMatch(/recording outcomes stopped/);
    expect(closed).toBe(true);
  });

  it("keeps running when onProgress throws, and says so", async () => {
    const result = await run({
      ...quick,
      delay: "1ms",
      onProgress: () => {
        throw new Error("display gone");
      },
    });
    expect(result.audit.balanced).toBe(true);
    expect(result.warnings.join()).toMatch(/onProgress threw .*display gone/);
  });

  it("ends the duration at the last settlement, not after the final pause", async () => {
    const result = await run({ ...quick, messagesPerAgent: 2, batchSize: 100, interval: "1s" });
    expect(result.durationMs).toBeLessThan(1000);
  });

  it("runs on a durable SQLite queue with the same accounting", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "swarm-sqlite-run-")), "q.db");
    const result = await run({ ...quick, successRate: 0.7, queue: `sqlite:${path}` });
    expect(result.queue.driver).toBe("sqlite");
    expect(result.totals.delivered + result.totals.deadLettered).toBe(200);
    expect(result.totals.deadLettered).toBeGreaterThan(0);
    expect(result.audit).toMatchObject({ balanced: true, problems: [] });
  });

  it("resumes a stopped run from its SQLite file and accounts for both parts", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "swarm-resume-")), "q.db");
    const queue = `sqlite:${path}`;
    const controller = new AbortController();
    const first = await run({
      ...quick,
      messagesPerAgent: 400,
      successRate: 0.8,
      delay: "0.2ms",
      queue,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.settled > 100) controller.abort();
      },
    });
    expect(first.stoppedEarly).toBe(true);
    expect(first.totals.pending).toBeGreaterThan(0);
    // The resumed run takes its configuration from the file, whatever else it is told.
    const resumed = await run({ queue, resume: true, agents: 99 });
    expect(resumed.config.agents).toBe(5);
    expect(resumed.config.seed).toBe(first.config.seed);
    expect(resumed.totals.generated).toBe(2000);
    expect(resumed.totals.delivered + resumed.totals.deadLettered).toBe(2000);
    expect(resumed.totals.delivered).toBeGreaterThan(first.totals.delivered);
    expect(resumed.audit).toMatchObject({ balanced: true, problems: [] });
    expect(resumed.warnings.join()).toMatch(/resumed an interrupted run/);
  });

  it("keeps the queue's dead letters complete when a dead letter's lease had expired", async () => {
    for (const queue of [
      "memory",
      `sqlite:${join(mkdtempSync(join(tmpdir(), "swarm-dl-")), "q.db")}`,
    ]) {
      const result = await run({
        ...quick,
        agents: 2,
        messagesPerAgent: 6,
        types: ["direct"],
        batchSize: 4,
        concurrency: 1,
        delay: "40ms",
        successRate: 0,
        maxAttempts: 1,
        visibilityTimeout: "50ms",
        queue,
      });
      expect(result.totals.deadLettered, queue).toBe(12);
      expect(result.audit.problems, queue).toEqual([]);
    }
  });

  it("reports a resumed run's throughput from its own part only, and what it ignored", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "swarm-resume-")), "q.db");
    await run({ ...quick, queue: `sqlite:${path}` });
    const again = await run({ queue: `sqlite:${path}`, resume: true, seed: 5 });
    expect(again.totals.delivered).toBe(200);
    expect(again.throughput.messagesPerSec).toBe(0);
    expect(again.warnings.join()).toMatch(
      /ignored on resume, the saved configuration applies: seed/,
    );
  });

  it("refuses a new run on a file that holds an earlier run's dead letters", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "swarm-reuse-")), "q.db");
    await run({ ...quick, successRate: 0, maxAttempts: 1, queue: `sqlite:${path}` });
    await expect(run({ ...quick, queue: `sqlite:${path}` })).rejects.toThrow(
      /holds 200 dead letter\(s\) from an earlier run/,
    );
  });

  it("refuses to resume without a durable queue, or from a file with no run", async () => {
    expect(() => new StressTestRunner({ resume: true })).toThrow(/resume needs the durable queue/);
    const dir = mkdtempSync(join(tmpdir(), "swarm-resume-"));
    expect(() => new StressTestRunner({ resume: true, queue: `sqlite:${dir}/missing.db` })).toThrow(
      /does not exist/,
    );
    const path = join(dir, "fresh.db");
    await (await openQueue({ driver: `sqlite:${path}`, capacity: 10, visibilityMs: 100 })).close();
    expect(() => new StressTestRunner({ resume: true, queue: `sqlite:${path}` })).toThrow(
      /holds no run to resume/,
    );
  });

  it("rejects bad settings at construction and a missing core at run", async () => {
    expect(() => new StressTestRunner({ batchSize: -1 })).toThrow(ConfigError);
    await expect(run({ ...quick, core: "./does-not-exist.js" })).rejects.toThrow(RuntimeError);
  });
});
