import { Writable } from "node:stream";
import { Command, Help } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { registerAgentsCommand } from "../../src/cli/agents-command.js";
import { registerBenchCommand } from "../../src/cli/bench-command.js";
import { registerCapacityCommand } from "../../src/cli/capacity-command.js";
import { COMMANDS, type CommandName } from "../../src/cli/command-list.js";
import { registerCompareCommand } from "../../src/cli/compare-command.js";
import type { ExitCode } from "../../src/cli/exit-codes.js";
import type { CliIo } from "../../src/cli/io.js";
import { invokedCommand } from "../../src/cli/program.js";
import { registerQueueCommand } from "../../src/cli/queue-command.js";
import { registerReportCommand } from "../../src/cli/report-command.js";
import { registerRunCommand } from "../../src/cli/run-command.js";
import { registerScenariosCommand } from "../../src/cli/scenarios-command.js";
import { registerSchemaCommand } from "../../src/cli/schema-command.js";
import { registerWorkerCommand } from "../../src/cli/worker-command.js";
import { cli } from "../support/cli-in-process.js";

/**
 * The program lists every command by its summary (command-list.ts) and loads only the one it
 * runs. These tests hold the summaries to the commands as they register themselves, so the
 * root help reads as it would with every command loaded.
 */

const REGISTER: Record<
  CommandName,
  (program: Command, done: (code: ExitCode) => void, io: CliIo) => void
> = {
  run: registerRunCommand,
  capacity: registerCapacityCommand,
  scenarios: registerScenariosCommand,
  bench: registerBenchCommand,
  queue: registerQueueCommand,
  report: registerReportCommand,
  compare: registerCompareCommand,
  worker: registerWorkerCommand,
  agents: registerAgentsCommand,
  schema: registerSchemaCommand,
};

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
const io: CliIo = { stdout: silent, stderr: silent, env: {} };

describe("the command list", () => {
  it("says of each command what the command, fully registered, says of itself", () => {
    for (const [name, summary] of Object.entries(COMMANDS)) {
      const program = new Command("swarm-stress");
      REGISTER[name as CommandName](program, () => {}, io);
      const [command] = program.commands;
      expect(command?.name()).toBe(name);
      expect(command?.description()).toBe(summary.description);
      expect(command && new Help().subcommandTerm(command)).toBe(
        `${name} ${summary.usage}`.trimEnd(),
      );
    }
  });

  it("lists every command in the root help, in the list's order, with its usage", async () => {
    const help = await cli(["--help"], process.cwd());
    expect(help.status).toBe(0);
    const terms = Object.entries(COMMANDS).map(([name, { usage }]) =>
      help.stdout.indexOf(`\n  ${`${name} ${usage}`.trimEnd()} `),
    );
    expect(terms.every((at) => at > 0)).toBe(true);
    expect([...terms].sort((a, b) => a - b)).toEqual(terms);
  });

  it("loads each command for its own help, options and all", async () => {
    for (const name of Object.keys(COMMANDS)) {
      const help = await cli([name, "--help"], process.cwd());
      expect(help.status, name).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: swarm-stress ${name}\\b`));
      expect(help.stdout).toContain(COMMANDS[name as CommandName].description.slice(0, 30));
    }
    expect((await cli(["help", "compare"], process.cwd())).stdout).toContain("<candidate>");
  });

  it("names the command the arguments run, or ask help for", () => {
    expect(invokedCommand(["run", "--agents", "4"])).toBe("run");
    expect(invokedCommand(["--help", "compare"])).toBe("compare");
    expect(invokedCommand(["help", "queue"])).toBe("queue");
    expect(invokedCommand(["help"])).toBeUndefined();
    expect(invokedCommand(["rn"])).toBeUndefined();
    expect(invokedCommand(["-V"])).toBeUndefined();
    expect(invokedCommand([])).toBeUndefined();
    expect(invokedCommand(["toString"])).toBeUndefined();
  });

  it("still suggests the nearest command for a mistyped one", async () => {
    const outcome = await cli(["scenaros"], process.cwd());
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toBe(
      "swarm-stress: unknown command 'scenaros' (Did you mean scenarios?)\n",
    );
  });
});
