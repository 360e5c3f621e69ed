/**
 * Reliability trials: a run of the built CLI on one queue driver and scenario, killed at
 * seeded moments and resumed until it completes, then checked for the promise that matters
 * most: every message accounted for, nothing lost, every duplicate explained. The kill
 * schedule comes from the trial's seed, so a failing trial replays exactly with the same seed.
 *
 * Shared by the CI matrix (test/reliability/matrix.test.ts) and `npm run soak`.
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { runKeys, streamOwnerKey } from "../../src/distributed/run-keys.js";
import { connectRedis, type RedisConnection } from "../../src/queue/redis/connection.js";
import type { RunResult } from "../../src/result/result.js";
import { type StartedCli, sleep, startCli, untilExists } from "./built-cli.js";
import { cli } from "./cli-in-process.js";
import { hasRunState } from "./run-state.js";
import { seededRandom } from "./seeded-random.js";

/** Queue drivers a trial runs on. */
export type TrialDriver = "memory" | "sqlite" | "redis";

/** Scenarios a trial runs: no faults, failures and retries, chaos. */
export type TrialScenario = "default" | "failure" | "chaos";

/** One trial: where, what, which seed, how many interruptions. */
export interface Trial {
  readonly driver: TrialDriver;
  readonly scenario: TrialScenario;
  readonly seed: number;
  /**
   * Interruptions: SIGKILLs of the run (SQLite, then resumed), of a worker (Redis, two
   * workers: at most one, so that one is left to finish), or a Ctrl-C (memory, and chaos on
   * Redis, whose partial result must balance).
   */
  readonly kills: number;
  readonly agents?: number;
  readonly messagesPerAgent?: number;
  /** The Redis server for `redis` trials, as `redis://HOST:PORT/DB`. */
  readonly redisUrl?: string;
}

/** What a trial found. */
export interface TrialOutcome {
  readonly trial: Trial;
  /** Processes of the CLI run, resumes included. */
  readonly runs: number;
  /** Interruptions that hit a running process. */
  readonly kills: number;
  /** Messages the run generated in all. */
  readonly messages: number;
  readonly lost: number;
  readonly duplicates: number;
  /** Why the trial failed, one line each; empty when it held. */
  readonly problems: readonly string[];
  /** The command that replays it. */
  readonly replay: string;
}

/** Delays before each interruption, ms after the run got going: the same for the same seed. */
export function killSchedule(seed: number, kills: number): number[] {
  const next = seededRandom(seed * 7919 + 17);
  return Array.from({ length: kills }, () => Math.round(100 + next() * 900));
}

/** The workload's flags: the scenario made small and quick, with leases that do expire. */
function workload(trial: Trial): string[] {
  return [
    ...["--scenario", trial.scenario, "--seed", String(trial.seed)],
    ...["--agents", String(trial.agents ?? 4)],
    ...["--messages-per-agent", String(trial.messagesPerAgent ?? 150)],
    // About a second of work, so that seeded interruptions land inside it.
    ...["--batch-size", "20", "--interval", "20ms", "--delay", "0.2ms"],
    ...["--retry-base-delay", "1ms", "--retry-max-delay", "20ms", "--visibility-timeout", "400ms"],
    ...["--no-progress", "--json"],
  ];
}

/** Run `trial` in a fresh directory under `root`. */
export async function runTrial(trial: Trial, root: string): Promise<TrialOutcome> {
  const dir = mkdtempSync(join(root, `${trial.driver}-${trial.scenario}-${trial.seed}-`));
  const replay = `{ driver: "${trial.driver}", scenario: "${trial.scenario}", seed: ${trial.seed}, kills: ${trial.kills} }`;
  const trialRun =
    trial.driver === "sqlite"
      ? durableTrial(trial, dir)
      : trial.driver === "redis"
        ? redisTrial(trial, dir)
        : interruptedTrial(trial, dir, "memory");
  const { result, runs, kills, problems } = await trialRun;
  const found = [...problems];
  if (result) found.push(...checkAccounting(result, trial));
  return {
    trial,
    runs,
    kills,
    messages: result?.totals.generated ?? 0,
    lost: result?.audit.lost ?? 0,
    duplicates: result?.totals.duplicates ?? 0,
    problems: found,
    replay,
  };
}

interface TrialRuns {
  readonly result: RunResult | undefined;
  readonly runs: number;
  readonly kills: number;
  readonly problems: string[];
}

/** Kill and resume a run on a durable queue file until it completes. */
async function durableTrial(trial: Trial, dir: string): Promise<TrialRuns> {
  const file = join(dir, "q.db");
  const queue = ["--queue", `sqlite:${file}`];
  let runs = 0;
  let kills = 0;
  const problems: string[] = [];
  // A kill that lands before the run saved its state leaves nothing to resume: the run is
  // then started afresh, as a user would.
  let begun = false;
  const next = (): string[] =>
    begun ? ["run", "--resume", ...queue, "--json"] : ["run", ...workload(trial), ...queue];
  for (const delay of killSchedule(trial.seed, trial.kills)) {
    const run = startCli(next(), dir);
    runs++;
    await untilExists(file);
    await sleep(delay);
    if (run.child.exitCode === null && run.child.kill("SIGKILL")) kills++;
    const { code, signal } = await run.exited;
    if (signal === null && code !== 0) {
      problems.push(`run ${runs} exited ${code} before its kill: ${lastLines(run.stderr())}`);
    }
    begun = hasRunState(file);
  }
  const final = startCli(next(), dir);
  runs++;
  return { ...(await finish(final, problems)), runs, kills };
}

