import { describe, expect, it } from "vitest";
import { Recorder } from "../../src/metrics/recorder.js";
import type { ResourceSample } from "../../src/metrics/sampler.js";
import { Timeline } from "../../src/metrics/timeline.js";
import { directMessage } from "../support/direct-message.js";

let recorder: Recorder;

const sample = (at: number, depth: number): ResourceSample => ({
  at,
  rssMB: 50,
  heapMB: 10,
  cpuPct: 12,
  depth,
});

function deliver(seq: number, scheduledAt: number, at: number, acceptedAt?: number): void {
  const message = directMessage(seq, {
    acceptedAt,
    scheduledAt,
    enqueuedAt: scheduledAt,
    attempts: 1,
  });
  recorder.generated(message);
  recorder.attempt(message, "Agent-2", true, false, 1);
  recorder.delivered(message, at);
}

describe("Timeline", () => {
  it("closes one point per second with that second's counts and latency", () => {
    recorder = new Recorder(["Agent-1", "Agent-2"], ["direct"]);
    const timeline = new Timeline(10_000);
    deliver(0, 10_000, 10_010);
    deliver(1, 10_000, 10_020);
    timeline.update(10_500, recorder, sample(10_500, 7));
    expect(timeline.intervals).toHaveLength(0);
    timeline.update(11_000, recorder, sample(11_000, 5));
    deliver(2, 11_000, 11_300);
    timeline.update(12_000, recorder, sample(12_000, 3));
    const [first, second] = timeline.intervals;
    expect(first).toMatchObject({ t: 1, delivered: 2, deliveries: 2, depth: 5, rssMB: 50 });
    expect(first?.endToEndP99Ms).toBeCloseTo(20, 0);
    expect(second).toMatchObject({ t: 2, delivered: 1, depth: 3 });
    expect(second?.endToEndP50Ms).toBeCloseTo(300, -1);
  });

  it("closes the last partial interval when forced, and only once", () => {
    recorder = new Recorder(["Agent-1", "Agent-2"], ["direct"]);
    const timeline = new Timeline(0);
    deliver(0, 0, 100);
    timeline.update(250, recorder, undefined, true);
    timeline.update(250, recorder, undefined, true);
    expect(timeline.intervals).toEqual([
      expect.objectContaining({ t: 0.25, delivered: 1, depth: 0 }),
    ]);
    expect(timeline.latest?.t).toBe(0.25);
  });
});

describe("Timeline of an open run", () => {
  it("gives each point the uncorrected percentiles of its own deliveries, from acceptance", () => {
    recorder = new Recorder(["Agent-1", "Agent-2"], ["direct"]);
    const timeline = new Timeline(0, true);
    // Second 1: each message waited 400 ms to get in, then 1..100 ms in the queue.
    for (let i = 1; i <= 100; i++) deliver(i, 0, 400 + i, 400);
    timeline.update(1000, recorder, sample(1000, 0));
    // Second 2: delivered 5 ms after acceptance; second 3: none kept its acceptance time.
    for (let i = 101; i <= 110; i++) deliver(i, 1000, 1200, 1195);
    timeline.update(2000, recorder, sample(2000, 0));
    deliver(111, 2000, 2100);
    timeline.update(3000, recorder, sample(3000, 0));
    const [first, second, third] = timeline.intervals;
    // Three significant digits: within 0.1% (and a bucket's width) of the values recorded.
    expect(first?.endToEndUncorrectedP50Ms).toBeCloseTo(50, 0);
    expect(first?.endToEndUncorrectedP95Ms).toBeCloseTo(95, 0);
    expect(first?.endToEndUncorrectedP99Ms).toBeCloseTo(99, 0);
    expect(first?.endToEndP99Ms).toBeCloseTo(499, 0);
    expect(second).toMatchObject({ delivered: 10 });
    expect(second?.endToEndUncorrectedP50Ms).toBeCloseTo(5, 1);
    expect(second?.endToEndUncorrectedP99Ms).toBeCloseTo(5, 1);
    expect(second?.endToEndP99Ms).toBeCloseTo(200, -1);
    expect(third).toMatchObject({ delivered: 1 });
    expect(third).not.toHaveProperty("endToEndUncorrectedP50Ms");
    expect(third).not.toHaveProperty("endToEndUncorrectedP99Ms");
  });

  it("adds no uncorrected fields to a closed run's points, though deliveries kept acceptance", () => {
    recorder = new Recorder(["Agent-1", "Agent-2"], ["direct"]);
    const timeline = new Timeline(0);
    deliver(0, 0, 50, 40);
    timeline.update(1000, recorder, sample(1000, 0));
    expect(recorder.endToEndUncorrected.count).toBe(1);
    expect(timeline.intervals[0]).not.toHaveProperty("endToEndUncorrectedP99Ms");
    expect(timeline.intervals[0]).not.toHaveProperty("endToEndUncorrectedP50Ms");
  });
});

describe("Recorder.endToEndSinceMark", () => {
  it("refills the same histogram on each call with only the values since the mark", () => {
    recorder = new Recorder(["Agent-1", "Agent-2"], ["direct"]);
    deliver(0, 0, 10);
    const first = recorder.endToEndSinceMark();
    expect(first.count).toBe(1);
    deliver(1, 0, 30);
    expect(recorder.endToEndSinceMark()).toBe(first);
    expect(first.count).toBe(2);
    recorder.markInterval();
    expect(recorder.endToEndSinceMark().count).toBe(0);
    deliver(2, 0, 500);
    const later = recorder.endToEndSinceMark();
    expect(later.count).toBe(1);
    expect(later.percentile(50)).toBeCloseTo(500, -1);
    expect(recorder.endToEnd.count).toBe(3);
  });
});
