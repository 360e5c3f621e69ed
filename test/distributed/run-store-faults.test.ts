/**
 * The run store when Redis misbehaves: calls sent twice because the connection broke while
 * they were on their way, and a Redis that lost the run's keys. Against a Redis of the test's
 * own, never the shared one.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DeltaTaker } from "../../src/distributed/delta-taker.js";
import type { RunDescriptor, WorkerReport } from "../../src/distributed/protocol.js";
import { connectRunStore, type StoreAccess } from "../../src/distributed/redis-access.js";
import { ReportMerger } from "../../src/distributed/report-merger.js";
import { RunStore } from "../../src/distributed/run-store.js";
import { RuntimeError } from "../../src/errors.js";
import { Recorder } from "../../src/metrics/recorder.js";
import type { Message } from "../../src/model/message.js";
import { NO_TIMES } from "../../src/processor/times.js";
import { RedisQueue } from "../../src/queue/redis/redis.js";
import { testMessage, testMessages } from "../conformance/queue-conformance.js";
import { command, PrivateRedis, redisServerInstalled } from "../support/redis-server.js";

let server: PrivateRedis | undefined;
const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const thing of opened.splice(0)) await thing.close();
  await server?.dispose();
  server = undefined;
});

async function access(runId: string): Promise<StoreAccess> {
  const made = await connectRunStore((server as PrivateRedis).url(), runId);
  opened.push(made);
  return made;
}

function descriptor(id: string, stream = "s"): RunDescriptor {
  return {
    id,
    stream,
    startedAt: 1,
    coordinator: { host: "h", pid: 1 },
    clockOffsetMs: 0,
    config: {} as RunDescriptor["config"],
  };
}

describe.skipIf(!redisServerInstalled)("run store", () => {
  it("counts a settle sent twice once, and answers the repeat as it answered the first", async () => {
    server = await PrivateRedis.start();
    const { redis } = await access("r1");
    // The connection broke after the script ran and before its reply came: it is sent again.
    const twice = {
      sendCommand: async (args: string[]) => {
        const first = await redis.sendCommand(args);
        const again = await redis.sendCommand(args);
        if (args[0] === "EVAL") expect(again).toEqual(first);
        return again;
      },
    };
    const store = new RunStore(twice, "r1");
    const records = [0, 1, 2].map((seq) => ({
      seq,
      outcome: "delivered" as const,
      type: "direct" as const,
      sender: "Agent-1",
    }));
    expect(await store.settle(records)).toBeUndefined();
    // A real second settle of the same messages is a duplicate, as before.
    const earlier = await store.settle(records.slice(0, 1));
    expect(earlier).toEqual(new Map([[0, "delivered"]]));
    const outcomes = await store.outcomes();
    expect(outcomes).toMatchObject({ delivered: 3, settled: 3, duplicates: 1 });
  });

  it("publishes a run whose publish was sent twice, and still refuses a taken id", async () => {
    server = await PrivateRedis.start();
    const { store } = await access("r2");
    expect(await store.publish(descriptor("r2"))).toBe(true);
    expect(await store.publish(descriptor("r2"))).toBe(true);
    expect(await store.publish(descriptor("r2", "another"))).toBe(false);
  });

  it("fails the coordinator's beat, and every later call of the run, when Redis lost the run's keys", async () => {
    server = await PrivateRedis.start();
    const coordinator = await access("r3");
    const queue = await RedisQueue.open({
      url: server.url("r3"),
      latch: coordinator.latch,
    });
    opened.push(queue);
    await coordinator.store.publish(descriptor("r3"));
    await coordinator.store.beatAsCoordinator("r3", 10_000, 60_000);
    await queue.enqueue(testMessages(0, 2));
    await command(server.port, "FLUSHALL");
    const line = `Redis at 127.0.0.1:${server.port} lost the run's state (restarted without persistence, or flushed?)`;
    const beat = coordinator.store.beatAsCoordinator("r3", 10_000, 60_000);
    await expect(beat).rejects.toThrow(RuntimeError);
    await expect(beat).rejects.toThrow(line);
    // The beat made nothing again in the emptied Redis.
    expect(await command(server.port, "DBSIZE")).toBe(":0");
    // The store's reads would find only zeros, the queue's its stream gone: both fail alike.
    const fault = coordinator.latch.error;
    await expect(coordinator.store.outcomes()).rejects.toBe(fault);
    await expect(queue.depth()).rejects.toBe(fault);
  });

  it("says the phase is gone rather than finished when its key is", async () => {
    server = await PrivateRedis.start();
    const { store } = await access("r4");
    await store.publish(descriptor("r4"));
    expect(await store.phase()).toBe("producing");
    await command(server.port, "FLUSHALL");
    expect(await store.phase()).toBeUndefined();
  });
});

describe("reports", () => {
  it("are merged once when a worker's report was sent twice", () => {
    const agents = ["Agent-1", "Agent-2"];
    const worker = new Recorder(agents, ["direct"]);
    const coordinator = new Recorder(agents, ["direct"]);
    const taker = new DeltaTaker(worker);
    const merger = new ReportMerger(coordinator);
    const message: Message = {
      ...testMessage(0),
      recipients: ["Agent-2"],
      addressedTo: ["Agent-2"],
      scheduledAt: 1000,
      enqueuedAt: 1000,
      attempts: 1,
    };
    worker.leased(message, 1001);
    worker.attempt(message, "Agent-2", true, false, 1);
    worker.delivered(message, 1003);
    const report: WorkerReport = {
      worker: "w1",
      seq: 1,
      at: 2000,
      final: false,
      part: taker.take(false),
      resources: { rssMB: 1, heapMB: 1, cpuPct: 1 },
      times: { ...NO_TIMES, batches: 1, deliveringMs: 2 },
    };
    merger.add(report);
    merger.add(report);
    expect(coordinator.counts().delivered).toBe(1);
    expect(merger.times.batches).toBe(1);
    expect(merger.missing.size).toBe(0);
  });
});
