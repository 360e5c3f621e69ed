import { describe, expect, it } from "vitest";
import { DeltaTaker } from "../../src/distributed/delta-taker.js";
import type { WorkerInfo } from "../../src/distributed/protocol.js";
import { ReportMerger } from "../../src/distributed/report-merger.js";
import { Recorder } from "../../src/metrics/recorder.js";
import type { Message } from "../../src/model/message.js";
import { NO_TIMES } from "../../src/processor/times.js";
import { testMessage } from "../conformance/queue-conformance.js";

const agents = ["Agent-1", "Agent-2"];

/** A worker's report of `delivered` messages, each delivered at the first attempt. */
function reportOf(worker: string, seq: number, delivered: number, final: boolean) {
  const recorder = new Recorder(agents, ["direct"]);
  for (let i = 0; i < delivered; i++) {
    const message: Message = {
      ...testMessage(i),
      recipients: ["Agent-2"],
      addressedTo: ["Agent-2"],
      scheduledAt: 1000,
      enqueuedAt: 1000,
      attempts: 1,
    };
    recorder.leased(message, 1001);
    recorder.attempt(message, "Agent-2", true, false, 1);
    recorder.delivered(message, 1003);
  }
  return {
    worker,
    seq,
    at: 2000,
    final,
    part: new DeltaTaker(recorder).take(final),
    resources: { rssMB: 1, heapMB: 1, cpuPct: 1 },
    times: NO_TIMES,
  };
}

const info = (id: string): WorkerInfo => ({
  id,
  host: "here",
  pid: 1,
  joinedAt: 0,
  clockCorrectionMs: 0,
});

describe("the live list of workers", () => {
  it("says each worker's state and what it has reported so far", () => {
    const merger = new ReportMerger(new Recorder(agents, ["direct"]));
    merger.add(reportOf("running", 1, 3, false));
    merger.add(reportOf("running", 2, 2, false));
    merger.add(reportOf("finished", 1, 4, true));
    merger.add(reportOf("lost", 1, 1, false));
    const workers = ["joined", "running", "finished", "lost"].map(info);
    const live = merger.live(workers, (id) => id === "lost");
    expect(
      live.map(({ id, state, reports, delivered }) => ({ id, state, reports, delivered })),
    ).toEqual([
      { id: "joined", state: "joined", reports: 0, delivered: 0 },
      { id: "running", state: "running", reports: 2, delivered: 5 },
      { id: "finished", state: "finished", reports: 1, delivered: 4 },
      { id: "lost", state: "lost", reports: 1, delivered: 1 },
    ]);
    // The same counts as the result's rows at the end.
    expect(merger.rows(workers).map((row) => row.delivered)).toEqual(
      live.map((worker) => worker.delivered),
    );
  });
});
