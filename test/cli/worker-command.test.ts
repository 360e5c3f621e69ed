import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import { FIXTURES, requireBuiltCli, runCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";
import { freshStream, REDIS_URL, redisAvailable, streamUrl } from "../support/redis.js";

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-worker-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, nothing on stdout. */
function expectOneLine(outcome: { stdout: string; stderr: string }, pattern: RegExp): void {
  expect(outcome.stdout).toBe("");
  const lines = outcome.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("swarm-stress worker and run --workers", () => {
  it("refuses a worker without a Redis queue or with a bad run id: exit 2", async () => {
    const noQueue = await cli(["worker", "--run", "r1"], dir, { SWARM_STRESS_QUEUE: "" });
    expect(noQueue.status).toBe(2);
    expectOneLine(
      noQueue,
      /worker needs the run's Redis: --queue redis:\/\/HOST:PORT or \$SWARM_STRESS_QUEUE/,
    );
    const memory = await cli(["worker", "--run", "r1", "--queue", "memory"], dir);
    expect(memory.status).toBe(2);
    expectOneLine(memory, /--queue: a worker needs a Redis queue/);
    const badId = await cli(["worker", "--run", "a b", "--queue", REDIS_URL], dir);
    expect(badId.status).toBe(2);
    expectOneLine(badId, /--run: "a b" is not a run id/);
    const noRun = await cli(["worker", "--queue", REDIS_URL], dir);
    expect(noRun.status).toBe(2);
    const badOtlp = await cli(
      ["worker", "--run", "r1", "--queue", REDIS_URL, "--otlp", "localhost:4318"],
      dir,
    );
    expect(badOtlp.status).toBe(2);
    expectOneLine(badOtlp, /^swarm-stress: --otlp: expected an http:\/\/ or https:\/\/ URL/);
    const badEnv = await cli(["worker", "--run", "r1", "--queue", REDIS_URL], dir, {
      OTEL_EXPORTER_OTLP_ENDPOINT: "not a url",
    });
    expect(badEnv.status).toBe(2);
    expectOneLine(badEnv, /^swarm-stress: OTEL_EXPORTER_OTLP_ENDPOINT: expected an http/);
  });

  it("refuses --workers without a Redis queue: exit 2", async () => {
    const outcome = await cli(["run", "--workers", "2"], dir);
    expect(outcome.status).toBe(2);
    expectOneLine(outcome, /workers need a Redis queue to share/);
  });

  it("says in one line, exit 3, when Redis is down, and never prints the password", async () => {
    const started = Date.now();
    const outcome = await cli(
      ["run", "--queue", "redis://:s3cret@127.0.0.1:6390/0", "--workers", "2", "--no-progress"],
      dir,
    );
    expect(outcome.status).toBe(3);
    expectOneLine(outcome, /^swarm-stress: cannot connect to Redis at 127\.0\.0\.1:6390/);
    expect(outcome.stderr).not.toContain("s3cret");
    expect(Date.now() - started).toBeLessThan(10_000);
    const worker = await cli(["worker", "--run", "r1", "--queue", "redis://127.0.0.1:6390"], dir);
    expect(worker.status).toBe(3);
  });

  it.skipIf(!redisAvailable)("says when no such run exists: exit 2", async () => {
    const outcome = await cli(["worker", "--run", "nosuchrun", "--queue", REDIS_URL], dir);
    expect(outcome.status).toBe(2);
    expectOneLine(outcome, /no run "nosuchrun" at redis:\/\/127\.0\.0\.1:6379\/15/);
  });

  it.skipIf(!redisAvailable)(
    "runs a scenario on two local workers and saves one merged result without the password",
    async () => {
      const url = streamUrl(freshStream("cli")).replace("redis://", "redis://default:@");
      const outcome = await cli(
        [
          "run",
          "--queue",
          url,
          "--workers",
          "2",
          "--agents",
          "3",
          "--messages-per-agent",
          "100",
          "--interval",
          "0",
          "--delay",
          "0.1ms",
          "--no-progress",
          "-o",
          "dist.json",
        ],
        dir,
      );
      expect(outcome.status, outcome.stderr).toBe(0);
      expect(outcome.stderr).toMatch(/run \S+: 2 local worker\(s\) started/);
      expect(outcome.stdout).toMatch(/Workers \(2;/);
      const result = JSON.parse(readFileSync(join(dir, "dist.json"), "utf8")) as RunResult;
      expect(result.workers).toHaveLength(2);
      expect(result.audit.balanced).toBe(true);
      expect(result.config.queue).toMatch(/^redis:\/\/default:\*\*\*@127\.0\.0\.1/);
      expect(result.config.workers).toBe(2);
    },
  );

  it.skipIf(!redisAvailable)(
    "stops a worker whose core calls process.exit, says so, and ends the run without a hang",
    async () => {
      // Spawned: a local worker writes to the terminal its coordinator's process has, and only
      // a process of its own hands that stream to the test.
      const outcome = await runCli(
        [
          ...["run", "--queue", streamUrl(freshStream("exit")), "--workers", "1"],
          ...["--core", join(FIXTURES, "cores/exit-mid-run.js")],
          ...["--agents", "3", "--messages-per-agent", "100", "--interval", "0"],
          ...["--no-progress", "-o", "worker-exit.json"],
        ],
        dir,
      );
      expect(outcome.stderr).toMatch(
        /^swarm-stress: the delivery core called process\.exit\(0\) in worker \d+, which stopped it$/m,
      );
      expect(outcome.stderr).not.toMatch(/internal error/);
      const result = JSON.parse(readFileSync(join(dir, "worker-exit.json"), "utf8")) as RunResult;
      expect(result.stoppedEarly).toBe(true);
      expect(result.audit).toMatchObject({ lost: 0 });
      expect(outcome.status).toBe(1);
    },
    // A coordinator and its worker starting on a busy machine take their time.
    90_000,
  );
});
