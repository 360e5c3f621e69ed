/**
 * The `swarm-stress` program: parse the arguments, run the command, and turn whatever went
 * wrong into one line and an exit code. It installs no process handlers and never exits the
 * process, so tests run it in-process; the bin (main.ts, cli-process.ts) wraps it for a shell.
 */
import { Command } from "@commander-js/extra-typings";
import { packageVersion } from "../run/environment.js";
import { registerBenchCommand } from "./bench-command.js";
import { registerCapacityCommand } from "./capacity-command.js";
import { registerCompareCommand } from "./compare-command.js";
import { reportError } from "./error-report.js";
import { ExitCode } from "./exit-codes.js";
import { type CliIo, writeLine } from "./io.js";
import { registerQueueCommand } from "./queue-command.js";
import { registerReportCommand } from "./report-command.js";
import { registerRunCommand } from "./run-command.js";
import { registerScenariosCommand } from "./scenarios-command.js";
import { registerSchemaCommand } from "./schema-command.js";
import { registerWorkerCommand } from "./worker-command.js";

const EPILOG = `
Settings are layered: defaults <- scenario <- config file <- flags.
Exit codes: 0 success, 1 the audit or a threshold failed, 2 bad usage or config,
3 runtime failure, 130 interrupted. See docs/configuration.md.`;

/**
 * Run `swarm-stress` with `args` (what follows the command name, e.g. `["run", "--agents",
 * "4"]`), writing to `io`. Resolves with the exit code; it never throws.
 */
export async function main(args: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const done = (code: ExitCode) => {
    exitCode = code;
  };
  const program = new Command("swarm-stress")
    .description("Stress-test message queues and multi-agent messaging pipelines.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .addHelpText("after", EPILOG)
    // Commander would print its errors and exit itself; error-report.ts prints them as one
    // line and picks the exit code instead. Set before adding commands, which inherit both.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    });
  registerRunCommand(program, done, io);
  registerCapacityCommand(program, done, io);
  registerScenariosCommand(program, done, io);
  registerBenchCommand(program, done, io);
  registerQueueCommand(program, done, io);
  registerReportCommand(program, done, io);
  registerCompareCommand(program, done, io);
  registerWorkerCommand(program, done, io);
  registerSchemaCommand(program, done, io);
  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    exitCode = reportError(error, (line) => writeLine(io.stderr, line), io.env);
  }
  return exitCode;
}