/**
 * One process, no resume: with kills, stop it with Ctrl-C and check its partial result. For
 * the memory queue, and for chaos on Redis (chaos runs in one process only).
 */
async function interruptedTrial(trial: Trial, dir: string, queue: string): Promise<TrialRuns> {
  // The record file appears once the run is under way, its Ctrl-C handler in place.
  const record = join(dir, "outcomes.ndjson");
  const run = startCli(["run", ...workload(trial), "--queue", queue, "--record", record], dir);
  const problems: string[] = [];
  let kills = 0;
  const [delay] = killSchedule(trial.seed, Math.min(1, trial.kills));
  if (delay !== undefined) {
    await untilExists(record);
    await sleep(delay);
    if (run.child.exitCode === null && run.child.kill("SIGINT")) kills++;
  }
  const done = await finish(run, problems, kills > 0 ? [0, 130] : [0]);
  return { ...done, runs: 1, kills };
}

/**
 * Run on a stream of its own in Redis: chaos stopped and resumed, the other scenarios with two
 * workers, one SIGKILLed per kill. The stream and the run ledger beside it are purged after.
 */
async function redisTrial(trial: Trial, dir: string): Promise<TrialRuns> {
  const base = trial.redisUrl ?? "redis://127.0.0.1:6379/15";
  const stream = `swarm-stress-test:matrix:${trial.scenario}:${trial.seed}:${process.pid}:${Date.now()}`;
  const url = `${base}?stream=${encodeURIComponent(stream)}`;
  try {
    return trial.scenario === "chaos"
      ? await interruptedTrial(trial, dir, url)
      : await workersTrial(trial, dir, { base, stream, url });
  } finally {
    await cli(["queue", "purge", url], dir);
  }
}

async function workersTrial(
  trial: Trial,
  dir: string,
  { base, stream, url }: { base: string; stream: string; url: string },
): Promise<TrialRuns> {
  // A killed worker is taken for lost after 3 s and for good after 6 (the defaults: 5 and 10).
  const distributed = ["--queue", url, "--workers", "2", "--heartbeat", "3s"];
  const run = startCli(["run", ...workload(trial), ...distributed], dir);
  const problems: string[] = [];
  let kills = 0;
  const redis = await connectRedis(base);
  try {
    for (const delay of killSchedule(trial.seed, Math.min(1, trial.kills))) {
      const deadline = Date.now() + 15_000;
      let joined: number[] = [];
      while (joined.length === 0 && run.child.exitCode === null && Date.now() < deadline) {
        await sleep(10);
        joined = await joinedWorkers(redis, stream);
      }
      await sleep(delay);
      const victim = joined[0];
      if (victim !== undefined && run.child.exitCode === null) {
        try {
          process.kill(victim, "SIGKILL");
          kills++;
        } catch {
          // It finished on its own in the meantime.
        }
      }
    }
  } finally {
    redis.destroy();
  }
  const done = await finish(run, problems);
  return { ...done, runs: 1, kills };
}

/** Pids of the workers that joined the run holding `stream`, as the run's keys list them. */
async function joinedWorkers(redis: RedisConnection, stream: string): Promise<number[]> {
  const runId = await redis.sendCommand(["GET", streamOwnerKey(stream)]);
  if (typeof runId !== "string") return [];
  const workers = (await redis.sendCommand(["HVALS", runKeys(runId).workers])) as string[];
  return workers.map((text) => (JSON.parse(text) as { pid: number }).pid);
}

async function finish(
  run: StartedCli,
  problems: string[],
  codes: readonly number[] = [0],
): Promise<Omit<TrialRuns, "runs" | "kills">> {
  const { code } = await run.exited;
  if (code === null || !codes.includes(code)) {
    problems.push(`the last run exited ${code}: ${lastLines(run.stderr())}`);
  }
  try {
    return { result: JSON.parse(run.stdout()) as RunResult, problems };
  } catch {
    problems.push("the last run printed no result");
    return { result: undefined, problems };
  }
}

/** The accounting every trial must show, stopped early or not. */
function checkAccounting(result: RunResult, trial: Trial): string[] {
  const problems: string[] = [];
  const { totals, audit } = result;
  const planned = (trial.agents ?? 4) * (trial.messagesPerAgent ?? 150);
  if (!audit.balanced) problems.push(`audit: ${audit.problems.join("; ")}`);
  if (audit.lost !== 0) problems.push(`${audit.lost} message(s) lost`);
  if (audit.duplicates !== totals.duplicates) {
    problems.push(`duplicates unexplained: audit ${audit.duplicates}, totals ${totals.duplicates}`);
  }
  if (totals.generated > planned) {
    problems.push(`generated ${totals.generated}, more than the ${planned} planned`);
  }
  const settled = totals.delivered + totals.deadLettered;
  if (settled + totals.pending !== totals.generated) {
    problems.push(
      `generated ${totals.generated} != delivered ${totals.delivered} + dead-lettered ${totals.deadLettered} + pending ${totals.pending}`,
    );
  }
  if (!result.stoppedEarly && (totals.generated !== planned || totals.pending !== 0)) {
    problems.push(`a completed run settled ${settled} of ${planned} planned`);
  }
  return problems;
}

/** The end of what a run printed: enough lines to tell why a worker or the run stopped. */
function lastLines(text: string): string {
  return text.trim().split("\n").slice(-12).join("\n");
}
