/**
 * The `swarm-stress` program: parse the arguments, run the command, and turn whatever went
 * wrong into one line and an exit code. It installs no process handlers and never exits the
 * process, so tests run it in-process; the bin (main.ts, cli-process.ts) wraps it for a shell.
 */
import { Command, type CommandUnknownOpts, Help } from "@commander-js/extra-typings";
import { packageVersion } from "../run/environment.js";
import { COMMANDS, type CommandName, isCommandName } from "./command-list.js";
import { reportError } from "./error-report.js";
import { ExitCode } from "./exit-codes.js";
import { type CliIo, writeLine } from "./io.js";

const EPILOG = `
Settings are layered: defaults <- scenario <- config file <- flags.
Exit codes: 0 success, 1 the audit or a threshold failed, 2 bad usage or config,
3 runtime failure, 130 interrupted. See docs/configuration.md.`;

/** Adds one command, with its options and action, to the program. */
type RegisterCommand = (program: Command, done: (code: ExitCode) => void, io: CliIo) => void;

/**
 * Each command's module, loaded only when that command runs (or shows its own help): `--help`
 * and `scenarios` must not wait for zod, the runner and the report stack to load.
 */
const LOADERS: Readonly<Record<CommandName, () => Promise<RegisterCommand>>> = {
  run: async () => (await import("./run-command.js")).registerRunCommand,
  capacity: async () => (await import("./capacity-command.js")).registerCapacityCommand,
  scenarios: async () => (await import("./scenarios-command.js")).registerScenariosCommand,
  bench: async () => (await import("./bench-command.js")).registerBenchCommand,
  queue: async () => (await import("./queue-command.js")).registerQueueCommand,
  report: async () => (await import("./report-command.js")).registerReportCommand,
  compare: async () => (await import("./compare-command.js")).registerCompareCommand,
  worker: async () => (await import("./worker-command.js")).registerWorkerCommand,
  agents: async () => (await import("./agents-command.js")).registerAgentsCommand,
  schema: async () => (await import("./schema-command.js")).registerSchemaCommand,
};

/**
 * The command `args` run, or whose help they ask for (`help run`), if they name one. The root
 * has no option that takes a value, so the first argument not an option is where commander
 * looks for the command too.
 */
export function invokedCommand(args: readonly string[]): CommandName | undefined {
  const operands = args.filter((arg) => !arg.startsWith("-"));
  const [first, second] = operands;
  const name = first === "help" ? second : first;
  return isCommandName(name) ? name : undefined;
}

/**
 * Run `swarm-stress` with `args` (what follows the command name, e.g. `["run", "--agents",
 * "4"]`), writing to `io`. Resolves with the exit code; it never throws.
 */
export async function main(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const invoked = invokedCommand(args);
  // Loaded before the program is built, so the command takes its place in the list below.
  let register: RegisterCommand | undefined;
  try {
    register = invoked === undefined ? undefined : await LOADERS[invoked]();
  } catch (error) {
    return reportError(error, (line) => writeLine(io.stderr, line), io.env);
  }
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
  // Every other command is listed by its summary alone: enough for the root help and for
  // commander's "unknown command (Did you mean run?)", none of which runs a command.
  const listed = new Map<CommandUnknownOpts, string>();
  for (const [name, summary] of Object.entries(COMMANDS)) {
    if (name === invoked && register) {
      register(program, done, io);
      continue;
    }
    const stub = new Command(name).description(summary.description);
    program.addCommand(stub);
    listed.set(stub, `${name} ${summary.usage}`.trimEnd());
  }
  const help = new Help();
  program.configureHelp({
    subcommandTerm: (command) => listed.get(command) ?? help.subcommandTerm(command),
  });
  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    exitCode = reportError(error, (line) => writeLine(io.stderr, line), io.env);
  }
  return exitCode;
}
