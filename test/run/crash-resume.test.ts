import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import { BIN, requireBuiltCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";
import { hasRunState } from "../support/run-state.js";
import { seededRandom } from "../support/seeded-random.js";

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-crash-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start the CLI with `args` and SIGKILL it `afterMs` after `ready()` first holds. */
async function runAndKill(args: string[], ready: () => boolean, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!ready() && Date.now() < deadline) await sleep(10);
  await sleep(afterMs);
  child.kill("SIGKILL");
  await exited;
}

// Side by side: each seed has its own file, and a run spends much of its time being killed and
// started again.
describe.concurrent("a durable run killed at random moments", () => {
  // Seeded, so a failure replays: the seed is in the test's name.
  for (const seed of [7, 8]) {
    it(`loses nothing: after several kills and resumes every message is delivered or dead-lettered (kill seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const file = join(dir, `q-${seed}.db`);
      const queue = ["--queue", `sqlite:${file}`];
      const workload = [
        ...["--agents", "5", "--messages-per-agent", "600", "--types", "direct,broadcast"],
        ...["--batch-size", "20", "--concurrency", "1", "--interval", "0", "--delay", "0.1ms"],
        ...["--success-rate", "0.9", "--retry-base-delay", "1ms", "--visibility-timeout", "200ms"],
        ...["--seed", "7", "--no-progress", "--json"],
      ];
      // Each run is killed a random while after its file holds the run's state, so that there
      // is always a run to resume, however slowly a busy machine starts the process.
      await runAndKill(
        ["run", ...workload, ...queue],
        () => hasRunState(file),
        150 + random() * 300,
      );
      for (let round = 0; round < 3; round++) {
        await runAndKill(
          ["run", "--resume", ...queue, "--no-progress", "--json"],
          () => true,
          300 + random() * 400,
        );
      }
      // The last part is not killed: it needs no process of its own.
      const last = await cli(["run", "--resume", ...queue, "--json"], dir);
      expect(last.stderr).toBe("");
      expect(last.status).toBe(0);
      const result = JSON.parse(last.stdout) as RunResult;
      expect(result.totals.generated).toBe(3000);
      expect(result.totals.delivered + result.totals.deadLettered).toBe(3000);
      expect(result.totals.pending).toBe(0);
      expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
      expect(result.audit.duplicates).toBe(result.totals.duplicates);
      expect(result.warnings.join()).toMatch(/resumed an interrupted run/);
    }, 60_000);
  }
});
