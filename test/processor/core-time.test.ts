import { describe, expect, it } from "vitest";
import {
  CLOCK_READ_MS,
  CoreTime,
  callMs,
  loopIdleMs,
  preciseNow,
} from "../../src/processor/core-time.js";

/** A window of `ms` as the clock reads it: one clock reading longer than the call itself. */
const reading = (ms: number) => ms + CLOCK_READ_MS;

describe("the core's time", () => {
  it("takes one clock reading off every window, and never goes below zero", () => {
    expect(CLOCK_READ_MS).toBeGreaterThanOrEqual(0);
    expect(CLOCK_READ_MS).toBeLessThan(0.01);
    expect(callMs(100, 100 + reading(2))).toBeCloseTo(2, 9);
    expect(callMs(100, 100)).toBe(0);
  });

  it("adds up synchronous calls, and keeps the longest as the worst block", () => {
    const time = new CoreTime();
    time.ranSync(0, reading(2));
    time.ranSync(10, 10 + reading(5));
    expect(time.busyMs(20)).toBeCloseTo(7, 9);
    expect(time.worstBlockMs).toBeCloseTo(5, 9);
  });

  it("adds up a run of synchronous calls as it adds up each of them", () => {
    const each = new CoreTime();
    each.ranSync(0, reading(2));
    each.ranSync(reading(2), reading(2) + reading(5));
    const run = new CoreTime();
    run.ranSyncRun(7, 5);
    expect(run.busyMs(20)).toBeCloseTo(each.busyMs(20), 9);
    expect(run.worstBlockMs).toBeCloseTo(each.worstBlockMs, 9);
    // Inside a window already open, the run's time is already the core's.
    run.began(10, 10);
    run.ranSyncRun(3, 3);
    run.ended(12 + CLOCK_READ_MS);
    expect(run.busyMs(20)).toBeCloseTo(9, 9);
    expect(run.worstBlockMs).toBeCloseTo(5, 9);
  });

  it("counts overlapping calls in flight once: the union of their windows", () => {
    const time = new CoreTime();
    time.began(0, 0.5);
    time.began(1, 1.2);
    // A synchronous call while others are in flight is already inside the core's time.
    time.ranSync(1.5, 1.5 + reading(0.3));
    time.ended(3);
    expect(time.busyMs(3.5)).toBeCloseTo(3.5 - CLOCK_READ_MS, 9);
    time.ended(4 + CLOCK_READ_MS);
    expect(time.busyMs(10)).toBeCloseTo(4, 9);
    // The synchronous part of the first call was the longest a call held the thread.
    expect(time.worstBlockMs).toBeCloseTo(0.5 - CLOCK_READ_MS, 9);
  });

  it("counts an open window up to the moment asked", () => {
    const time = new CoreTime();
    time.began(10, 10);
    expect(time.busyMs(15)).toBeCloseTo(5 - CLOCK_READ_MS, 9);
  });

  it("keeps the loop's idle time while a call waits as the core's, and none outside calls", async () => {
    const time = new CoreTime();
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Idle before any call is not the core's.
    expect(time.idleMs(loopIdleMs())).toBe(0);
    time.began(preciseNow(), preciseNow());
    await new Promise((resolve) => setTimeout(resolve, 30));
    time.ended(preciseNow());
    const idle = time.idleMs(loopIdleMs());
    // The thread slept through most of the call's 30 ms wait, and not longer than the wait.
    expect(idle).toBeGreaterThan(15);
    expect(idle).toBeLessThanOrEqual(time.busyMs(preciseNow()) + CLOCK_READ_MS);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(time.idleMs(loopIdleMs())).toBe(idle);
  });
});
