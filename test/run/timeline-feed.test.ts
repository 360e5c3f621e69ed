import { describe, expect, it } from "vitest";
import type { RunnerOptions, TimelineView } from "../../src/run/options.js";
import { StressTestRunner } from "../../src/run/runner.js";

/** About three seconds of load at 1 000 messages a second, 3 % of attempts failing. */
const WATCHED: RunnerOptions = {
  agents: 5,
  messagesPerAgent: 600,
  delay: "1ms",
  batchSize: 10,
  interval: "10ms",
  successRate: 0.97,
  seed: 7,
};

// Side by side: each test is a run of a few seconds that mostly waits on its pacing.
describe.concurrent("onTimeline", () => {
  it("hands over the run so far each second, then once more as it ends; a lost threshold stays lost", async () => {
    const views: TimelineView[] = [];
    const result = await new StressTestRunner({
      ...WATCHED,
      thresholds: ["totals.failed<20", "latency.endToEnd.p99<10s"],
      onTimeline: (view) => views.push(view),
    }).run();
    expect(views.length).toBeGreaterThanOrEqual(3);
    views.forEach((view, i) => {
      expect(view.timeline).toHaveLength(i + 1);
      expect(view.final).toBe(i === views.length - 1);
    });
    const last = views.at(-1) as TimelineView;
    expect(last.timeline).toEqual(result.timeline);
    for (let i = 1; i < views.length; i++) {
      expect((views[i] as TimelineView).elapsedMs).toBeGreaterThan(
        (views[i - 1] as TimelineView).elapsedMs,
      );
    }
    const lostFrom = views.findIndex((view) => view.thresholds[0]?.lost !== undefined);
    expect(lostFrom).toBeGreaterThanOrEqual(0);
    for (const view of views.slice(lostFrom)) {
      expect(view.thresholds[0]?.lost).toMatch(/^totals\.failed is already \d+$/);
      expect(view.thresholds[1]).toEqual({ expression: "latency.endToEnd.p99<10s" });
    }
    expect(last.chaos).toBeUndefined();
    // Workers are a distributed run's (test/cli/dashboard.test.ts): none in one process.
    expect(last.workers).toBeUndefined();
    expect(result.thresholds?.[0]?.passed).toBe(false);
  }, 30_000);

  it("counts chaos episodes so far in a chaos run", async () => {
    const views: TimelineView[] = [];
    const result = await new StressTestRunner({
      ...WATCHED,
      messagesPerAgent: 300,
      chaos: true,
      onTimeline: (view) => views.push(view),
    }).run();
    const last = views.at(-1) as TimelineView;
    expect(last.chaos?.failureBurst).toBe(result.chaos.events.failureBurst);
    expect(last.chaos?.latencySpike).toBe(result.chaos.events.latencySpike);
  }, 30_000);

  it("a listener that throws is dropped with a warning; the run goes on", async () => {
    let calls = 0;
    const result = await new StressTestRunner({
      ...WATCHED,
      messagesPerAgent: 300,
      onTimeline: () => {
        calls++;
        throw new Error("listener broke\nsecond line");
      },
    }).run();
    expect(calls).toBe(1);
    expect(result.warnings).toContain("onTimeline threw and was not called again: listener broke");
    expect(result.audit.balanced).toBe(true);
  }, 30_000);
});
