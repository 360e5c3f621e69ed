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
 * The reliability matrix CI runs: every driver by every scenario by a few seeds, the durable
 * ones interrupted at seeded moments. `npm run soak` runs the long version. One test file per
 * kind of driver, so that vitest spreads them over its workers.
 */
const SCENARIOS: readonly TrialScenario[] = ["default", "failure", "chaos"];
const SEEDS = [11, 23];

/** The trials of `driver`, each interrupted `kills` times. */
export function trials(driver: TrialDriver, kills: number): Trial[] {
  return SCENARIOS.flatMap((scenario) =>
    SEEDS.map((seed) => ({
      driver,
      scenario,
      seed,
      kills,
      ...(driver === "redis" ? { redisUrl: REDIS_URL } : {}),
    })),
  );
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
