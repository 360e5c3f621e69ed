import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";

// dist/cli/schema-command.js
function registerSchemaCommand(program, done, io) {
  program.command("schema").description(COMMANDS.schema.description).action(async () => {
    const { settingsJsonSchemaText } = await import("./settings-json-schema-G4KBQQJL.js");
    io.stdout.write(settingsJsonSchemaText());
    done(ExitCode.Ok);
  });
}
export {
  registerSchemaCommand
};
