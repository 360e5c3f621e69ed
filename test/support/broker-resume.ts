/**
 * kill -9 of a run on a broker part-way, then `run --resume`: what the broker tests of each
 * driver check, with the receiver's own journal as the truth rather than the harness's count.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import { FIXTURES, requireBuiltCli, startCli, untilLines } from "./built-cli.js";
import { cli, oneLine } from "./cli-in-process.js";
import { journalledSeqs } from "./journalled-run.js";

/**
 * A core module of its own for `journal`: the journal-failing core writing there. Its path is
 * saved with the run and taken again by the resume, which runs in this process, where the
 * killed process's environment is not (and a module, once imported, is not read again).
 */
function journallingCore(dir: string, journal: string): string {
  const path = join(dir, `core-${randomBytes(4).toString("hex")}.mjs`);
  const fixture = pathToFileURL(join(FIXTURES, "cores", "journal-failing.js")).href;
  writeFileSync(
    path,
    `import { journalFailingCore } from ${JSON.stringify(fixture)};\n` +
      `export default journalFailingCore(${JSON.stringify(journal)});\n`,
  );
  return path;
}

/** Agents of the run, each sending direct messages (one recipient each). */
const AGENTS = 4;

/**
 * Run 4 × `perAgent` direct messages on `url` through the journal-failing core (a seq ending
 * in 3 always fails, one ending in 5 fails once), kill -9 the run once a fifth of them are
 * journalled, rerun it with `--resume`, and check that every message is accounted for: the
 * rerun exits 0 with the audit balanced across both processes, and its counts are what the
 * core's journal and the fixed failures say on their own (every other seq delivered, at least
 * once, the poison ones dead-lettered, nothing pending). A second `--resume` finds nothing to
 * resume. Only the killed run needs a process of its own; the rerun and what follows run in
 * this one. Returns the rerun's result.
 */
export async function expectResumeAccountsForAll(
  url: string,
  dir: string,
  perAgent = 100,
): Promise<RunResult> {
  requireBuiltCli();
  const messages = AGENTS * perAgent;
  const killAfter = messages / 5;
  const journal = join(dir, `resume-journal-${randomBytes(4).toString("hex")}.txt`);
  writeFileSync(journal, "");
  const run = startCli(
    [
      "run",
      ...[
        "--queue",
        url,
        "--agents",
        `${AGENTS}`,
        "--messages-per-agent",
        `${perAgent}`,
        "--types",
        "direct",
      ],
      ...["--core", journallingCore(dir, journal), "--concurrency", "4"],
      ...["--batch-size", "20", "--interval", "0", "--max-attempts", "3"],
      ...["--retry-base-delay", "1ms", "--visibility-timeout", "1s", "--no-progress"],
    ],
    dir,
  );
  await untilLines(journal, killAfter, run);
  run.child.kill("SIGKILL");
  expect((await run.exited).signal, run.stderr()).toBe("SIGKILL");
  const before = journalledSeqs(journal).size;
  expect(before).toBeGreaterThanOrEqual(killAfter);
  expect(before).toBeLessThan(messages / 2);

  // The rerun takes the configuration the broker kept: only --queue and --resume are given.
  const rerun = await cli(["run", "--queue", url, "--resume", "--json", "--no-progress"], dir);
  expect(rerun.status, rerun.stderr).toBe(0);
  const result = JSON.parse(rerun.stdout) as RunResult;
  expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
  expect(result.warnings[0]).toMatch(
    /^resumed an interrupted run: \d+ message\(s\) had been queued and [1-9]\d* settled before/,
  );

  // The receiver's truth: each seq not ending in 3 journalled, none ending in 3.
  const delivered = journalledSeqs(journal);
  const poison = Array.from({ length: messages }, (_, seq) => seq).filter((s) => s % 10 === 3);
  const deliverable = Array.from({ length: messages }, (_, seq) => seq).filter((s) => s % 10 !== 3);
  expect(deliverable.filter((seq) => !delivered.has(seq))).toEqual([]);
  expect(poison.filter((seq) => delivered.has(seq))).toEqual([]);
  expect(result.totals).toMatchObject({
    generated: messages,
    delivered: deliverable.length,
    deadLettered: poison.length,
    pending: 0,
  });
  expect(result.totals.retried).toBeGreaterThan(0);

  // Finished now: a second rerun has nothing to resume, and says so in one line, exit 2.
  const again = await cli(["run", "--queue", url, "--resume", "--no-progress"], dir);
  expect(again.status).toBe(2);
  expect(oneLine(again.stderr)).toMatch(
    new RegExp(`ended with all ${messages} message\\(s\\) settled: nothing to resume$`),
  );
  return result;
}
