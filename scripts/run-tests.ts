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
 * Arguments go to every vitest run (`npm test -- test/queue` filters them all); a project with
 * no file left after the filter passes. The timing run's output is held and printed after the
 * main run's, so the two never interleave. The exit code is the first failure's, or 0.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";

const vitest = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

/**
 * A vitest run of one project; `held` gathers its output instead of printing it, and `yields`
 * puts the whole run (vitest's own process too, not only its forks) at the lowest priority.
 */
function runProject(project: string, held?: Buffer[], yields = false): Promise<number> {
  const args = [vitest, "run", "--project", project, "--passWithNoTests", ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, {
    stdio: held === undefined ? "inherit" : ["ignore", "pipe", "pipe"],
    // Held output keeps its colours when this terminal shows colours.
    env:
      held !== undefined && process.stdout.isTTY
        ? { FORCE_COLOR: "1", ...process.env }
        : process.env,
  });
  if (yields && child.pid !== undefined) setPriority(child.pid, 19);
  child.stdout?.on("data", (chunk: Buffer) => held?.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => held?.push(chunk));
  return new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const timingOutput: Buffer[] = [];
const timing = runProject("timing", timingOutput);
const codes = [await runProject("main", undefined, true)];
codes.push(await timing);
process.stdout.write("\n-- the timing files, run beside the main files --\n");
process.stdout.write(Buffer.concat(timingOutput));
process.stdout.write("\n-- the quiet files, run alone --\n");
codes.push(await runProject("quiet"));
process.exitCode = codes.find((code) => code !== 0) ?? 0;
