import { describe, expect, it } from "vitest";
import { runSideBySide } from "../../src/compare/run-side-by-side.js";
import { ConfigError } from "../../src/errors.js";
import { selectBenchCases } from "../../src/run/bench-suite.js";
import { PrivateRedis, redisServerInstalled } from "../support/redis-server.js";

const SMALL = selectBenchCases(["small"])[0];
if (SMALL === undefined) throw new Error("the bench suite has no small row");

describe("runSideBySide", () => {
  it("runs every queue once per round in the turning order, with the same seed", async () => {
    const seen: string[] = [];
    const { summary, runs } = await runSideBySide({
      queues: ["memory"],
      workload: SMALL,
      repeat: 2,
      onRun: (run, queue) => {
        seen.push(`${queue.label}@${run.round}`);
      },
    });
    expect(seen).toEqual(["memory@0", "memory@1"]);
    expect(runs.every((run) => run.result.config.seed === 1)).toBe(true);
    expect(summary.queues[0]).toMatchObject({ runs: 2, auditBalanced: true, lost: 0 });
    expect(summary.fault).toBeUndefined();
  });

  it("refuses bad input before anything runs", async () => {
    await expect(runSideBySide({ queues: [], workload: SMALL })).rejects.toThrow(ConfigError);
    await expect(runSideBySide({ queues: ["memory"], workload: SMALL, repeat: 0 })).rejects.toThrow(
      /--repeat/,
    );
  });

  it.skipIf(!redisServerInstalled)(
    "ends with what it has, and says why, when a broker goes away between runs",
    async () => {
      const server = await PrivateRedis.start();
      try {
        const { summary, runs } = await runSideBySide({
          queues: ["memory", server.url("gone")],
          workload: SMALL,
          repeat: 3,
          onRun: async (run) => {
            if (run.queue === 1) await server.stop();
          },
        });
        // Round 1: memory, Redis (then stopped); round 2 starts with Redis, which fails.
        expect(runs.map((run) => run.queue)).toEqual([0, 1]);
        expect(summary.stoppedEarly).toBe(true);
        expect(summary.fault).toMatch(/^redis:\/\/127\.0\.0\.1:\d+\/0\?stream=gone, round 2: /);
        expect(summary.queues.map((queue) => queue.runs)).toEqual([1, 1]);
      } finally {
        await server.dispose();
      }
    },
  );
});
