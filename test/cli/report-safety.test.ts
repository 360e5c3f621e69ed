import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleResult } from "../fixtures/result.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

let dir: string;
const SMALL = ["--agents", "2", "--messages-per-agent", "5", "--interval", "0", "--delay", "0"];

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-safety-"));
  writeFileSync(join(dir, "a.json"), JSON.stringify(sampleResult()));
  writeFileSync(join(dir, "b.json"), JSON.stringify(sampleResult()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit 2, one line naming the problem, and the saved results untouched. */
async function refused(args: readonly string[], message: RegExp): Promise<void> {
  const before = readFileSync(join(dir, "a.json"), "utf8");
  const outcome = await cli(args, dir);
  expect(outcome.status, outcome.stderr).toBe(2);
  const lines = outcome.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(readFileSync(join(dir, "a.json"), "utf8")).toBe(before);
}

describe("reports never replace a saved result", () => {
  it("refuses an output that is the input, or another saved result", async () => {
    await refused(
      ["report", "a.json", "-o", "a.json"],
      /the result read and the HTML report are the same file, "a.json"/,
    );
    await refused(
      ["report", "a.json", "--junit", "a.json"],
      /the result read and the JUnit report are the same file/,
    );
    await refused(
      ["report", "b.json", "-o", "a.json"],
      /cannot save the HTML report to "a.json": it holds a saved swarm-stress result/,
    );
    await refused(
      ["compare", "a.json", "b.json", "--html", "a.json"],
      /the base and the compare report are the same file/,
    );
    await refused(
      ["compare", "b.json", "b.json", "--html", "a.json"],
      /it holds a saved swarm-stress result/,
    );
    await refused(
      ["report", "b.json", "-o", "x.html", "--junit", "x.html"],
      /the HTML report and the JUnit report are the same file/,
    );
  });

  it("refuses, before the run, outputs of one run that share a file", async () => {
    await refused(
      ["run", ...SMALL, "-o", "r.json", "--html", "r.json"],
      /the result and the HTML report are the same file, "r.json"/,
    );
    await refused(
      ["run", ...SMALL, "--junit", "a.json"],
      /cannot save the JUnit report to "a.json": it holds a saved/,
    );
    await refused(
      ["run", ...SMALL, "--html", ""],
      /cannot save the HTML report to "": the path is empty/,
    );
    await refused(
      ["run", ...SMALL, "--html", "new-dir/"],
      /cannot save the HTML report to "new-dir\/": it names a directory/,
    );
  });
});

describe("a saved result that is not whole", () => {
  const broken = (name: string, change: (result: Record<string, unknown>) => void): string => {
    const result = JSON.parse(JSON.stringify(sampleResult())) as Record<string, unknown>;
    change(result);
    writeFileSync(join(dir, name), JSON.stringify(result));
    return name;
  };

  it("is refused in one line, exit 2, never an internal error", async () => {
    await refused(
      ["report", broken("no-env.json", (r) => delete r.environment)],
      /no-env.json: not a complete run result: environment is missing/,
    );
    await refused(["report", broken("no-chaos.json", (r) => delete r.chaos)], /chaos is missing/);
    await refused(
      [
        "report",
        broken("thresholds.json", (r) => {
          r.thresholds = "x";
        }),
      ],
      /not a complete run result: thresholds: /,
    );
    await refused(
      [
        "report",
        broken("hist.json", (r) => {
          (r.histograms as Record<string, string>).endToEnd = "garbage!!";
        }),
      ],
      /histograms.endToEnd: not an encoded histogram/,
    );
    await refused(
      [
        "report",
        broken("hist2.json", (r) => {
          (r.histograms as Record<string, string>).endToEnd = "AAAA";
        }),
      ],
      /histograms.endToEnd does not decode/,
    );
    await refused(
      [
        "compare",
        "a.json",
        broken("later.json", (r) => {
          r.schema = "swarm-stress/result@2";
          delete r.totals;
        }),
      ],
      /not a complete run result \(its schema is swarm-stress\/result@2; this build reads swarm-stress\/result@1\): totals is missing/,
    );
  });
});

describe("the verdict of a saved result", () => {
  it("fails a run that stopped early, and does not judge its thresholds", async () => {
    const stopped = sampleResult({
      stoppedEarly: true,
      totals: { ...sampleResult().totals, pending: 40 },
    });
    writeFileSync(join(dir, "stopped.json"), JSON.stringify(stopped));
    const outcome = await cli(
      ["report", "stopped.json", "-o", "stopped.html", "--threshold", "successRate>=0.5"],
      dir,
    );
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toMatch(/successRate>=0.5 +97\.78% +not judged +the run stopped early/);
    expect(readFileSync(join(dir, "stopped.html"), "utf8")).toContain("FAIL");
  });

  it("fails a latency threshold when nothing was delivered, rather than reading 0 ms", async () => {
    const outcome = await cli(
      [
        "run",
        ...SMALL,
        "--success-rate",
        "0",
        "--max-attempts",
        "1",
        "--threshold",
        "latency.endToEnd.p99<5ms",
        "--json",
      ],
      dir,
    );
    expect(outcome.status).toBe(1);
    expect(JSON.parse(outcome.stdout).thresholds[0]).toMatchObject({ value: null, passed: false });
    expect(outcome.stderr).toContain(
      "swarm-stress: FAIL: threshold latency.endToEnd.p99<5ms failed: measured -",
    );
  });
});
