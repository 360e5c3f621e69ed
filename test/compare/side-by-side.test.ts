import { describe, expect, it } from "vitest";
import {
  buildSideBySide,
  type ComparedQueue,
  interleavedOrder,
  median,
  type SideBySideRun,
} from "../../src/compare/side-by-side.js";
import type { RunResult } from "../../src/result/result.js";
import { latency, sampleResult } from "../fixtures/result.js";

const QUEUES: readonly ComparedQueue[] = [
  { label: "memory", kind: "memory" },
  { label: "redis://user:***@127.0.0.1:6379/15?stream=x", kind: "redis" },
];

/** A result whose throughput, p99 and RSS are the given figures. */
function result(rate: number, p99: number, rss: number, audit?: Partial<RunResult["audit"]>) {
  const base = sampleResult();
  return sampleResult({
    throughput: { messagesPerSec: rate, deliveriesPerSec: rate },
    latency: { ...base.latency, endToEnd: latency(p99 / 10, p99), delivery: latency(1, p99 / 2) },
    resources: { ...base.resources, rssPeakMB: rss, cpuAvgPct: rate / 100 },
    audit: { ...base.audit, ...audit },
  });
}

function run(queue: number, round: number, position: number, r: RunResult): SideBySideRun {
  return { queue, round, position, result: r };
}

const CONTEXT = {
  workload: "max-throughput",
  core: "mock",
  seed: 1,
  repeat: 3,
  queues: QUEUES,
  startedAt: Date.parse("2026-12-03T08:00:00Z"),
  finishedAt: Date.parse("2026-12-03T08:00:30Z"),
  environment: sampleResult().environment,
};

describe("the order of a side-by-side comparison's runs", () => {
  it("turns by one each round, so every queue takes every place once over n rounds", () => {
    expect(interleavedOrder(3, 3)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ]);
    const order = interleavedOrder(4, 4);
    for (let queue = 0; queue < 4; queue++) {
      expect(order.map((round) => round.indexOf(queue)).sort()).toEqual([0, 1, 2, 3]);
    }
  });

  it("runs every queue exactly once per round, for any number of rounds", () => {
    for (const round of interleavedOrder(3, 5)) expect([...round].sort()).toEqual([0, 1, 2]);
    expect(interleavedOrder(1, 2)).toEqual([[0], [0]]);
    expect(interleavedOrder(2, 0)).toEqual([]);
  });
});

describe("the median", () => {
  it("is the middle value of an odd count and the mean of the two middle ones of an even", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("ignores the one slow outlier a mean would follow, and is NaN for nothing", () => {
    expect(median([1000, 1010, 10])).toBe(1000);
    expect(median([])).toBeNaN();
  });
});

describe("buildSideBySide", () => {
  const runs = [
    run(0, 0, 0, result(1000, 10, 100)),
    run(1, 0, 1, result(500, 40, 150)),
    run(1, 1, 0, result(700, 20, 160)),
    run(0, 1, 1, result(1200, 30, 110)),
    run(0, 2, 0, result(100, 90, 120)),
    run(1, 2, 1, result(600, 30, 170)),
  ];
  const summary = buildSideBySide(runs, CONTEXT);

  it("gives one line per queue, in the order given, with its label and kind", () => {
    expect(summary.schema).toBe("swarm-stress/bench-queues@1");
    expect(summary.queues.map((queue) => [queue.label, queue.kind, queue.runs])).toEqual([
      ["memory", "memory", 3],
      ["redis://user:***@127.0.0.1:6379/15?stream=x", "redis", 3],
    ]);
    expect(summary.order).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(summary.durationMs).toBe(30_000);
    expect(summary.stoppedEarly).toBe(false);
  });

  it("takes each figure's median over the queue's runs, each figure on its own", () => {
    const [memory, redis] = summary.queues;
    expect(memory?.messagesPerSec).toBe(1000);
    expect(memory?.endToEndP99Ms).toBe(30);
    expect(memory?.endToEndP50Ms).toBe(3);
    expect(memory?.deliveryP99Ms).toBe(15);
    expect(memory?.rssPeakMB).toBe(110);
    expect(memory?.cpuAvgPct).toBe(10);
    expect([memory?.messagesPerSecMin, memory?.messagesPerSecMax]).toEqual([100, 1200]);
    expect(redis?.messagesPerSec).toBe(600);
    expect(redis?.endToEndP99Ms).toBe(30);
    expect(redis?.rssPeakMB).toBe(160);
  });

  it("keeps every run's figures, by round", () => {
    const rounds = summary.queues[1]?.perRun.map((r) => [r.round, r.position, r.messagesPerSec]);
    expect(rounds).toEqual([
      [0, 1, 500],
      [1, 0, 700],
      [2, 1, 600],
    ]);
  });

  it("balances a queue's audit only when every run balanced, and sums what was lost", () => {
    const mixed = buildSideBySide(
      [
        run(0, 0, 0, result(1000, 10, 100)),
        run(0, 1, 0, result(1000, 10, 100, { balanced: false, lost: 2, duplicates: 1 })),
        run(0, 2, 0, result(1000, 10, 100, { balanced: false, lost: 3 })),
      ],
      { ...CONTEXT, queues: QUEUES.slice(0, 1) },
    );
    expect(mixed.queues[0]).toMatchObject({ auditBalanced: false, lost: 5, duplicates: 1 });
    expect(summary.queues.every((queue) => queue.auditBalanced)).toBe(true);
  });

  it("says a comparison with runs missing stopped early, and a queue without runs has none", () => {
    const cut = buildSideBySide([run(0, 0, 0, result(1000, 10, 100))], CONTEXT);
    expect(cut.stoppedEarly).toBe(true);
    expect(cut.queues[1]).toMatchObject({ runs: 0, auditBalanced: false, lost: 0 });
    expect(cut.queues[1]?.messagesPerSec).toBeNaN();
  });
});
