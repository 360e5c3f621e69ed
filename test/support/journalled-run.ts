/**
 * A run through a broker whose core journals each delivery (test/fixtures/cores/journal.js),
 * stopped from outside: what the broker tests of each driver check after Ctrl-C and kill -9.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import { FIXTURES, requireBuiltCli, type StartedCli, startCli, untilLines } from "./built-cli.js";

/** The built CLI running 2,000 direct messages on `url`, each delivery journalled. */
export function journalledRun(
  url: string,
  dir: string,
  journal: string,
  extra: readonly string[] = [],
): StartedCli {
  requireBuiltCli();
  writeFileSync(journal, "");
  return startCli(
    [
      "run",
      ...["--agents", "4", "--messages-per-agent", "500", "--types", "direct"],
      ...["--core", join(FIXTURES, "cores", "journal.js"), "--concurrency", "4"],
      ...["--queue", url, "--no-progress", ...extra],
    ],
    dir,
    { SWARM_STRESS_TEST_JOURNAL: journal },
  );
}

/**
 * Waits until `run` is well under way, 200 deliveries in `journal` (about 2 s alone), or 40 s
 * have passed: beside the whole suite, with the broker as busy as the rest, PostgreSQL's took
 * more than 20 s once (150 by then).
 */
export function untilUnderWay(journal: string, run: StartedCli): Promise<void> {
  return untilLines(journal, 200, run, 40_000);
}

/** The sequence numbers a journal holds: the messages the core received. */
export function journalledSeqs(journal: string): Set<number> {
  const lines = readFileSync(journal, "utf8").split("\n").filter(Boolean);
  return new Set(lines.map((line) => Number(line.split(" ")[0])));
}

/**
 * Sequence numbers up to the highest seen that are in neither set: for a driver that stores in
 * order, every message up to the last one seen was accepted, so each must have reached the core
 * or still be in the broker.
 */
export function missingSeqs(delivered: ReadonlySet<number>, kept: Iterable<number>): number[] {
  const held = new Set(kept);
  const highest = Math.max(...delivered, ...held);
  const missing: number[] = [];
  for (let seq = 0; seq <= highest; seq++) {
    if (!delivered.has(seq) && !held.has(seq)) missing.push(seq);
  }
  return missing;
}

/**
 * Ctrl-C once deliveries are under way: the run exits 130 with a balanced partial result, and
 * what it counts as pending is exactly what `purge` then deletes from the broker.
 */
export async function expectCtrlCKeepsPending(
  url: string,
  dir: string,
  purge: (url: string) => Promise<number>,
): Promise<void> {
  const journal = join(dir, "sigint-journal.txt");
  const out = join(dir, "sigint.json");
  const run = journalledRun(url, dir, journal, ["-o", out]);
  await untilLines(journal, 50, run);
  run.child.kill("SIGINT");
  expect((await run.exited).code, run.stderr()).toBe(130);
  const result = JSON.parse(readFileSync(out, "utf8")) as RunResult;
  expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
  expect(result.totals.pending).toBeGreaterThan(0);
  expect(await purge(url)).toBe(result.totals.pending);
}

/** A small failure run: 20% of attempts fail, a few messages run out of attempts. */
export const FAILURE_RUN: readonly string[] = [
  ...["--scenario", "failure", "--agents", "4", "--messages-per-agent", "50"],
  ...["--delay", "0", "--max-attempts", "2", "--retry-base-delay", "1ms", "--no-progress"],
  ...["--interval", "5ms"],
];

/**
 * The result `--json` printed for {@link FAILURE_RUN}, checked to account for every message:
 * exit 0, the audit balanced, retries and dead letters made, nothing left pending.
 */
export function balancedFailureRun(outcome: {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}): RunResult {
  expect(outcome.status, outcome.stderr).toBe(0);
  const result = JSON.parse(outcome.stdout) as RunResult;
  expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
  const { totals } = result;
  expect(totals.generated).toBe(200);
  expect(totals.retried).toBeGreaterThan(0);
  expect(totals.deadLettered).toBeGreaterThan(0);
  expect(totals.delivered + totals.deadLettered + totals.pending).toBe(totals.generated);
  expect(totals.pending).toBe(0);
  return result;
}
