/**
 * `npm test`'s runner: the suite's vitest projects (vitest.config.ts), two of them at once.
 *
 * The `timing` files make claims about time, so they run one at a time at normal priority;
 * the `main` files run at the lowest priority (test/setup/yield-cpu.ts), so beside them they
 * only take the CPU a timing file leaves idle. The timing files use about a third of a core
 * over their minute or so, so together the two take little more than the longer of them, not
 * their sum. The `quiet` files, which would break even beside files at the lowest priority (the
 * shared brokers serve those at normal priority), run alone after both.
 *
 * `--system` (`npm run test:system`) runs the system files instead (processes killed, servers
 * stopped, capacity searches through worker processes, browsers): `system` in parallel, then
 * `system-quiet` alone. CI runs both commands.
 *
 * Other arguments go to every vitest run (`npm test -- test/queue` filters them all, and then
 * the system files too, so that a filter finds any file); a project with no file left after the
 * filter passes. The timing run's output is held and printed after the main run's, so the two
 * never interleave. The exit code is the first failure's, or 0. What runs when is
 * scripts/support/test-plan.ts.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { testPlan, type VitestRun } from "./support/test-plan.js";

const vitest = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

const plan = testPlan(process.argv.slice(2));

/** Start `run`: its exit code; `held` gathers its output instead of printing it. */
function start(run: VitestRun, held?: Buffer[]): Promise<number> {
  const named = run.projects.flatMap((project) => ["--project", project]);
  const args = [vitest, "run", ...named, "--passWithNoTests", ...plan.vitestArgs];
  const child = spawn(process.execPath, args, {
    stdio: held === undefined ? "inherit" : ["ignore", "pipe", "pipe"],
    // Held output keeps its colours when this terminal shows colours.
    env:
      held !== undefined && process.stdout.isTTY
        ? { FORCE_COLOR: "1", ...process.env }
        : process.env,
  });
  if (run.yields && child.pid !== undefined) setPriority(child.pid, 19);
  child.stdout?.on("data", (chunk: Buffer) => held?.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => held?.push(chunk));
  return new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const heading = (run: VitestRun): void => {
  if (run.heading !== undefined) process.stdout.write(`\n${run.heading}\n`);
};

const codes: number[] = [];
for (const [first, ...beside] of plan.phases) {
  const started = beside.map((run) => {
    const output: Buffer[] = [];
    return { run, output, code: start(run, output) };
  });
  heading(first);
  codes.push(await start(first));
  for (const { run, output, code } of started) {
    codes.push(await code);
    heading(run);
    process.stdout.write(Buffer.concat(output));
  }
}
if (plan.closing !== undefined) process.stdout.write(`\n${plan.closing}\n`);
process.exitCode = codes.find((code) => code !== 0) ?? 0;
