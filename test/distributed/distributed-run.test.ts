import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKeys } from "../../src/distributed/run-keys.js";
import { LatencyHistogram } from "../../src/metrics/histogram.js";
import { connectRedis, type RedisConnection } from "../../src/queue/redis/connection.js";
import type { RunResult } from "../../src/result/result.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { freshStream, REDIS_URL, redisAvailable, streamUrl } from "../support/redis.js";

/** The workers run the built CLI. */
beforeAll(() => requireBuiltCli());

// Side by side: each run has its own stream, and much of a test is waiting on worker processes.
describe.skipIf(!redisAvailable).concurrent("a distributed run", () => {
  let redis: RedisConnection;

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL);
  });

  afterAll(async () => {
    await redis?.close();
  });

  // Two workers make a merge as well as three would, and 600 messages still have retries and
  // dead letters to add up.
  it("merges two worker processes into one result whose totals and histograms are the sum of theirs", async () => {
    const notices: string[] = [];
    const result = await new StressTestRunner({
      queue: streamUrl(freshStream("dist")),
      workers: 2,
      agents: 4,
      messagesPerAgent: 150,
      interval: 0,
      delay: "0.2ms",
      successRate: 0.9,
      maxAttempts: 2,
      retryBaseDelay: "1ms",
      seed: 5,
      onNotice: (line) => notices.push(line),
    }).run();
    expect(notices[0]).toMatch(/^run \S+: 2 local worker\(s\) started/);
    expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
    expect(result.totals.generated).toBe(600);
    expect(result.totals.delivered + result.totals.deadLettered).toBe(600);
    const workers = result.workers ?? [];
    expect(workers).toHaveLength(2);
    expect(workers.every((w) => w.status === "finished")).toBe(true);
    const sum = (pick: (w: (typeof workers)[number]) => number) =>
      workers.reduce((total, w) => total + pick(w), 0);
    // No worker died and no lease expired: every message settled exactly once.
    expect(result.totals.duplicates).toBe(0);
    expect(sum((w) => w.delivered)).toBe(result.totals.delivered);
    expect(sum((w) => w.deadLettered)).toBe(result.totals.deadLettered);
    expect(sum((w) => w.deliveries)).toBe(result.totals.deliveries);
    expect(sum((w) => w.failed)).toBe(result.totals.failed);
    // The run's end-to-end histogram is the bucket-by-bucket sum of the workers'.
    const merged = new LatencyHistogram();
    for (const worker of workers) merged.addEncoded(worker.histogram);
    const run = LatencyHistogram.decode(result.histograms.endToEnd);
    expect(merged.encode()).toBe(run.encode());
    expect(run.count).toBe(result.totals.delivered);
    expect(Math.max(...workers.map((w) => w.latency.max))).toBe(result.latency.endToEnd.max);
    expect(result.queue.driver).toBe("redis");
  });

  it("runs open load through its workers: the schedule offered, every message accounted for", async () => {
    // One worker: merging several is the test above's claim. A second of arrivals fills the
    // timeline as two would.
    const result = await new StressTestRunner({
      queue: streamUrl(freshStream("open")),
      workers: 1,
      agents: 4,
      types: ["direct"],
      rate: "500/s",
      duration: "1s",
      interval: 0,
      delay: "1ms",
      seed: 6,
    }).run();
    expect(result.config).toMatchObject({ load: "open", rate: 500, workers: 1 });
    expect(result.totals).toMatchObject({ generated: 500, delivered: 500, dropped: 0 });
    expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
    expect(result.load?.offeredPerSec).toBeCloseTo(500, 6);
    expect(result.load?.sendLag.count).toBe(500);
    // The coordinator made the messages at their intended times; the workers measured from them.
    expect(result.latency.endToEnd.count).toBe(500);
    // The Redis queue kept when it accepted each message, and the workers sent what they saw.
    const uncorrected = result.latency.endToEndUncorrected;
    expect(uncorrected?.count).toBe(500);
    expect(uncorrected?.max).toBeLessThanOrEqual(result.latency.endToEnd.max + 1);
    // Their interval histograms reach the coordinator's timeline: each second that delivered
    // has its uncorrected percentiles, within the run's whole range.
    const delivering = result.timeline.filter((point) => point.delivered > 0);
    expect(delivering.length).toBeGreaterThan(0);
    for (const point of delivering) {
      expect(point.endToEndUncorrectedP99Ms).toBeDefined();
      expect(point.endToEndUncorrectedP99Ms).toBeLessThanOrEqual((uncorrected?.max ?? 0) * 1.01);
      expect(point.endToEndUncorrectedP50Ms).toBeLessThanOrEqual(
        point.endToEndUncorrectedP99Ms ?? 0,
      );
    }
    expect((result.workers ?? []).map((w) => w.status)).toEqual(["finished"]);
  }, 60_000);

  it("completes with nothing lost when a worker is killed mid-run", async () => {
    let runId: string | undefined;
    let killed: number | undefined;
    // One look at a time: on a busy machine a look outlasts the interval, and two looks would
    // both kill the same worker, the second finding it gone.
    let looking = false;
    let lookFailed: unknown;
    const look = async (id: string) => {
      const flat = (await redis.sendCommand(["HGETALL", runKeys(id).workers])) as unknown;
      const values = Array.isArray(flat)
        ? flat.filter((_, i) => i % 2 === 1)
        : Object.values(flat as object);
      const reports = Number(await redis.sendCommand(["XLEN", runKeys(id).reports]));
      // Early, while both work: after the first reports, long before the last message.
      if (values.length < 2 || reports < 1 || killed !== undefined) return;
      const victim = JSON.parse(String(values[0])) as { pid: number };
      process.kill(victim.pid, "SIGKILL");
      killed = victim.pid;
    };
    const killer = setInterval(() => {
      if (runId === undefined || killed !== undefined || looking) return;
      looking = true;
      look(runId)
        .catch((error: unknown) => {
          lookFailed = error;
        })
        .finally(() => {
          looking = false;
        });
    }, 100);
    let result: RunResult;
    try {
      result = await new StressTestRunner({
        queue: streamUrl(freshStream("kill")),
        workers: 2,
        // About 1,000 messages a second over both workers: three seconds of work, with half
        // the messages (and CPU) that a 10 ms pause would need for as long.
        agents: 5,
        messagesPerAgent: 600,
        types: ["direct", "broadcast"],
        batchSize: 10,
        interval: "20ms",
        delay: "0.5ms",
        visibilityTimeout: "1s",
        // The killed worker is taken for lost after 3 s, and for good after 6, not 5 and 10.
        heartbeat: "3s",
        seed: 9,
        onNotice: (line) => {
          runId ??= /^run (\S+):/.exec(line)?.[1];
        },
      }).run();
    } finally {
      clearInterval(killer);
    }
    expect(lookFailed).toBeUndefined();
    expect(killed).toBeDefined();
    expect(result.stoppedEarly).toBe(false);
    expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
    expect(result.totals).toMatchObject({ generated: 3000, delivered: 3000, pending: 0 });
    const statuses = (result.workers ?? []).map((w) => w.status).sort();
    expect(statuses).toEqual(["finished", "lost"]);
    expect(result.warnings.join("\n")).toMatch(
      /1 worker\(s\) stopped beating without a final report/,
    );
    // Seconds of work, then the dead worker's heartbeat (5 s) and leases to lapse: on a busy
    // machine, with the workers' start-up, more than the default 30 s.
  }, 90_000);

  it("fails fast with a clear runtime error when Redis is not there", async () => {
    const attempt = () =>
      new StressTestRunner({ queue: "redis://127.0.0.1:6390/0", workers: 2, agents: 2 }).run();
    // The first attempt also loads the run's modules, on first use: on a busy machine that
    // alone can take seconds. The second shows how long the failure itself takes.
    await expect(attempt()).rejects.toThrow(/^cannot connect to Redis at 127\.0\.0\.1:6390/);
    const started = Date.now();
    await expect(attempt()).rejects.toThrow(/^cannot connect to Redis at 127\.0\.0\.1:6390/);
    // Well inside the 2.5 s connect timeout: a refused connection is not waited out.
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("distributed settings", () => {
  it("need a Redis queue", () => {
    expect(() => new StressTestRunner({ workers: 2 })).toThrow(/workers need a Redis queue/);
  });
});
