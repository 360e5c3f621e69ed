import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKeys } from "../../src/distributed/run-keys.js";
import { connectRedis, type RedisConnection } from "../../src/queue/redis/connection.js";
import type { RunResult } from "../../src/result/result.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { freshStream, REDIS_URL, redisAvailable, streamUrl } from "../support/redis.js";

/** The workers run the built CLI. A system test (test/setup/project-files.ts): it kills one. */
beforeAll(() => requireBuiltCli());

describe.skipIf(!redisAvailable)("a distributed run", () => {
  let redis: RedisConnection;

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL);
  });

  afterAll(async () => {
    await redis?.close();
  });

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
});
