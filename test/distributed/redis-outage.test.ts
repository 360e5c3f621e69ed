/**
 * Redis going away under a run, end to end through the built CLI: stopped for good, restarted
 * empty, and down briefly then back with its data; in one process and with two workers. Each
 * test starts and kills a Redis of its own on a free port, never the shared one.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { runKeys } from "../../src/distributed/run-keys.js";
import { REDIS_RETRY_WINDOW_MS } from "../../src/queue/redis/connection.js";
import type { RunResult } from "../../src/result/result.js";
import { BIN, requireBuiltCli } from "../support/built-cli.js";
import { command, PrivateRedis, redisServerInstalled } from "../support/redis-server.js";
import { until } from "../support/until.js";

/** A CLI process under test, with what it printed so far. */
interface Running {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Its exit code and the moment it exited. */
  readonly exited: Promise<{ code: number | null; at: number }>;
}

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-outage-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What one test starts, stopped when that test ends (its own hook: the tests run side by side). */
interface Owned {
  /** A Redis of the test's own, on a port of its own. */
  redis(): Promise<PrivateRedis>;
  /** The built CLI with `args`, stderr collected. */
  start(args: readonly string[], env?: NodeJS.ProcessEnv): Running;
}

function ownedBy(onTestFinished: TestContext["onTestFinished"]): Owned {
  return {
    async redis() {
      const server = await PrivateRedis.start();
      onTestFinished(() => server.dispose());
      return server;
    },
    start(args, env = {}) {
      const running = start(args, env);
      onTestFinished(() => {
        if (running.child.exitCode === null) running.child.kill("SIGKILL");
      });
      return running;
    },
  };
}

/** Starts the built CLI with `args`, stderr collected; see {@link Owned.start}. */
function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", SWARM_STRESS_DEBUG: "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => {
    child.once("close", (code) => resolve({ code, at: Date.now() }));
  });
  return { child, stderr: () => stderr, exited };
}

/**
 * A run of about 40 000 messages: far more than a few seconds deliver. A 20 ms pause after each
 * batch of 20: the outage is what these tests wait for, and a run that works flat out until
 * then only burns CPU (500 messages are still handed out within a second).
 */
function runArgs(
  server: PrivateRedis,
  stream: string,
  out: string,
  extra: readonly string[] = [],
): string[] {
  return [
    "run",
    "--queue",
    server.url(stream),
    "--agents",
    "4",
    "--messages-per-agent",
    "10000",
    "--batch-size",
    "20",
    "--interval",
    "20ms",
    "--no-progress",
    "-o",
    out,
    ...extra,
  ];
}

/** Waits until the run's queue stream has handed out at least `n` messages. */
async function handedOut(
  server: PrivateRedis,
  stream: string,
  n: number,
  ms = 20_000,
): Promise<void> {
  const script = `"return tonumber(redis.call('HGET', KEYS[1], 'next') or '0')"`;
  await until(async () => {
    const port = server.port;
    const reply = await command(port, `EVAL ${script} 1 {swarm-stress:${stream}}:meta`).catch(
      () => "",
    );
    return Number(reply.replace(/^:/, "")) >= n;
  }, ms);
}

/**
 * Waits until `count` workers have each sent the coordinator a report, then long enough for its
 * poll to merge them: only what it merged can stand in a partial result.
 */
async function reportedBy(server: PrivateRedis, run: Running, count: number): Promise<void> {
  const runId = /joined run (\S+)/.exec(run.stderr())?.[1] as string;
  const script = `"local seen, n = {}, 0 for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do local w = cjson.decode(e[2][2]).worker if not seen[w] then seen[w] = true n = n + 1 end end return n"`;
  await until(async () => {
    const port = server.port;
    const reply = await command(port, `EVAL ${script} 1 ${runKeys(runId).reports}`).catch(() => "");
    return Number(reply.replace(/^:/, "")) >= count;
  }, 20_000);
  await new Promise((resolve) => setTimeout(resolve, MERGE_WAIT_MS));
}

/** Several of the coordinator's polls (200 ms each), for a machine that is busy. */
const MERGE_WAIT_MS = 1_000;

/** Waits until `count` workers have said they joined. */
async function joined(run: Running, count: number): Promise<void> {
  await until(() => (run.stderr().match(/joined run/g) ?? []).length >= count, 30_000);
}

/**
 * The contract of a run that Redis failed: exit 3, exactly one `swarm-stress:` line, naming
 * the cause, no internal error, and a saved partial result whose fault names Redis.
 */
