import {
  packageVersion
} from "./chunk-FY5IDOOG.js";
import {
  ExitDuringRun,
  exitProcess,
  processIo,
  writeLine
} from "./chunk-3BIR62C5.js";
import {
  COMMANDS,
  isCommandName
} from "./chunk-ENW5U7JC.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import {
  ConfigError,
  RuntimeError
} from "./chunk-4OEG5RSY.js";

// dist/cli/error-report.js
import { CommanderError } from "@commander-js/extra-typings";
var PREFIX = "swarm-stress: ";
function oneLine(text) {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "").join(" ");
}
var COMMANDER_SUCCESS = /* @__PURE__ */ new Set(["commander.helpDisplayed", "commander.version"]);
function reportError(error, writeLine2, env = process.env) {
  const debug = env.SWARM_STRESS_DEBUG === "1";
  const { code: code2, line } = classify(error);
  if (line !== void 0)
    writeLine2(`${PREFIX}${line}`);
  if (debug && error instanceof Error && error.stack && !(error instanceof CommanderError)) {
    writeLine2(error.stack);
  }
  return code2;
}
function classify(error) {
  if (error instanceof CommanderError) {
    if (COMMANDER_SUCCESS.has(error.code))
      return { code: ExitCode.Ok };
    if (error.code === "commander.help")
      return { code: ExitCode.Usage };
    return { code: ExitCode.Usage, line: oneLine(error.message.replace(/^error:\s*/, "")) };
  }
  if (error instanceof ConfigError)
    return { code: ExitCode.Usage, line: oneLine(error.message) };
  if (error instanceof RuntimeError)
    return { code: ExitCode.Runtime, line: oneLine(error.message) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: ExitCode.Runtime, line: `internal error: ${oneLine(message) || "unknown error"}` };
}

// dist/cli/program.js
import { Command, Help } from "@commander-js/extra-typings";
var EPILOG = `
Settings are layered: defaults <- scenario <- config file <- flags.
Exit codes: 0 success, 1 the audit or a threshold failed, 2 bad usage or config,
3 runtime failure, 130 interrupted. See docs/configuration.md.`;
var LOADERS = {
  run: async () => (await import("./run-command-QEARQP5Z.js")).registerRunCommand,
  capacity: async () => (await import("./capacity-command-MEOP2GYD.js")).registerCapacityCommand,
  scenarios: async () => (await import("./scenarios-command-PL3UAKGT.js")).registerScenariosCommand,
  bench: async () => (await import("./bench-command-WHKEVP37.js")).registerBenchCommand,
  queue: async () => (await import("./queue-command-S6JRSGQY.js")).registerQueueCommand,
  report: async () => (await import("./report-command-IXHNJQXI.js")).registerReportCommand,
  compare: async () => (await import("./compare-command-4XSOO47J.js")).registerCompareCommand,
  worker: async () => (await import("./worker-command-NF44CSGF.js")).registerWorkerCommand,
  schema: async () => (await import("./schema-command-QJKYO3WL.js")).registerSchemaCommand
};
function invokedCommand(args) {
  const operands = args.filter((arg) => !arg.startsWith("-"));
  const [first, second] = operands;
  const name = first === "help" ? second : first;
  return isCommandName(name) ? name : void 0;
}
async function main(args, io2) {
  const invoked = invokedCommand(args);
  let register;
  try {
    register = invoked === void 0 ? void 0 : await LOADERS[invoked]();
  } catch (error) {
    return reportError(error, (line) => writeLine(io2.stderr, line), io2.env);
  }
  let exitCode = ExitCode.Ok;
  const done = (code2) => {
    exitCode = code2;
  };
  const program = new Command("swarm-stress").description("Stress-test message queues and multi-agent messaging pipelines.").version(packageVersion(), "-V, --version", "print the version").helpOption("-h, --help", "show help").addHelpText("after", EPILOG).exitOverride().configureOutput({
    writeOut: (text) => io2.stdout.write(text),
    writeErr: (text) => io2.stderr.write(text),
    outputError: () => {
    }
  });
  const listed = /* @__PURE__ */ new Map();
  for (const [name, summary] of Object.entries(COMMANDS)) {
    if (name === invoked && register) {
      register(program, done, io2);
      continue;
    }
    const stub = new Command(name).description(summary.description);
    program.addCommand(stub);
    listed.set(stub, `${name} ${summary.usage}`.trimEnd());
  }
  const help = new Help();
  program.configureHelp({
    subcommandTerm: (command) => listed.get(command) ?? help.subcommandTerm(command)
  });
  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    exitCode = reportError(error, (line) => writeLine(io2.stderr, line), io2.env);
  }
  return exitCode;
}

// dist/cli/cli-process.js
var EXIT_GRACE_MS = 2e3;
var UNSETTLED_TOP_LEVEL_AWAIT = 13;
var io = processIo();
var writeErrorLine = (line) => writeLine(io.stderr, line);
function crash(error) {
  if (error instanceof ExitDuringRun)
    return;
  exitProcess(reportError(error, writeErrorLine, io.env));
}
process.on("uncaughtException", crash);
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE")
    exitProcess(Number(process.exitCode ?? ExitCode.Ok));
  crash(error);
});
process.on("unhandledRejection", crash);
var settled = false;
process.on("exit", (exitCode) => {
  if (settled || exitCode !== UNSETTLED_TOP_LEVEL_AWAIT)
    return;
  writeErrorLine("swarm-stress: internal error: the command stopped with work unfinished");
  process.exitCode = ExitCode.Runtime;
});
var code = await main(process.argv.slice(2), io);
settled = true;
process.exitCode = code;
setTimeout(() => exitProcess(code), EXIT_GRACE_MS).unref();
