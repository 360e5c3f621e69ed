import { CommanderError } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { oneLine, reportError } from "../../src/cli/error-report.js";
import { ExitCode } from "../../src/cli/exit-codes.js";
import { ConfigError, RuntimeError } from "../../src/errors.js";

/** The exit code and the lines reportError writes for `error`. */
function report(error: unknown, env: NodeJS.ProcessEnv = {}): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = reportError(error, (line) => lines.push(line), env);
  return { code, lines };
}

describe("reportError", () => {
  it("turns a ConfigError into one line and exit 2", () => {
    expect(report(new ConfigError("--agents: expected a whole number"))).toEqual({
      code: ExitCode.Usage,
      lines: ["swarm-stress: --agents: expected a whole number"],
    });
  });

  it("turns a RuntimeError into one line and exit 3", () => {
    expect(report(new RuntimeError("core module ./x.js not found"))).toEqual({
      code: ExitCode.Runtime,
      lines: ["swarm-stress: core module ./x.js not found"],
    });
  });

  it("reports anything else as an internal error with exit 3", () => {
    expect(report(new TypeError("x is not a function"))).toEqual({
      code: ExitCode.Runtime,
      lines: ["swarm-stress: internal error: x is not a function"],
    });
    expect(report("a thrown string").lines).toEqual([
      "swarm-stress: internal error: a thrown string",
    ]);
  });

  it("makes commander's usage errors exit 2 on one line", () => {
    const error = new CommanderError(
      1,
      "commander.unknownOption",
      "error: unknown option '--agentz'\n(Did you mean --agents?)",
    );
    expect(report(error)).toEqual({
      code: ExitCode.Usage,
      lines: ["swarm-stress: unknown option '--agentz' (Did you mean --agents?)"],
    });
  });

  it("lets help and version exit 0 silently", () => {
    expect(report(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"))).toEqual({
      code: ExitCode.Ok,
      lines: [],
    });
    expect(report(new CommanderError(0, "commander.version", "0.1.0"))).toEqual({
      code: ExitCode.Ok,
      lines: [],
    });
  });

  it("adds the stack only with SWARM_STRESS_DEBUG=1", () => {
    const error = new Error("boom");
    expect(report(error).lines).toHaveLength(1);
    const debug = report(error, { SWARM_STRESS_DEBUG: "1" });
    expect(debug.lines).toHaveLength(2);
    expect(debug.lines[1]).toContain("at ");
  });
});

describe("oneLine", () => {
  it("joins the lines of a message", () => {
    expect(oneLine("first\n  second\r\n\nthird ")).toBe("first second third");
  });
});
