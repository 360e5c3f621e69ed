import { describe, expect, it } from "vitest";
import { Recorder } from "../../src/metrics/recorder.js";
import type { ResourceSample } from "../../src/metrics/sampler.js";
import { Timeline } from "../../src/metrics/timeline.js";
import type { Message } from "../../src/model/message.js";

let recorder: Recorder;

const sample = (at: number, depth: number): ResourceSample => ({
  at,
  rssMB: 50,
  heapMB: 10,
  cpuPct: 12,
  depth,
});

function deliver(seq: number, scheduledAt: number, at: number): void {
  const message: Message = {
    id: `m${seq}`,
    seq,
    type: "direct",
    sender: "Agent-1",
    addressedTo: ["Agent-2"],
    recipients: ["Agent-2"],
    priority: 1,
    payload: "",
    scheduledAt,
    enqueuedAt: scheduledAt,
    attempts: 1,
  };
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
