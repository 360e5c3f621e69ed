import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuiltCli } from "../support/built-cli.js";
import { REDIS_URL } from "../support/redis.js";
import {
  runTrial,
  type Trial,
  type TrialDriver,
  type TrialScenario,
} from "../support/reliability.js";

/**
 * The reliability matrix CI runs: every driver by every scenario, each trial with one of two
 * seeds, so that each scenario meets both seeds' interruptions across the drivers, the durable
 * ones interrupted at seeded moments. `npm run soak` runs the long version, seed after seed.
 * One test file per kind of driver, so that vitest spreads them over its workers.
 */
const SCENARIOS: readonly TrialScenario[] = ["default", "failure", "chaos"];
const DRIVERS: readonly TrialDriver[] = ["memory", "sqlite", "redis"];
const SEEDS = [11, 23] as const;

/** The trials of `driver`, one per scenario, each interrupted `kills` times. */
export function trials(driver: TrialDriver, kills: number): Trial[] {
  return SCENARIOS.map((scenario, n) => ({
    driver,
    scenario,
    seed: SEEDS[(n + DRIVERS.indexOf(driver)) % SEEDS.length] as number,
    kills,
    ...(driver === "redis" ? { redisUrl: REDIS_URL } : {}),
  }));
}

/**
 * A suite of `trials`: each must lose nothing and explain every duplicate, and a kill of a run
 * on a file must have landed. `concurrent` runs them side by side, for trials that mostly wait.
 */
export function matrixSuite(
  title: string,
  trialsToRun: readonly Trial[],
  { concurrent = false }: { readonly concurrent?: boolean } = {},
): void {
  let root: string;
  (concurrent ? describe.concurrent : describe)(title, () => {
    beforeAll(() => {
      requireBuiltCli();
      root = mkdtempSync(join(tmpdir(), "swarm-matrix-"));
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    for (const trial of trialsToRun) {
      it(`${trial.driver} × ${trial.scenario} × seed ${trial.seed}, ${trial.kills} interruption(s): nothing lost, duplicates explained`, async () => {
        const outcome = await runTrial(trial, root);
        expect(outcome.problems, `replay with ${outcome.replay}`).toEqual([]);
        expect(outcome.lost).toBe(0);
        // A kill that never landed would make the trial prove nothing about crashes.
        if (trial.driver === "sqlite") expect(outcome.kills).toBeGreaterThan(0);
      }, 90_000);
    }
  });
}
