import { CommanderError } from "@commander-js/extra-typings";
import { ConfigError, RuntimeError } from "../errors.js";
import { ExitCode } from "./exit-codes.js";

/** Prefix of every error line, so it stands out among other tools' output in a CI log. */
const PREFIX = "swarm-stress: ";

/** Collapse a message onto one line: a log reader greps for one line per failure. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

/** Commander codes whose output (help or version) was the whole point, not a failure. */
const COMMANDER_SUCCESS = new Set(["commander.helpDisplayed", "commander.version"]);

/**
 * Write `error` as ONE line through `writeLine` and return the exit code it deserves: bad input
 * (ConfigError, commander usage errors) is {@link ExitCode.Usage}, a RuntimeError is
 * {@link ExitCode.Runtime}, and anything else is a bug reported as an internal error. Stack
 * traces are for developers, so they only appear with `SWARM_STRESS_DEBUG=1`.
 */
export function reportError(
  error: unknown,
  writeLine: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): ExitCode {
  const debug = env.SWARM_STRESS_DEBUG === "1";
  const { code, line } = classify(error);
  if (line !== undefined) writeLine(`${PREFIX}${line}`);
  if (debug && error instanceof Error && error.stack && !(error instanceof CommanderError)) {
    writeLine(error.stack);
  }
  return code;
}

function classify(error: unknown): { code: ExitCode; line?: string } {
  if (error instanceof CommanderError) {
    if (COMMANDER_SUCCESS.has(error.code)) return { code: ExitCode.Ok };
    // Commander already printed the help it shows when no command was given.
    if (error.code === "commander.help") return { code: ExitCode.Usage };
    return { code: ExitCode.Usage, line: oneLine(error.message.replace(/^error:\s*/, "")) };
  }
  if (error instanceof ConfigError) return { code: ExitCode.Usage, line: oneLine(error.message) };
  if (error instanceof RuntimeError)
    return { code: ExitCode.Runtime, line: oneLine(error.message) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: ExitCode.Runtime, line: `internal error: ${oneLine(message) || "unknown error"}` };
}
