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
 * never interleave. The exit code is the first failure's, or 0.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";

const vitest = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

const system = process.argv.includes("--system");
/** What goes to every vitest run: filters, and any other vitest option. */
const passed = process.argv.slice(2).filter((arg) => arg !== "--system");
/** Projects vitest runs in one go, one after the other (their `sequence.groupOrder`). */
const SYSTEM_PROJECTS = ["system", "system-quiet"];

/**
 * A vitest run of one project, or of several one after the other; `held` gathers its output
 * instead of printing it, and `yields` puts the whole run (vitest's own process too, not only
 * its forks) at the lowest priority.
 */
function runProject(
  projects: string | readonly string[],
  held?: Buffer[],
  yields = false,
): Promise<number> {
  const named = (typeof projects === "string" ? [projects] : projects).flatMap((project) => [
    "--project",
    project,
  ]);
  const args = [vitest, "run", ...named, "--passWithNoTests", ...passed];
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

const codes: number[] = [];
if (system) {
  codes.push(await runProject(SYSTEM_PROJECTS));
} else {
  const timingOutput: Buffer[] = [];
  const timing = runProject("timing", timingOutput);
  codes.push(await runProject("main", undefined, true));
  codes.push(await timing);
  process.stdout.write("\n-- the timing files, run beside the main files --\n");
  process.stdout.write(Buffer.concat(timingOutput));
  process.stdout.write("\n-- the quiet files, run alone --\n");
  codes.push(await runProject("quiet"));
  if (passed.length > 0) {
    process.stdout.write("\n-- the system files the filter names --\n");
    codes.push(await runProject(SYSTEM_PROJECTS));
  } else {
    process.stdout.write(
      "\nNot run here: the system tests (processes killed, servers stopped, capacity searches " +
        "through worker processes, browsers). `npm run test:system` runs them; CI runs both.\n",
    );
  }
}
process.exitCode = codes.find((code) => code !== 0) ?? 0;
