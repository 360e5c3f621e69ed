import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

/** Small and fast: a few messages, no pauses, no delivery delay. */
const SMALL = ["--agents", "3", "--messages-per-agent", "20", "--interval", "0", "--delay", "0"];

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-thresholds-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fresh(): string {
  return mkdtempSync(join(dir, "case-"));
}

const readResult = (path: string) => JSON.parse(readFileSync(path, "utf8")) as RunResult;

describe("swarm-stress run --threshold", () => {
  it("exits 0 when every threshold passes and 1 when one fails, with a table of each", async () => {
    const cwd = fresh();
    const pass = await cli(["run", ...SMALL, "--threshold", "successRate>=95%"], cwd);
    expect(pass.status).toBe(0);
    expect(pass.stdout).toMatch(
      /Thresholds: all 1 passed\n {2}threshold .*\n {2}successRate>=95% +100\.00% +pass/,
    );
    const fail = await cli(
      [
        "run",
        ...SMALL,
        "--threshold",
        "successRate>=95%",
        "--threshold",
        "totals.delivered>60",
        "-o",
        "result.json",
        "--junit",
        "out/junit.xml",
        "--html",
        "out/report.html",
      ],
      cwd,
    );
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/Thresholds: 1 of 2 failed/);
    expect(fail.stdout).toMatch(/totals\.delivered>60 +60 +FAIL/);
    const result = readResult(join(cwd, "result.json"));
    expect(result.config.thresholds).toEqual(["successRate>=95%", "totals.delivered>60"]);
    expect(result.thresholds?.map((t) => t.passed)).toEqual([true, false]);
    const junit = readFileSync(join(cwd, "out/junit.xml"), "utf8");
    expect(junit).toMatch(/<testsuites name="swarm-stress" tests="4" failures="1"/);
    const html = readFileSync(join(cwd, "out/report.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("totals.delivered&gt;60");
    expect(fail.stderr).toContain("HTML report saved to out/report.html");
  });

  it("refuses an unknown metric before the run: exit 2, one line, nothing saved", async () => {
    const cwd = fresh();
    const outcome = await cli(["run", ...SMALL, "--threshold", "latency.endToEnd.p98<5ms"], cwd);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toBe(
      'swarm-stress: --threshold: unknown metric "latency.endToEnd.p98": latency.endToEnd has count, min, mean, p50, p90, p95, p99, p999, max; did you mean p90?\n',
    );
    expect(readdirSync(cwd)).toEqual([]);
    const agent = await cli(
      ["run", ...SMALL, "--threshold", "byAgent.Agent-4.successRate>0.5"],
      cwd,
    );
    expect(agent.status).toBe(2);
    expect(agent.stderr).toContain('this run has no agent "Agent-4" (Agent-1 … Agent-3)');
    const html = await cli(["run", ...SMALL, "--html", cwd], cwd);
    expect(html.status).toBe(2);
    expect(html.stderr).toContain(`cannot save the HTML report to "${cwd}": it is a directory`);
  });

  it("takes a thresholds list from the config file, which --threshold replaces", async () => {
    const cwd = fresh();
    writeFileSync(
      join(cwd, "gate.yaml"),
      "agents: 3\nmessagesPerAgent: 20\ninterval: 0\ndelay: 0\nthresholds:\n  - totals.delivered>1000\n",
    );
    const fromFile = await cli(["run", "-c", "gate.yaml", "-o", "a.json"], cwd);
    expect(fromFile.status).toBe(1);
    expect(readResult(join(cwd, "a.json")).thresholds?.[0]?.expression).toBe(
      "totals.delivered>1000",
    );
    const replaced = await cli(
      ["run", "-c", "gate.yaml", "--threshold", "totals.delivered>=60"],
      cwd,
    );
    expect(replaced.status).toBe(0);
    writeFileSync(join(cwd, "bad.yaml"), "thresholds:\n  - successRate>=1.5\n");
    const bad = await cli(["run", "-c", "bad.yaml"], cwd);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:2.*a ratio from 0 to 1/);
  });

  it("stops a run that can no longer pass with --abort-on-fail, exit 1", async () => {
    const cwd = fresh();
    const outcome = await cli(
      [
        "run",
        "--agents",
        "5",
        "--messages-per-agent",
        "200",
        "--interval",
        "5ms",
        "--delay",
        "0.2ms",
        "--success-rate",
        "0.5",
        "--max-attempts",
        "1",
        "--seed",
        "9",
        "--threshold",
        "successRate>=0.99",
        "--abort-on-fail",
        "-o",
        "r.json",
      ],
      cwd,
    );
    expect(outcome.status).toBe(1);
    const result = readResult(join(cwd, "r.json"));
    expect(result.stoppedEarly).toBe(true);
    expect(result.audit.balanced).toBe(true);
    expect(result.thresholds?.[0]).toMatchObject({ passed: false, abortedRun: true });
    expect(outcome.stdout).toContain("stopped the run: it could no longer pass");
  });
});

describe("swarm-stress report", () => {
  it("renders a saved result next to it, and judges it again with --threshold", async () => {
    const cwd = fresh();
    expect((await cli(["run", ...SMALL, "-o", "base.json"], cwd)).status).toBe(0);
    const plain = await cli(["report", "base.json"], cwd);
    expect(plain.status).toBe(0);
    expect(plain.stderr).toBe("HTML report saved to base.html\n");
    expect(readFileSync(join(cwd, "base.html"), "utf8")).toMatch(/^<!doctype html>/i);
    const judged = await cli(
      [
        "report",
        "base.json",
        "-o",
        "judged.html",
        "--threshold",
        "totals.delivered>=60",
        "--threshold",
        "latency.endToEnd.max<1us",
        "--junit",
        "judged.xml",
      ],
      cwd,
    );
    expect(judged.status).toBe(1);
    expect(judged.stdout).toMatch(/Thresholds: 1 of 2 failed/);
    expect(readFileSync(join(cwd, "judged.xml"), "utf8")).toContain('tests="4" failures="1"');
    expect(readFileSync(join(cwd, "judged.html"), "utf8")).toContain("latency.endToEnd.max&lt;1us");
    const passing = await cli(["report", "base.json", "--threshold", "totals.delivered>=60"], cwd);
    expect(passing.status).toBe(0);
  });

  it("gives one line and exit 2 for a file that is not a result", async () => {
    const cwd = fresh();
    writeFileSync(join(cwd, "bench.json"), JSON.stringify({ schema: "swarm-stress/bench@1" }));
    const bench = await cli(["report", "bench.json"], cwd);
    expect(bench.status).toBe(2);
    expect(bench.stderr).toBe(
      'swarm-stress: bench.json: not a run result: its schema is "swarm-stress/bench@1", expected "swarm-stress/result@1"\n',
    );
    const missing = await cli(["report", "nothing.json"], cwd);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("swarm-stress: nothing.json: no such file\n");
    expect(existsSync(join(cwd, "bench.html"))).toBe(false);
  });
});
