/**
 * The `swarm-stress` command line with its process handlers; loaded by main.ts once the Node.js
 * version is known to be one it runs on.
 */
import { Command } from "@commander-js/extra-typings";
import { packageVersion } from "../run/environment.js";
import { registerBenchCommand } from "./bench-command.js";
import { registerCompareCommand } from "./compare-command.js";
import { reportError } from "./error-report.js";
import { ExitCode } from "./exit-codes.js";
import { ExitDuringRun, exitProcess } from "./exit-guard.js";
import { registerQueueCommand } from "./queue-command.js";
import { registerReportCommand } from "./report-command.js";
import { registerRunCommand } from "./run-command.js";
import { registerScenariosCommand } from "./scenarios-command.js";
import { registerSchemaCommand } from "./schema-command.js";
import { registerWorkerCommand } from "./worker-command.js";

/** How long a finished CLI waits for stray handles (say, a user core's socket) before quitting. */
const EXIT_GRACE_MS = 2000;

const EPILOG = `
Settings are layered: defaults <- scenario <- config file <- flags.
Exit codes: 0 success, 1 the audit or a threshold failed, 2 bad usage or config,
3 runtime failure, 130 interrupted. See docs/configuration.md.`;

/**
 * The `swarm-stress` command line: parse argv, run the command, and turn whatever went wrong
 * into one line on stderr and an exit code. Resolves with the exit code; it never throws.
 */
async function main(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const done = (code: ExitCode) => {
    exitCode = code;
  };
  const program = new Command("swarm-stress")
    .description("Stress-test message queues and multi-agent messaging pipelines.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .addHelpText("after", EPILOG)
    // Commander would print its errors and exit itself; errors.ts prints them as one line and
    // picks the exit code instead. Set before adding commands, which inherit both settings.
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerRunCommand(program, done);
  registerScenariosCommand(program, done);
  registerBenchCommand(program, done);
  registerQueueCommand(program, done);
  registerReportCommand(program, done);
  registerCompareCommand(program, done);
  registerWorkerCommand(program, done);
  registerSchemaCommand(program, done);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    exitCode = reportError(error, writeErrorLine);
  }
  return exitCode;
}

function writeErrorLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

function crash(error: unknown): void {
  // A core's process.exit during a run was turned into this throw, and the run is stopping
  // already; wherever the throw ends up, the run's own line says what happened.
  if (error instanceof ExitDuringRun) return;
  exitProcess(reportError(error, writeErrorLine));
}

// A user's core can throw outside any promise the CLI awaits; it still gets one line, no stack.
process.on("uncaughtException", crash);
// `swarm-stress run --json | head` closes the pipe early: the reader has what it wanted.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") exitProcess(Number(process.exitCode ?? ExitCode.Ok));
  crash(error);
});
process.on("unhandledRejection", crash);

/** Node's exit code when the loop drains while the top-level await is still pending. */
const UNSETTLED_TOP_LEVEL_AWAIT = 13;
let settled = false;
// Node exits when nothing is left to wait for, even with main() unfinished, with code 13 and no
// message; say so in one line instead. Deliberate exits (a second Ctrl-C) pass other codes.
process.on("exit", (exitCode) => {
  if (settled || exitCode !== UNSETTLED_TOP_LEVEL_AWAIT) return;
  writeErrorLine("swarm-stress: internal error: the command stopped with work unfinished");
  process.exitCode = ExitCode.Runtime;
});

const code = await main(process.argv);
settled = true;
process.exitCode = code;
// Let stdout drain and exit naturally; force the exit only if something keeps the loop alive.
setTimeout(() => exitProcess(code), EXIT_GRACE_MS).unref();
