/**
 * The long reliability run: `npm run soak [-- --minutes 10] [-- --seed 1000]`. Trials of every
 * driver by every scenario, with more messages and more interruptions than CI's matrix
 * (test/reliability/matrix.test.ts), round after round with new seeds until the time is up;
 * each finished trial prints one line, and the end prints the totals: runs, kills, messages,
 * lost. Any problem prints the trial's seed, which replays it exactly, and the exit code is 1.
 *
 * Redis trials run when a Redis answers at REDIS_URL (default 127.0.0.1:6379, database 15).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { REDIS_URL, redisAvailable } from "../test/support/redis.js";
import {
  runTrial,
  type Trial,
  type TrialDriver,
  type TrialOutcome,
  type TrialScenario,
} from "../test/support/reliability.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    seed: { type: "string", default: "1000" },
  },
});
const minutes = Number(values.minutes);
const firstSeed = Number(values.seed);
if (!(minutes > 0) || !Number.isSafeInteger(firstSeed)) {
  console.error("usage: npm run soak -- [--minutes M] [--seed S]");
  process.exit(2);
}

const DRIVERS: readonly TrialDriver[] = redisAvailable
  ? ["memory", "sqlite", "redis"]
  : ["memory", "sqlite"];
const SCENARIOS: readonly TrialScenario[] = ["default", "failure", "chaos"];
/**
 * Interruptions per trial: more than CI's for SQLite, so resumes follow resumes. A Redis trial
 * has two workers and one must live to finish the run.
 */
const KILLS: Readonly<Record<TrialDriver, number>> = { memory: 1, sqlite: 5, redis: 1 };

const root = mkdtempSync(join(tmpdir(), "swarm-soak-"));
const endAt = Date.now() + minutes * 60_000;
const totals = { trials: 0, runs: 0, kills: 0, messages: 0, lost: 0, duplicates: 0, failed: 0 };
const failures: TrialOutcome[] = [];

try {
  for (let seed = firstSeed; Date.now() < endAt; seed++) {
    for (const driver of DRIVERS) {
      for (const scenario of SCENARIOS) {
        if (Date.now() >= endAt) break;
        const trial: Trial = {
          driver,
          scenario,
          seed,
          kills: KILLS[driver],
          agents: 6,
          messagesPerAgent: 400,
          ...(driver === "redis" ? { redisUrl: REDIS_URL } : {}),
        };
        const outcome = await runTrial(trial, root);
        totals.trials++;
        totals.runs += outcome.runs;
        totals.kills += outcome.kills;
        totals.messages += outcome.messages;
        totals.lost += outcome.lost;
        totals.duplicates += outcome.duplicates;
        const verdict = outcome.problems.length === 0 ? "ok" : "FAILED";
        if (verdict !== "ok") {
          totals.failed++;
          failures.push(outcome);
        }
        console.log(
          `${verdict.padEnd(6)} ${driver.padEnd(6)} ${scenario.padEnd(7)} seed ${seed}: ${outcome.runs} run(s), ${outcome.kills} kill(s), ${outcome.messages} messages, ${outcome.lost} lost, ${outcome.duplicates} duplicates`,
        );
      }
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

console.log(
  `\nsoak: ${totals.trials} trials, ${totals.runs} runs, ${totals.kills} kills, ${totals.messages} messages, lost = ${totals.lost}, ${totals.duplicates} duplicates (each explained), ${totals.failed} failed`,
);
for (const failure of failures) {
  console.log(`\nFAILED ${failure.replay}`);
  for (const problem of failure.problems) console.log(`  - ${problem}`);
}
process.exitCode = failures.length === 0 && totals.lost === 0 ? 0 : 1;
