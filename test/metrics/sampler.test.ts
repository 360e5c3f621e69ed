import { describe, expect, it } from "vitest";
import { type ResourceSample, Sampler } from "../../src/metrics/sampler.js";
import { nowMs } from "../../src/util/clock.js";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function burnCpu(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
}

describe("Sampler", () => {
  it("summarises a run that stops before the second tick", async () => {
    const sampler = new Sampler({ intervalMs: 1000, readDepth: () => 7 });
    sampler.start();
    await wait(20);
    await sampler.stop();
    const s = sampler.summary();
    expect(s.samples).toBe(2);
    expect(s.depthPeak).toBe(7);
    expect(s.depthAvg).toBe(7);
    expect(s.rssPeakMB).toBeGreaterThan(0);
    expect(s.rssAvgMB).toBeGreaterThan(0);
    expect(s.rssAvgMB).toBeLessThanOrEqual(s.rssPeakMB);
    expect(s.heapAvgMB).toBeGreaterThan(0);
    expect(s.heapAvgMB).toBeLessThanOrEqual(s.heapPeakMB);
    expect(s.cpuAvgPct).toBeGreaterThanOrEqual(0);
    expect(s.cpuAvgPct).toBeLessThanOrEqual(s.cpuPeakPct);
    for (const value of Object.values(s)) expect(Number.isFinite(value)).toBe(true);
  });

  it("tells the process's age and RSS at the start, apart from the run's peak", async () => {
    const samples: ResourceSample[] = [];
    const sampler = new Sampler({
      intervalMs: 5,
      readDepth: () => 0,
      onSample: (x) => samples.push(x),
    });
    expect(sampler.summary().startUpMs).toBeUndefined();
    const before = performance.now();
    sampler.start();
    const after = performance.now();
    // Held until the samples after the first have seen it, so the peak can only be higher.
    const ballast = Buffer.alloc(32 * 1024 * 1024, 1);
    await wait(30);
    await sampler.stop();
    const s = sampler.summary();
    expect(s.startUpMs).toBeGreaterThanOrEqual(before);
    expect(s.startUpMs).toBeLessThanOrEqual(after);
    expect(s.rssAtStartMB).toBe(samples[0]?.rssMB);
    expect(s.rssPeakMB).toBeGreaterThanOrEqual((s.rssAtStartMB ?? 0) + 30);
    expect(ballast[0]).toBe(1);
  });

  it("gives a valid summary with a single sample, and all zeros before start", () => {
    const sampler = new Sampler({ readDepth: () => 3 });
    expect(sampler.summary()).toMatchObject({ samples: 0, rssAvgMB: 0, depthAvg: 0 });
    expect(sampler.latest()).toBeUndefined();
    sampler.start();
    const s = sampler.summary();
    expect(s.samples).toBe(1);
    expect(s.depthAvg).toBe(3);
    expect(s.rssAvgMB).toBe(s.rssPeakMB);
    expect(s.cpuAvgPct).toBe(0);
    for (const value of Object.values(s)) expect(Number.isFinite(value)).toBe(true);
    return sampler.stop();
  });

  it("samples at the interval and reports each sample", async () => {
    const seen: ResourceSample[] = [];
    const sampler = new Sampler({
      intervalMs: 20,
      readDepth: () => seen.length,
      onSample: (sample) => seen.push(sample),
    });
    // The samples' clock, not Date.now(): the system clock drifts from the monotonic one a
    // process keeps (by 1.3 ms once, beside the whole suite), which reads as a sample from the past.
    const before = nowMs();
    sampler.start();
    expect(seen).toHaveLength(1);
    await wait(200);
    await sampler.stop();
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(sampler.summary().samples).toBe(seen.length);
    expect(sampler.latest()).toBe(seen.at(-1));
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]?.at).toBeGreaterThanOrEqual(seen[i - 1]?.at ?? 0);
    }
    expect(seen[0]?.at).toBeGreaterThanOrEqual(before);
  });

  it("computes depth peak and average from readDepth", async () => {
    const depths = [4, 10, 1, 5];
    let i = 0;
    const sampler = new Sampler({ intervalMs: 10, readDepth: () => depths[i++] ?? 0 });
    sampler.start();
    while (i < depths.length) await wait(10);
    await sampler.stop();
    const s = sampler.summary();
    // The final sample at stop reads 0 once the list is exhausted.
    const all = depths.concat(Array(s.samples - depths.length).fill(0));
    expect(s.depthPeak).toBe(10);
    expect(s.depthAvg).toBeCloseTo(all.reduce((a, b) => a + b, 0) / s.samples, 10);
  });

  it("sees CPU rise while a loop burns it", async () => {
    const measure = async () => {
      const sampler = new Sampler({ intervalMs: 20, readDepth: () => 0 });
      sampler.start();
      await wait(50);
      burnCpu(150);
      await wait(30);
      await sampler.stop();
      return sampler.summary();
    };
    // 150 ms of a 230 ms run was pure CPU; a shared machine can steal some of it, not most.
    // Measured again, up to three times, when it stole most once (a 38.8% peak in CI).
    let s = await measure();
    for (let tries = 1; tries < 3 && !(s.cpuPeakPct > 40); tries++) s = await measure();
    expect(s.cpuPeakPct).toBeGreaterThan(40);
    expect(s.cpuAvgPct).toBeGreaterThan(15);
    expect(s.cpuAvgPct).toBeLessThanOrEqual(s.cpuPeakPct);
  });

  it("sees the event loop lag while the loop is blocked", async () => {
    const sampler = new Sampler({ intervalMs: 20, readDepth: () => 0 });
    sampler.start();
    await wait(40);
    burnCpu(120);
    await wait(40);
    await sampler.stop();
    const s = sampler.summary();
    expect(s.eventLoopLagMaxMs).toBeGreaterThan(50);
    expect(s.eventLoopLagP99Ms).toBeGreaterThan(0);
    expect(s.eventLoopLagP99Ms).toBeLessThanOrEqual(s.eventLoopLagMaxMs);
  });

  it("sees RSS and heap peaks from an allocation", async () => {
    const sampler = new Sampler({ intervalMs: 10, readDepth: () => 0 });
    sampler.start();
    const baseline = sampler.summary();
    // Filled buffers and live arrays so both RSS and the JS heap really grow.
    const buffers = Array.from({ length: 8 }, () => Buffer.alloc(16 * 1024 * 1024, 1));
    const arrays = Array.from({ length: 40 }, () => Array.from({ length: 50_000 }, (_, i) => i));
    await wait(40);
    await sampler.stop();
    const s = sampler.summary();
    expect(buffers.length + arrays.length).toBe(48);
    expect(s.rssPeakMB - baseline.rssPeakMB).toBeGreaterThan(64);
    expect(s.heapPeakMB - baseline.heapPeakMB).toBeGreaterThan(5);
  });

  it("never overlaps async depth reads and waits for the last one on stop", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const sampler = new Sampler({
      intervalMs: 5,
      readDepth: async () => {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await wait(30);
        inFlight--;
        return calls;
      },
    });
    sampler.start();
    await wait(150);
    await sampler.stop();
    expect(maxInFlight).toBe(1);
    expect(inFlight).toBe(0);
    const s = sampler.summary();
    expect(s.samples).toBe(calls);
    expect(s.depthPeak).toBe(calls);
    // At 5 ms ticks with 30 ms reads, overlapping would have issued ~30 calls.
    expect(calls).toBeLessThan(12);
  });

  it("survives a failing depth reader by keeping the last depth", async () => {
    let n = 0;
    const sampler = new Sampler({
      intervalMs: 10,
      readDepth: () => {
        n++;
        if (n === 1) return 9;
        if (n % 2 === 0) throw new Error("probe down");
        return Promise.reject(new Error("probe down"));
      },
    });
    sampler.start();
    await wait(60);
    await sampler.stop();
    const s = sampler.summary();
    expect(s.samples).toBeGreaterThan(2);
    expect(s.depthPeak).toBe(9);
    expect(s.depthAvg).toBe(9);
  });

  it("stops sampling after stop, and stop is idempotent", async () => {
    let reads = 0;
    const sampler = new Sampler({ intervalMs: 5, readDepth: () => reads++ });
    sampler.start();
    await wait(30);
    const first = sampler.stop();
    expect(sampler.stop()).toBe(first);
    await first;
    const after = reads;
    await wait(30);
    expect(reads).toBe(after);
    expect(() => sampler.start()).toThrow();
  });
});
