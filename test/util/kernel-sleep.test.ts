import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { kernelSleep, wakeLateMs } from "../../src/util/kernel-sleep.js";

describe("kernelSleep", () => {
  it("sleeps at least the time asked, using next to no CPU", () => {
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const slept: number[] = [];
    for (let i = 0; i < 200; i++) {
      const before = performance.now();
      kernelSleep(0.3);
      slept.push(performance.now() - before);
    }
    const wall = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    expect(Math.min(...slept)).toBeGreaterThanOrEqual(0.3);
    // A spin would use the whole wall time; each kernel sleep costs tens of microseconds.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(wall * 0.5);
  });

  it("learns how late it wakes, within its bounds", () => {
    for (let i = 0; i < 100; i++) kernelSleep(0.05);
    expect(wakeLateMs()).toBeGreaterThanOrEqual(0.01);
    expect(wakeLateMs()).toBeLessThanOrEqual(0.5);
  });
});
