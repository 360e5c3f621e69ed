import type { Command } from "@commander-js/extra-typings";
import { SCENARIOS } from "../config/scenarios.js";
import { formatScenarioList } from "../report/scenario-list.js";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";

/** Flags of `swarm-stress scenarios`. */
export interface ScenariosCommandOptions {
  /** Print the scenarios as JSON, for scripts. */
  readonly json?: boolean | undefined;
}

/** Add `swarm-stress scenarios` to `program`; `done` receives the exit code. */
export function registerScenariosCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("scenarios")
    .description(COMMANDS.scenarios.description)
    .option("--json", "print the scenarios as JSON")
    .action((options) => done(scenariosCommand(options, io)));
}

/** Print the built-in scenarios on stdout. */
export function scenariosCommand(options: ScenariosCommandOptions, io: CliIo): ExitCode {
  io.stdout.write(
    options.json ? `${JSON.stringify(SCENARIOS, null, 2)}\n` : formatScenarioList(SCENARIOS),
  );
  return ExitCode.Ok;
}