function expectFault(run: Running, code: number | null, pattern: RegExp, out: string): RunResult {
  const stderr = run.stderr();
  expect(stderr).not.toMatch(/internal error/);
  const lines = stderr.split("\n").filter((line) => line.startsWith("swarm-stress: "));
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toBe(`swarm-stress: ${matched(pattern, lines[0])}`);
  expect(code, stderr).toBe(3);
  expect(stderr).toContain(`result saved to ${out}`);
  const result = JSON.parse(readFileSync(join(dir, out), "utf8")) as RunResult & {
    fault?: { reason: string; unknown: string[] };
  };
  expect(result.fault?.reason).toMatch(pattern);
  expect(result.stoppedEarly).toBe(true);
  // What Redis took with it is unknown, never counted as lost.
  expect(result.audit.lost).toBe(0);
  expect(result.fault?.unknown.join()).toMatch(/could not be read/);
  expect(result.audit.problems.join()).not.toMatch(/distinct sequence numbers/);
  return result;
}

const WINDOW_S = REDIS_RETRY_WINDOW_MS / 1000;
/** Why the run stopped, as the line and the result's fault say it. */
const LOST = new RegExp(
  `lost Redis at 127\\.0\\.0\\.1:\\d+: connection refused \\(retried for ${WINDOW_S} s\\)`,
);
const STATE_LOST =
  /Redis at 127\.0\.0\.1:\d+ lost the run's state \(restarted without persistence, or flushed\?\)/;

// Side by side: each test has a Redis of its own, and most of its time is waiting out an
// outage or a retry window.
describe.skipIf(!redisServerInstalled).concurrent("a run whose Redis goes away (built CLI)", () => {
  it("stops in one line, exit 3, within the retry window when Redis is stopped for good (one process)", async ({
    onTestFinished,
  }) => {
    const own = ownedBy(onTestFinished);
    const server = await own.redis();
    const run = own.start(runArgs(server, "gone-one", "gone-one.json"));
    await handedOut(server, "gone-one", 500);
    await server.stop();
    const stoppedAt = Date.now();
    const { code, at } = await run.exited;
    expectFault(run, code, LOST, "gone-one.json");
    expect(at - stoppedAt).toBeGreaterThanOrEqual(REDIS_RETRY_WINDOW_MS - 500);
    expect(at - stoppedAt).toBeLessThan(REDIS_RETRY_WINDOW_MS + 5_000);
  }, 60_000);

  it("stops in one line, exit 3, within the retry window when Redis is stopped for good (two workers)", async ({
    onTestFinished,
  }) => {
    const own = ownedBy(onTestFinished);
    const server = await own.redis();
    const run = own.start(runArgs(server, "gone-two", "gone-two.json", ["--workers", "2"]));
    await joined(run, 2);
    await handedOut(server, "gone-two", 500);
    await reportedBy(server, run, 2);
    const workerPids = workerPidsOf(run);
    await server.stop();
    const stoppedAt = Date.now();
    const { code, at } = await run.exited;
    const result = expectFault(run, code, LOST, "gone-two.json");
    expect(at - stoppedAt).toBeLessThan(REDIS_RETRY_WINDOW_MS + 5_000);
    // The workers' reports merged before the fault stand, one row each.
    expect(result.workers).toHaveLength(2);
    // The local workers are gone too, not left retrying.
    await until(() => workerPids.every((pid) => !alive(pid)), 5_000);
  }, 90_000);

  it("stops in one line, exit 3, without hanging, when Redis restarts empty (one process)", async ({
    onTestFinished,
  }) => {
    const own = ownedBy(onTestFinished);
    const server = await own.redis();
    const run = own.start(runArgs(server, "empty-one", "empty-one.json"));
    await handedOut(server, "empty-one", 500);
    await server.restartEmpty();
    const restartedAt = Date.now();
    const { code, at } = await run.exited;
    expectFault(run, code, STATE_LOST, "empty-one.json");
    expect(at - restartedAt).toBeLessThan(8_000);
  }, 60_000);

  it("stops in one line, exit 3, without hanging, when Redis restarts empty (two workers)", async ({
    onTestFinished,
  }) => {
    const own = ownedBy(onTestFinished);
    const server = await own.redis();
    const run = own.start(runArgs(server, "empty-two", "empty-two.json", ["--workers", "2"]));
    await joined(run, 2);
    await handedOut(server, "empty-two", 500);
    const workerPids = workerPidsOf(run);
    await server.restartEmpty();
    const restartedAt = Date.now();
    const { code, at } = await run.exited;
    expectFault(run, code, STATE_LOST, "empty-two.json");
    expect(at - restartedAt).toBeLessThan(8_000);
    await until(() => workerPids.every((pid) => !alive(pid)), 5_000);
  }, 90_000);

  it("stops a worker started by hand in one line, exit 3, when Redis restarts empty", async ({
    onTestFinished,
  }) => {
    const own = ownedBy(onTestFinished);
    const server = await own.redis();
    const run = own.start(runArgs(server, "empty-hand", "empty-hand.json", ["--workers", "0"]));
    await until(() => /run (\S+): waiting for workers/.test(run.stderr()), 20_000);
    const runId = /run (\S+): waiting for workers/.exec(run.stderr())?.[1] as string;
    const worker = own.start(["worker", "--run", runId], { SWARM_STRESS_QUEUE: server.url() });
    await joined(worker, 1);
    await handedOut(server, "empty-hand", 500);
    await server.restartEmpty();
    const restartedAt = Date.now();
    const [coordinator, hand] = await Promise.all([run.exited, worker.exited]);
    expectFault(run, coordinator.code, STATE_LOST, "empty-hand.json");
    const lines = worker
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("swarm-stress: "));
    expect(lines, worker.stderr()).toHaveLength(1);
    expect(lines[0]).toMatch(STATE_LOST);
    expect(hand.code).toBe(3);
    expect(Math.max(coordinator.at, hand.at) - restartedAt).toBeLessThan(8_000);
  }, 90_000);

  it("completes with a balanced audit when Redis is down briefly and comes back with its data (one process)", async ({
    onTestFinished,
  }) => {
    const own = ownedBy(onTestFinished);
    const server = await own.redis();
    const run = own.start(smallRun(server, "blip-one", "blip-one.json"));
    await handedOut(server, "blip-one", 300);
    await server.restartWithData(2_000);
    const { code } = await run.exited;
    expectCompleted(run, code, "blip-one.json");
  }, 60_000);

  it("completes with a balanced audit when Redis is down briefly and comes back with its data (two workers)", async ({
    onTestFinished,
  }) => {
    const own = ownedBy(onTestFinished);
    const server = await own.redis();
    const run = own.start(smallRun(server, "blip-two", "blip-two.json", ["--workers", "2"]));
    await joined(run, 2);
    await handedOut(server, "blip-two", 300);
    await server.restartWithData(2_000);
    const { code } = await run.exited;
    const result = expectCompleted(run, code, "blip-two.json");
    expect((result.workers ?? []).map((w) => w.status)).toEqual(["finished", "finished"]);
  }, 90_000);
});

