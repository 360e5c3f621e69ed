import type { Command } from "@commander-js/extra-typings";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";

/** Add `swarm-stress schema` to `program`; `done` receives the exit code. */
export function registerSchemaCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("schema")
    .description(COMMANDS.schema.description)
    .action(async () => {
      const { settingsJsonSchemaText } = await import("./settings-json-schema.js");
      io.stdout.write(settingsJsonSchemaText());
      done(ExitCode.Ok);
    });
}
