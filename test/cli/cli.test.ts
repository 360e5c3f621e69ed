import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/config/scenarios.js";
import type { RunResult } from "../../src/result/result.js";
import {
  BIN,
  FIXTURES,
  type Outcome,
  requireBuiltCli,
  sleep,
  untilExists,
} from "../support/built-cli.js";
import { cli as cliIn } from "../support/cli-in-process.js";

/** Small and fast: a few messages, no pauses, no delivery delay. */
const SMALL = ["--agents", "3", "--messages-per-agent", "5", "--interval", "0", "--delay", "0"];

let cwd: string;

beforeAll(() => {
  requireBuiltCli();
  cwd = mkdtempSync(join(tmpdir(), "swarm-stress-cli-"));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Run the CLI with `args` in `dir` (the suite's temp directory by default). */
function cli(args: readonly string[], dir = cwd, env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return cliIn(args, dir, env);
}

/** A fresh empty directory to run in, so saved results can be counted. */
function freshDir(): string {
  return mkdtempSync(join(cwd, "run-"));
}

describe("swarm-stress", () => {
  it("prints its version and help", async () => {
    const version = await cli(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await cli(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("run [options]");
    expect(help.stdout).toContain("scenarios");
    const runHelp = await cli(["run", "--help"]);
    expect(runHelp.status).toBe(0);
    expect(runHelp.stdout).toContain("--messages-per-agent <n>");
  });

  it("lists all seven scenarios", async () => {
    const { status, stdout, stderr } = await cli(["scenarios"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(SCENARIOS).toHaveLength(7);
    for (const scenario of SCENARIOS) {
      expect(stdout).toContain(scenario.name);
      expect(stdout).toContain(scenario.description);
    }
    const json = await cli(["scenarios", "--json"]);
    expect(JSON.parse(json.stdout).map((s: { name: string }) => s.name)).toEqual(
      SCENARIOS.map((s) => s.name),
    );
  });

  it("run --json prints only a parseable RunResult on stdout and saves nothing", async () => {
    const dir = freshDir();
    const { status, stdout, stderr } = await cli(["run", ...SMALL, "--seed", "3", "--json"], dir);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as RunResult;
    expect(result.schema).toBe("swarm-stress/result@1");
    expect(result.totals.generated).toBe(15);
    expect(result.config.seed).toBe(3);
    expect(result.audit.balanced).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("run --json --out also saves the result", async () => {
    const dir = freshDir();
    const { status, stdout, stderr } = await cli(
      ["run", ...SMALL, "--json", "--out", "r.json"],
      dir,
    );
    expect(status).toBe(0);
    expect(stderr).toBe("result saved to r.json\n");
    expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8"))).toEqual(JSON.parse(stdout));
  });

  it("run prints the summary and saves the result under results/", async () => {
    const dir = freshDir();
    const { status, stdout, stderr } = await cli(["run", ...SMALL], dir);
    expect(status).toBe(0);
    expect(stdout).toMatch(/generated\s+15/);
    expect(stdout).toContain("Latency (ms)");
    expect(stdout).toContain("Audit: BALANCED");
    const saved =
      /^result saved to (results\/default-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.json)\n$/.exec(
        stderr,
      );
    expect(saved, stderr).not.toBeNull();
    const result = JSON.parse(readFileSync(join(dir, saved?.[1] ?? ""), "utf8")) as RunResult;
    expect(result.schema).toBe("swarm-stress/result@1");
  });

  it("run --out saves where it is told, creating directories", async () => {
    const dir = freshDir();
    const { status, stderr } = await cli(["run", ...SMALL, "--out", "deep/dir/run.json"], dir);
    expect(status).toBe(0);
    expect(stderr).toBe("result saved to deep/dir/run.json\n");
    expect(existsSync(join(dir, "deep/dir/run.json"))).toBe(true);
  });

  it("layers scenario, config file and flags", async () => {
    const config = join(FIXTURES, "config/small.yaml");
    const { status, stdout, stderr } = await cli(
      ["run", "--scenario", "failure", "--config", config, "--messages-per-agent", "2", "--json"],
      freshDir(),
    );
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as RunResult;
    expect(result.config.scenario).toBe("failure");
    // From the scenario, untouched by the file and the flags:
    expect(result.config.successRate).toBe(0.8);
    // From the file:
    expect(result.config.agents).toBe(3);
    expect(result.config.types).toEqual({ direct: 3, broadcast: 1 });
    expect(result.config.core).toBe(join(FIXTURES, "cores/echo.js"));
    // From the flags, over the file:
    expect(result.config.messagesPerAgent).toBe(2);
    expect(result.totals.generated).toBe(6);
  });

  it("flags override a scenario", async () => {
    const { status, stdout } = await cli(
      [
        "run",
        "--scenario",
        "max-throughput",
        ...SMALL,
        "--types",
        "direct=3,broadcast=1",
        "--json",
      ],
      freshDir(),
    );
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as RunResult;
    expect(result.config.scenario).toBe("max-throughput");
    expect(result.config.batchSize).toBe(100);
    expect(result.config.agents).toBe(3);
    expect(result.config.types).toEqual({ direct: 3, broadcast: 1 });
  });

  it("runs a user's core module given by path", async () => {
    const core = join(FIXTURES, "cores/echo.js");
    const { status, stdout } = await cli(["run", ...SMALL, "--core", core, "--json"], freshDir());
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as RunResult;
    expect(result.totals.delivered).toBe(15);
  });

  describe("bad input: one line on stderr, no stack trace, the right exit code", () => {
    const brokenCore = (): string => {
      const path = join(cwd, "broken-core.js");
      writeFileSync(path, "export default {\n");
      return path;
    };
    // Broken files are written here rather than kept as fixtures, which Biome would reject.
    const brokenYaml = (): string => {
      const path = join(cwd, "syntax-error.yaml");
      writeFileSync(path, "agents: 3\ntypes: [direct, broadcast\ninterval: 0\n");
      return path;
    };
    const directory = (): string => {
      const path = join(cwd, "a-directory");
      mkdirSync(path, { recursive: true });
      return path;
    };
    const cases: [string, () => string[], number, RegExp][] = [
      ["an unknown flag", () => ["run", "--agentz", "3"], 2, /unknown option '--agentz'.*--agents/],
      [
        "a non-numeric count",
        () => ["run", "--agents", "abc"],
        2,
        /--agents: expected a whole number, got "abc"/,
      ],
      [
        "a bad duration",
        () => ["run", "--interval", "5parsecs"],
        2,
        /--interval: invalid duration "5parsecs"/,
      ],
      [
        "a bad message type",
        () => ["run", "--types", "dirct"],
        2,
        /--types: unknown message type "dirct"/,
      ],
      ["an unknown scenario", () => ["run", "--scenario", "nope"], 2, /unknown scenario "nope"/],
      ["an unknown command", () => ["launch"], 2, /unknown command 'launch'/],
      ["a missing flag value", () => ["run", "--agents"], 2, /'--agents <n>' argument missing/],
      [
        "a config with an unknown key",
        () => ["run", "--config", join(FIXTURES, "config/unknown-key.yaml")],
        2,
        /unknown-key\.yaml:7: unknown key "batchsize" \(did you mean "batchSize"\?\)/,
      ],
      [
        "a JSON config with an unknown key",
        () => ["run", "--config", join(FIXTURES, "config/typo.json")],
        2,
        /typo\.json:7: unknown key "sed" \(did you mean "seed"\?\)/,
      ],
      [
        "a YAML syntax error",
        () => ["run", "--config", brokenYaml()],
        2,
        /syntax-error\.yaml:\d+:\d+: syntax error: /,
      ],
      [
        "a missing config file",
        () => ["run", "--config", "nope.yaml"],
        2,
        /cannot read config file "nope\.yaml": no such file/,
      ],
      [
        "an --out that is a directory",
        () => ["run", ...SMALL, "--out", directory()],
        2,
        /it is a directory/,
      ],
      [
        "a missing core module",
        () => ["run", ...SMALL, "--core", "./missing.js"],
        3,
        /core module \.\/missing\.js not found/,
      ],
      [
        "a core module without deliver",
        () => ["run", ...SMALL, "--core", join(FIXTURES, "cores/no-deliver.js")],
        3,
        /does not export a delivery core/,
      ],
      [
        "a core module that does not parse",
        () => ["run", ...SMALL, "--core", brokenCore()],
        3,
        /could not be loaded/,
      ],
    ];

    it.each(cases)("%s", async (_name, args, code, message) => {
      const { status, stdout, stderr } = await cli(args());
      expect(status).toBe(code);
      expect(stdout).toBe("");
      const lines = stderr.split("\n").filter((line) => line !== "");
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^swarm-stress: /);
      expect(lines[0]).toMatch(message);
      expect(stderr).not.toMatch(/^\s+at /m);
    });

    it("shows the stack with SWARM_STRESS_DEBUG=1", async () => {
      const args = ["run", ...SMALL, "--core", join(FIXTURES, "cores/no-deliver.js")];
      const { status, stderr } = await cli(args, cwd, { SWARM_STRESS_DEBUG: "1" });
      expect(status).toBe(3);
      expect(stderr).toMatch(/^\s+at /m);
    });
  });

  describe("Ctrl-C", () => {
    /**
     * Start the CLI, send SIGINT `count` times once its run is under way (its record file made,
     * its handlers in place: a busy machine can take over a second to get there), and collect
     * the outcome.
     */
    function interrupt(args: readonly string[], count: number, dir: string): Promise<Outcome> {
      const record = join(dir, "outcomes.ndjson");
      return new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, [BIN, ...args, "--record", record], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: "1" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
        });
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
        });
        child.on("error", reject);
        child.on("close", (status) => resolvePromise({ status, stdout, stderr }));
        untilExists(record).then(async () => {
          await sleep(300);
          for (let n = 0; n < count; n++) {
            if (n > 0) await sleep(500);
            child.kill("SIGINT");
          }
        }, reject);
        setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
      });
    }

    it("stops the run, still prints and saves the partial result, and exits 130", async () => {
      const dir = freshDir();
      const args = ["run", "--agents", "3", "--messages-per-agent", "1000", "--interval", "50ms"];
      const { status, stdout, stderr } = await interrupt(args, 1, dir);
      expect(status).toBe(130);
      expect(stdout).toMatch(/stopped early\s+yes/);
      expect(stdout).toMatch(/pending\s+[1-9]/);
      expect(stderr).toContain("stopping");
      expect(stderr).toMatch(/result saved to results\//);
      expect(readdirSync(join(dir, "results"))).toHaveLength(1);
    });

    it("quits at once with 130 on a second Ctrl-C, even when the core hangs", async () => {
      const hang = join(FIXTURES, "cores/hang.js");
      const { status, stdout } = await interrupt(["run", ...SMALL, "--core", hang], 2, freshDir());
      expect(status).toBe(130);
      expect(stdout).toBe("");
    });
  });
});
