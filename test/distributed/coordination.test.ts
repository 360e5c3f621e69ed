import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRunKeys, runKeys } from "../../src/distributed/run-keys.js";
import { coordinatorBeatTtlMs } from "../../src/distributed/timing.js";
import { connectRedis, type RedisConnection } from "../../src/queue/redis/connection.js";
import type { RunResult } from "../../src/result/result.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { BIN, requireBuiltCli, runCli, startCli } from "../support/built-cli.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";
import { until } from "../support/until.js";

beforeAll(() => requireBuiltCli());

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Side by side: each test has its own stream, and most of one is waiting out a heartbeat.
describe.skipIf(!redisAvailable).concurrent("coordinating a distributed run", () => {
  let redis: RedisConnection;

  beforeAll(async () => {
    redis = await connectRedis(streamUrl("unused"));
  });

  afterAll(async () => {
    await redis?.close();
  });

  it("never lets two runs share a queue stream, and purge refuses a stream in use", async () => {
    const url = streamUrl(freshStream("owner"));
    const controller = new AbortController();
    let runId: string | undefined;
    // No local workers: the first run waits for workers that never come, holding the stream.
    const first = new StressTestRunner({
      queue: url,
      workers: 0,
      agents: 2,
      messagesPerAgent: 5,
      signal: controller.signal,
      onNotice: (line) => {
        runId ??= /^run (\S+):/.exec(line)?.[1];
      },
    }).run();
    await until(async () => runId !== undefined, 10_000);
    await expect(new StressTestRunner({ queue: url, workers: 0, agents: 2 }).run()).rejects.toThrow(
      new RegExp(`^queue stream \\S+ is in use by run ${runId}`),
    );
    const purge = await runCli(["queue", "purge", url], process.cwd());
    expect(purge.status).toBe(2);
    expect(purge.stderr).toContain(`is in use by run ${runId}`);
    controller.abort();
    const result = await first;
    expect(result.stoppedEarly).toBe(true);
    expect(result.audit.balanced).toBe(true);
    const after = await runCli(["queue", "purge", url], process.cwd());
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toMatch(
      /^purged queue stream swarm-stress-test:owner:\S+ \(\d+ key\(s\)\)/,
    );
  });

  it("keeps beating while its workers take longer to start than its heartbeat lasts", async () => {
    const preload = new URL("../fixtures/preload/slow-worker-start.mjs", import.meta.url);
    const run = startCli(
      ["run", "--queue", streamUrl(freshStream("slow-join")), "--workers", "1"].concat([
        // A short heartbeat, so that outlasting the coordinator's takes 7 s, not 11.
        "--heartbeat",
        "3s",
        "--agents",
        "2",
        "--messages-per-agent",
        "20",
        "--no-progress",
        "--json",
      ]),
      process.cwd(),
      {
        NODE_OPTIONS: `--import ${preload.href}`,
        SLOW_WORKER_START_MS: String(coordinatorBeatTtlMs({ heartbeat: 3000 }) + 1000),
      },
    );
    await until(async () => /local worker\(s\) started/.test(run.stderr()), 15_000);
    const keys = runKeys(/run (\S+): 1 local worker/.exec(run.stderr())?.[1] as string);
    // Until the worker joins, the coordinator's beat must never lapse: a worker that finds it
    // gone takes the coordinator for dead and stops.
    let lapsed = 0;
    await until(async () => {
      if (Number(await redis.sendCommand(["EXISTS", keys.coordinatorBeat])) !== 1) lapsed++;
      return Number(await redis.sendCommand(["HLEN", keys.workers])) > 0;
    }, 25_000);
    expect(lapsed).toBe(0);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const result = JSON.parse(run.stdout()) as RunResult;
    expect(result.stoppedEarly).toBe(false);
    expect(result.totals.delivered).toBe(40);
  }, 40_000);

  it("stops the workers of a coordinator that died", async () => {
    const url = streamUrl(freshStream("orphan"));
    const coordinator = spawn(
      process.execPath,
      [
        BIN,
        "run",
        "--queue",
        url,
        // One worker: each watches the coordinator's beat on its own, as a second would.
        "--workers",
        "1",
        "--agents",
        "4",
        "--messages-per-agent",
        "2000",
      ].concat([
        "--interval",
        "20ms",
        // The shortest heartbeat: the coordinator's beat lapses 4 s after its death, not 6.
        "--heartbeat",
        "2s",
        "--batch-size",
        "5",
        "--queue-capacity",
        "50",
        "--no-progress",
      ]),
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    coordinator.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    // A worker starting on a busy machine can take a while.
    await until(async () => /joined run/.test(stderr), 40_000);
    const runId = /run (\S+): 1 local worker/.exec(stderr)?.[1] as string;
    const flat = (await redis.sendCommand(["HGETALL", runKeys(runId).workers])) as unknown;
    const values = Array.isArray(flat)
      ? flat.filter((_, i) => i % 2 === 1)
      : Object.values(flat as object);
    const pids = values.map((text) => (JSON.parse(String(text)) as { pid: number }).pid);
    expect(pids).toHaveLength(1);
    coordinator.kill("SIGKILL");
    // Its heartbeat lasts 4 s (twice --heartbeat); the worker notices within a poll after it lapses.
    await until(async () => pids.every((pid) => !processAlive(pid)), 25_000);
    // Its keys, also those made after its last beat, go in time: none is kept for ever.
    for (const key of allRunKeys(runId)) {
      const ttl = Number(await redis.sendCommand(["PTTL", key]));
      expect(ttl === -2 || ttl > 0, `${key}: ${ttl}`).toBe(true);
    }
    await runCli(["queue", "purge", url], process.cwd());
  }, 90_000);
});

describe("what a distributed run refuses", () => {
  it("refuses chaos and record with workers", () => {
    const url = "redis://127.0.0.1:6379/15";
    expect(() => new StressTestRunner({ queue: url, workers: 1, chaos: true })).toThrow(
      /chaos runs in one process only/,
    );
    expect(() => new StressTestRunner({ queue: url, workers: 1, record: "x.ndjson" })).toThrow(
      /record writes the outcomes of one process only/,
    );
  });
});
