import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuiltCli } from "../support/built-cli.js";
import { REDIS_URL, redisAvailable } from "../support/redis.js";
import {
  runTrial,
  type Trial,
  type TrialDriver,
  type TrialScenario,
} from "../support/reliability.js";

/**
 * The reliability matrix CI runs: every driver by every scenario by a few seeds, the durable
 * ones interrupted at seeded moments. `npm run soak` runs the long version.
 */
const SCENARIOS: readonly TrialScenario[] = ["default", "failure", "chaos"];
const SEEDS = [11, 23];

let root: string;

beforeAll(() => {
  requireBuiltCli();
  root = mkdtempSync(join(tmpdir(), "swarm-matrix-"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function trials(driver: TrialDriver, kills: number): Trial[] {
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

describe("reliability matrix", () => {
  const matrix = [
    ...trials("memory", 1),
    ...trials("sqlite", 2),
    ...(redisAvailable ? trials("redis", 1) : []),
  ];
  for (const trial of matrix) {
    it(`${trial.driver} × ${trial.scenario} × seed ${trial.seed}, ${trial.kills} interruption(s): nothing lost, duplicates explained`, async () => {
      const outcome = await runTrial(trial, root);
      expect(outcome.problems, `replay with ${outcome.replay}`).toEqual([]);
      expect(outcome.lost).toBe(0);
      // A kill that never landed would make the trial prove nothing about crashes.
      if (trial.driver === "sqlite") expect(outcome.kills).toBeGreaterThan(0);
    }, 90_000);
  }
});
