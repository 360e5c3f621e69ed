import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/metrics/histogram.js";
import { connectRedis, type RedisConnection } from "../../src/queue/redis/connection.js";
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
