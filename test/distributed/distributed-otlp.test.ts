import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDescriptor } from "../../src/distributed/protocol.js";
import { runKeys } from "../../src/distributed/run-keys.js";
import { INSTRUMENTS, RUN_ID_ATTRIBUTE } from "../../src/metrics/otlp/instruments.js";
import { connectRedis, type RedisConnection } from "../../src/queue/redis/connection.js";
import type { RunResult } from "../../src/result/result.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { OtlpReceiver } from "../metrics/otlp/otlp-receiver.js";
import { requireBuiltCli, runCli } from "../support/built-cli.js";
import { freshStream, REDIS_URL, redisAvailable, streamUrl } from "../support/redis.js";

/** The workers run the built CLI. */
beforeAll(() => requireBuiltCli());

/** The counters the workers export, by the result's totals each must add up to. */
const SETTLED = ["delivered", "deadLettered", "failed", "retried"] as const;

/** The collector's URL with a password, which must stay out of Redis and the result. */
function withPassword(receiver: OtlpReceiver): string {
  return receiver.url.replace("http://", "http://user:s3cret@");
}

/** Every exporting process's checks: its series only grow, under the run's id. */
function expectOneRun(receiver: OtlpReceiver, runId: string): void {
  expect(receiver.decreases).toEqual([]);
  expect(new Set(receiver.resources.map((resource) => resource[RUN_ID_ATTRIBUTE]))).toEqual(
    new Set([runId]),
  );
}

/** The counters summed over the instances, and the histograms' counts, against the result. */
function expectTotals(receiver: OtlpReceiver, result: RunResult): void {
  const { totals, latency } = result;
  expect(receiver.total(INSTRUMENTS.generated.name)).toBe(totals.generated);
  for (const counter of SETTLED) {
    expect(receiver.total(INSTRUMENTS[counter].name), counter).toBe(totals[counter]);
  }
  expect(receiver.count(INSTRUMENTS.endToEnd.name)).toBe(latency.endToEnd.count);
  expect(receiver.count(INSTRUMENTS.delivery.name)).toBe(latency.delivery.count);
}

