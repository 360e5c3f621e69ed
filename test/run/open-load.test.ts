import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { formatSummary } from "../../src/report/console.js";
import type { RunnerOptions } from "../../src/run/options.js";
import { StressTestRunner } from "../../src/run/runner.js";

const dir = mkdtempSync(join(tmpdir(), "swarm-open-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quick: RunnerOptions = {
  agents: 5,
  types: ["direct"],
  batchSize: 20,
  interval: 0,
  concurrency: 20,
  seed: 3,
};

describe("an open run", () => {
  it("offers the rate asked for the time asked, keeps up below capacity, and accounts for all", async () => {
    const result = await new StressTestRunner({
      ...quick,
      rate: "500/s",
      duration: "2s",
      delay: "1ms",
      thresholds: ["load.offeredPerSec>=499", "load.sendLag.p99<500ms"],
    }).run();
    expect(result.config).toMatchObject({ load: "open", rate: 500, arrivals: "uniform" });
    expect(result.config.messagesPerAgent).toBeUndefined();
    expect(result.totals).toMatchObject({ generated: 1000, delivered: 1000, dropped: 0 });
    expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
    const load = result.load;
    expect(load?.offeredPerSec).toBeCloseTo(500, 6);
    expect(Math.abs((load?.sentPerSec ?? 0) / 500 - 1)).toBeLessThan(0.05);
    expect(load?.sendLag.count).toBe(1000);
    expect(Math.abs(load?.depthSlopePerSec ?? 99)).toBeLessThan(20);
    // The run lasts as long as the schedule, not as long as the count would at full speed.
    expect(result.durationMs).toBeGreaterThan(1990);
    expect(result.latency.endToEnd.p50).toBeLessThan(50);
    expect(result.latency.endToEndUncorrected?.count).toBe(1000);
    const perSecond = result.timeline.map((point) => point.offered ?? 0);
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(result.thresholds?.every((t) => t.passed)).toBe(true);
    const text = formatSummary(result);
    expect(text).toMatch(/Load \(open\)\n {2}offered +500 msg\/s/);
    expect(text).toMatch(/end-to-end \(corrected\)/);
    expect(text).toMatch(/5 agents, uniform arrivals at 500\/s for 2s/);
  });

  it("past its capacity, shows the backlog growing and the corrected latency with it", async () => {
    // Two deliveries of 5 ms at a time serve at most 400 messages a second.
    const result = await new StressTestRunner({
      ...quick,
      rate: "1000/s",
      duration: "1s",
      delay: "5ms",
      concurrency: 2,
      batchSize: 2,
    }).run();
    expect(result.audit.balanced).toBe(true);
    // 1,000 arrive a second and at most 400 are served: the backlog grows by 600 a second or
    // more while they arrive (the drain afterwards is no part of it).
    expect(result.load?.depthSlopePerSec).toBeGreaterThan(550);
    expect(result.load?.depthSlopePerSec).toBeLessThanOrEqual(1000);
    // The last arrivals found 600 or more ahead of them, 1.5 s of service or more.
    expect(result.latency.endToEnd.p99).toBeGreaterThan(1000);
    expect(result.throughput.messagesPerSec).toBeLessThan(500);
  });

  it("drops what the backlog cannot hold, as its own line of the audit", async () => {
    const result = await new StressTestRunner({
      ...quick,
      rate: "2000/s",
      duration: "1s",
      delay: "20ms",
      concurrency: 1,
      batchSize: 1,
      queueCapacity: 10,
      maxBacklog: 50,
    }).run();
    const { totals } = result;
    expect(totals.dropped).toBeGreaterThan(1000);
    expect(totals.generated).toBe(2000);
    expect(totals.delivered + totals.deadLettered + totals.pending + (totals.dropped ?? 0)).toBe(
      2000,
    );
    expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
    expect(result.load?.backlogPeak).toBe(50);
    expect(result.warnings.join("\n")).toMatch(/arrival\(s\) dropped: .*maxBacklog 50/);
    const byType = result.byType.direct;
    expect(byType?.dropped).toBe(totals.dropped);
    expect(formatSummary(result)).toMatch(/\+ dropped [\d,]+\)/);
  });

  it("follows ramping stages, and Poisson arrivals average the rate", async () => {
    const staged = await new StressTestRunner({
      ...quick,
      stages: "1s:400/s,1s:400/s",
      delay: 0,
    }).run();
    // 0 → 400/s over a second, then 400/s: 200 + 400 arrivals.
    expect(staged.totals.generated).toBe(600);
    expect(staged.audit.balanced).toBe(true);
    const poisson = await new StressTestRunner({
      ...quick,
      rate: "2000/s",
      duration: "1s",
      arrivals: "poisson",
      delay: 0,
    }).run();
    expect(Math.abs(poisson.totals.generated / 2000 - 1)).toBeLessThan(0.05);
    expect(Math.abs((poisson.load?.offeredPerSec ?? 0) / 2000 - 1)).toBeLessThan(0.05);
  });

  it("bounded by a count when no duration is given, and stopped early by its signal", async () => {
    const counted = await new StressTestRunner({
      ...quick,
      rate: "1000/s",
      messagesPerAgent: 40,
      delay: 0,
    }).run();
    expect(counted.totals.generated).toBe(200);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const stopped = await new StressTestRunner({
      ...quick,
      rate: "100/s",
      duration: "60s",
      delay: 0,
      signal: stop.signal,
    }).run();
    expect(stopped.durationMs).toBeLessThan(5000);
    expect(stopped.audit.balanced).toBe(true);
    expect(stopped.totals.generated).toBeLessThan(100);
  });

  it("is stopped early when stopped before its schedule ran out, even with nothing pending", async () => {
    const stop = new AbortController();
    stop.abort();
    const result = await new StressTestRunner({
      ...quick,
      rate: "100/s",
      duration: "10s",
      delay: 0,
      signal: stop.signal,
    }).run();
    expect(result.totals.pending).toBe(0);
    expect(result.stoppedEarly).toBe(true);
    expect(result.audit.balanced).toBe(true);
  });

  it("cannot be resumed: its arrivals were due at times that have passed", async () => {
    const queue = `sqlite:${join(dir, "open.db")}`;
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    await new StressTestRunner({
      ...quick,
      queue,
      rate: "100/s",
      duration: "60s",
      signal: stop.signal,
    }).run();
    expect(() => new StressTestRunner({ queue, resume: true })).toThrow(ConfigError);
    expect(() => new StressTestRunner({ queue, resume: true })).toThrow(
      /open load .* cannot be resumed/,
    );
  });
});