/**
 * A run of 4 000 messages, a few seconds' work (5 ms pauses: it must finish), whose leases
 * lapse after 2 s: a lease the outage cut off comes back soon.
 */
function smallRun(
  server: PrivateRedis,
  stream: string,
  out: string,
  extra: readonly string[] = [],
): string[] {
  const args = runArgs(server, stream, out, ["--visibility-timeout", "2s", ...extra]);
  args[args.indexOf("--messages-per-agent") + 1] = "1000";
  args[args.indexOf("--interval") + 1] = "5ms";
  return args;
}

/** The part of `line` that `reason` matches, or a note that it does not, for `toBe`. */
function matched(reason: RegExp, line: string | undefined): string {
  return reason.exec(line ?? "")?.[0] ?? `(no match for ${reason.source})`;
}

/** Exit 0, no error line, every message accounted for. */
function expectCompleted(run: Running, code: number | null, out: string): RunResult {
  expect(run.stderr()).not.toMatch(/^swarm-stress: /m);
  expect(code, run.stderr()).toBe(0);
  const result = JSON.parse(readFileSync(join(dir, out), "utf8")) as RunResult;
  expect(result.stoppedEarly).toBe(false);
  expect(result.audit.balanced, JSON.stringify(result.audit)).toBe(true);
  expect(result.totals.generated).toBe(4_000);
  expect(result.totals.delivered + result.totals.deadLettered).toBe(4_000);
  return result;
}

/** The process ids of the workers that said they joined (`worker HOST-PID-RANDOM joined`). */
function workerPidsOf(run: Running): number[] {
  return [...run.stderr().matchAll(/worker \S+-(\d+)-[a-z0-9]+ joined run/g)].map((m) =>
    Number(m[1]),
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