describe.skipIf(!redisAvailable).concurrent("a distributed run with --otlp", () => {
  let redis: RedisConnection;

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL);
  });
  afterAll(async () => {
    await redis?.close();
  });
  // A receiver each: the tests run side by side.
  let receivers: OtlpReceiver[] = [];
  const receiverOfTest = async (): Promise<OtlpReceiver> => {
    const receiver = await OtlpReceiver.start();
    receivers.push(receiver);
    return receiver;
  };
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    receivers = [];
  });

  it("exports from every process, each its own part, adding up to the result", async () => {
    const receiver = await receiverOfTest();
    const notices: string[] = [];
    const result = await new StressTestRunner({
      queue: streamUrl(freshStream("otlp")),
      workers: 2,
      agents: 4,
      types: ["direct"],
      // Over two seconds: each worker exports more than once before its last.
      rate: "300/s",
      duration: "2s",
      interval: 0,
      delay: "0.5ms",
      successRate: 0.8,
      maxAttempts: 2,
      retryBaseDelay: "1ms",
      seed: 11,
      otlp: withPassword(receiver),
      onNotice: (line) => notices.push(line),
    }).run();
    const runId = notices.find((line) => line.startsWith("exporting"))?.match(/as run (\S+)$/)?.[1];
    expect(notices).toContain(
      `run ${runId}: 2 local worker(s) started; more can join with swarm-stress worker --queue URL --run ${runId}`,
    );
    expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
    expect(result.totals.deadLettered).toBeGreaterThan(0);
    expect(result.totals.retried).toBeGreaterThan(0);
    expect(result.warnings.filter((line) => line.includes("OTLP"))).toEqual([]);
    expectOneRun(receiver, runId as string);
    expectTotals(receiver, result);

    // Each worker exported what it settled, under its own instance; the coordinator what it made.
    const workers = result.workers ?? [];
    const ids = new Set(workers.map((worker) => worker.id));
    expect(ids.size).toBe(2);
    expect(receiver.instances(INSTRUMENTS.delivered.name)).toEqual(ids);
    expect(receiver.instances(INSTRUMENTS.endToEnd.name)).toEqual(ids);
    const [coordinator, ...others] = receiver.instances(INSTRUMENTS.generated.name);
    expect(others).toEqual([]);
    expect(ids.has(coordinator as string)).toBe(false);
    for (const worker of workers) {
      const exported = (name: string) =>
        [...receiver.metric(name).points]
          .filter(([key]) => key.startsWith(`${worker.id}|`))
          .reduce((sum, [, point]) => sum + Number(point.asInt ?? point.count ?? 0), 0);
      expect(exported(INSTRUMENTS.delivered.name)).toBe(worker.delivered);
      expect(exported(INSTRUMENTS.endToEnd.name)).toBe(worker.delivered);
      // More than the final export: a series that went down would have shown.
      const exports = receiver.resources.filter((r) => r["service.instance.id"] === worker.id);
      expect(exports.length).toBeGreaterThanOrEqual(2);
      expect(exports[0]).toMatchObject({ "swarm_stress.role": "worker" });
    }
    // The queue's depth is the run's: the coordinator's alone. Memory and CPU are each process's.
    expect(receiver.instances(INSTRUMENTS.depth.name)).toEqual(new Set([coordinator]));
    expect(receiver.instances(INSTRUMENTS.rss.name)).toEqual(new Set([coordinator, ...ids]));
    expect(receiver.instances(INSTRUMENTS.cpu.name)).toEqual(new Set([coordinator, ...ids]));

    // The password reached the local workers through their environment, and nowhere else.
    const published = await redis.sendCommand(["GET", runKeys(runId as string).descriptor]);
    expect(String(published)).not.toContain("s3cret");
    expect((JSON.parse(String(published)) as RunDescriptor).otlp).toEqual({
      url: `${receiver.url.replace("http://", "http://user@")}/`,
      passwordWithheld: true,
    });
    expect(JSON.stringify(result)).not.toContain("s3cret");
    expect(notices.join("\n")).not.toContain("s3cret");
  }, 30_000);

  it("refuses a worker started by hand without the password the run withheld, and exports from one given it", async () => {
    const receiver = await receiverOfTest();
    const queue = streamUrl(freshStream("otlp-hand"));
    let announced: (runId: string) => void = () => {};
    const runIdKnown = new Promise<string>((resolve) => {
      announced = resolve;
    });
    const running = new StressTestRunner({
      queue,
      workers: 0,
      agents: 2,
      types: ["direct"],
      messagesPerAgent: 100,
      interval: "5ms",
      successRate: 0.8,
      maxAttempts: 2,
      retryBaseDelay: "1ms",
      seed: 12,
      otlp: withPassword(receiver),
      onNotice: (line) => {
        const id = /^run (\S+): waiting for workers/.exec(line)?.[1];
        if (id !== undefined) announced(id);
      },
    }).run();
    const runId = await runIdKnown;
    const join = ["worker", "--run", runId, "--queue", queue];
    const refused = await runCli(join, process.cwd(), { OTEL_EXPORTER_OTLP_ENDPOINT: "" });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trimEnd()).toMatch(
      new RegExp(
        `^swarm-stress: run ${runId} exports metrics to http://user@127\\.0\\.0\\.1:\\d+/ with a password it does not publish: give this worker the URL with --otlp URL`,
      ),
    );
    const worker = await runCli([...join, "--otlp", withPassword(receiver)], process.cwd());
    expect(worker.status, worker.stderr).toBe(0);
    expect(worker.stderr).toMatch(/joined run \S+, exporting metrics to http:\/\/user:\*\*\*@/);
    expect(worker.stderr).not.toContain("s3cret");
    const result = await running;
    expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
    expect(result.workers).toHaveLength(1);
    expectOneRun(receiver, runId);
    expectTotals(receiver, result);
  }, 30_000);
});
