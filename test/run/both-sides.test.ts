import { describe, expect, it } from "vitest";
import { RuntimeError } from "../../src/errors.js";
import { bothSidesEnded } from "../../src/run/both-sides.js";
import { FaultRecord } from "../../src/run/fault.js";
import type { ProducerReport } from "../../src/workload/producer.js";

const REPORT: ProducerReport = { saturationEvents: 2, unsent: 0, finished: true };

/** The run around the two sides, with the producer's state as given. */
function sidesOfRun(producerDone: () => boolean, windDownMs = 1000) {
  return {
    producerDone,
    stop: new AbortController(),
    faults: new FaultRecord(),
    warnings: [] as string[],
    windDownMs,
  };
}

describe("bothSidesEnded", () => {
  it("returns the producer's report once both sides ended, stopping nothing", async () => {
    const run = sidesOfRun(() => true);
    expect(await bothSidesEnded(Promise.resolve(REPORT), Promise.resolve(), run)).toEqual(REPORT);
    expect(run.stop.signal.aborted).toBe(false);
    expect(run.warnings).toEqual([]);
  });

  it("stops the producer when consumption ends first (nobody left to deliver)", async () => {
    const run = sidesOfRun(() => false);
    const producing = new Promise<ProducerReport>((resolve) => {
      run.stop.signal.addEventListener("abort", () => resolve(REPORT));
    });
    expect(await bothSidesEnded(producing, Promise.resolve(), run)).toEqual(REPORT);
    expect(run.stop.signal.aborted).toBe(true);
  });

  it("reports the first fault and waits no longer than the wind-down for a stuck side", async () => {
    const run = sidesOfRun(() => false, 50);
    const stuck = new Promise<ProducerReport>(() => {});
    const started = performance.now();
    const report = await bothSidesEnded(
      stuck,
      Promise.reject(new RuntimeError("the disk is full")),
      run,
    );
    expect(report).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(run.stop.signal.aborted).toBe(true);
    expect(run.faults.fault?.reason).toBe("the disk is full");
    expect(run.warnings).toEqual(["stopped by a fault: the disk is full"]);
  });

  it("throws a bug on rather than taking it for a fault", async () => {
    const run = sidesOfRun(() => true);
    await expect(
      bothSidesEnded(Promise.reject(new TypeError("bug")), Promise.resolve(), run),
    ).rejects.toThrow(TypeError);
  });
});
