/**
 * The `swarm-stress` process around the program: handlers for what escapes it, the exit code,
 * and the exit itself. Loaded by main.ts once the Node.js version is known to be one it runs on.
 */
import { reportError } from "./error-report.js";
import { ExitCode } from "./exit-codes.js";
import { ExitDuringRun, exitProcess } from "./exit-guard.js";
import { processIo, writeLine } from "./io.js";
import { main } from "./program.js";

/** How long a finished CLI waits for stray handles (say, a user core's socket) before quitting. */
const EXIT_GRACE_MS = 2000;

/** Node's exit code when the loop drains while the top-level await is still pending. */
const UNSETTLED_TOP_LEVEL_AWAIT = 13;

const io = processIo();
const writeErrorLine = (line: string): void => writeLine(io.stderr, line);

function crash(error: unknown): void {
  // A core's process.exit during a run was turned into this throw, and the run is stopping
  // already; wherever the throw ends up, the run's own line says what happened.
  if (error instanceof ExitDuringRun) return;
  exitProcess(reportError(error, writeErrorLine, io.env));
}

// A user's core can throw outside any promise the CLI awaits; it still gets one line, no stack.
process.on("uncaughtException", crash);
// `swarm-stress run --json | head` closes the pipe early: the reader has what it wanted.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") exitProcess(Number(process.exitCode ?? ExitCode.Ok));
  crash(error);
});
process.on("unhandledRejection", crash);

let settled = false;
// Node exits when nothing is left to wait for, even with main() unfinished, with code 13 and no
// message; say so in one line instead. Deliberate exits (a second Ctrl-C) pass other codes.
process.on("exit", (exitCode) => {
  if (settled || exitCode !== UNSETTLED_TOP_LEVEL_AWAIT) return;
  writeErrorLine("swarm-stress: internal error: the command stopped with work unfinished");
  process.exitCode = ExitCode.Runtime;
});

const code = await main(process.argv.slice(2), io);
settled = true;
process.exitCode = code;
// Let stdout drain and exit naturally; force the exit only if something keeps the loop alive.
setTimeout(() => exitProcess(code), EXIT_GRACE_MS).unref();
