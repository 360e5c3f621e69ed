import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareResults } from "../../src/compare/compare.js";
import type { RunResult } from "../../src/result/result.js";
import { resultWith } from "../compare/changes.js";
import { sampleResult } from "../fixtures/result.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

let dir: string;

/** Write `result` into the temp dir as `name` and return the name (the CLI runs in the dir). */
function save(name: string, result: unknown): string {
  writeFileSync(join(dir, name), `${JSON.stringify(result, null, 2)}\n`);
  return name;
}

const base = sampleResult();
// Throughput down by 20%: one figure worse beyond 5%, within 50%.
const slower = resultWith({ throughput: { messagesPerSec: base.throughput.messagesPerSec * 0.8 } });

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-compare-"));
  save("base.json", base);
  save("same.json", sampleResult());
  save("slower.json", slower);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit status, one error line on stderr and nothing on stdout. */
async function expectUsageError(args: readonly string[], message: RegExp): Promise<void> {
  const outcome = await cli(args, dir);
  expect(outcome.status).toBe(2);
  expect(outcome.stdout).toBe("");
  const lines = outcome.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^swarm-stress: /);
  expect(lines[0]).toMatch(message);
}

describe("swarm-stress compare", () => {
  it("writes the comparison as HTML with --html, and refuses a directory before reading", async () => {
    const outcome = await cli(
      ["compare", "base.json", "slower.json", "--html", "out/compare.html"],
      dir,
    );
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toBe("compare report saved to out/compare.html\n");
    const html = readFileSync(join(dir, "out/compare.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("base.json");
    expect(html).toContain("slower.json");
    expect(html).toContain("▼ worse");
    await expectUsageError(
      ["compare", "base.json", "slower.json", "--html", "out"],
      /cannot save the compare report to "out": it is a directory$/,
    );
  });

  it("prints the table and exits 0 for two runs alike", async () => {
    const outcome = await cli(["compare", "base.json", "same.json"], dir);
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toBe("");
    expect(outcome.stdout).toMatch(/^Comparison\n {2}base {7}base\.json /);
    expect(outcome.stdout).toMatch(/\n0 better, 0 worse, \d+ same within ±5%/);
  });

  it("exits 1 with --fail-on-worse when a figure got worse, and 0 without the flag", async () => {
    const plain = await cli(["compare", "base.json", "slower.json"], dir);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/messages\/s .* 0\.80× +worse\n/);
    const gated = await cli(["compare", "base.json", "slower.json", "--fail-on-worse"], dir);
    expect(gated.status).toBe(1);
    expect(gated.stdout).toBe(plain.stdout);
    expect(gated.stderr).toBe("");
    expect((await cli(["compare", "base.json", "same.json", "--fail-on-worse"], dir)).status).toBe(
      0,
    );
  });

  it("takes --tolerance as a percentage or a fraction", async () => {
    for (const tolerance of ["50%", "0.5"]) {
      const outcome = await cli(
        ["compare", "base.json", "slower.json", "--fail-on-worse", "--tolerance", tolerance],
        dir,
      );
      expect(outcome.status, tolerance).toBe(0);
      expect(outcome.stdout, tolerance).toMatch(/\n0 better, 0 worse, \d+ same within ±50%/);
    }
  });

  it("prints the comparison as JSON with --json, the same as the library computes", async () => {
    const outcome = await cli(
      ["compare", "base.json", "slower.json", "--json", "--tolerance", "2%"],
      dir,
    );
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toBe("");
    const expected = compareResults(base, slower, {
      tolerance: 0.02,
      baseLabel: "base.json",
      candidateLabel: "slower.json",
    });
    expect(JSON.parse(outcome.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("refuses a bad tolerance with one line and exit 2", async () => {
    await expectUsageError(
      ["compare", "base.json", "same.json", "--tolerance", "lots"],
      /--tolerance: expected a change such as 5% or 0\.05, got "lots"/,
    );
    await expectUsageError(["compare", "base.json", "same.json", "--tolerance", "5"], /ambiguous/);
  });

  it("refuses a missing file, naming it, with exit 2", async () => {
    await expectUsageError(["compare", "base.json", "nowhere.json"], /nowhere\.json: no such file/);
    await expectUsageError(["compare", "base.json"], /missing required argument 'candidate'/);
  });

  it("refuses a bench summary passed instead of a result", async () => {
    save("summary.json", { schema: "swarm-stress/bench@1", rows: [] });
    await expectUsageError(
      ["compare", "summary.json", "base.json"],
      /summary\.json: not a run result: its schema is "swarm-stress\/bench@1"/,
    );
  });

  it("reads a result of a later schema with a warning on stderr, and says so in the comparison", async () => {
    const later = { ...sampleResult(), schema: "swarm-stress/result@2" } as unknown as RunResult;
    save("later.json", later);
    const outcome = await cli(["compare", "base.json", "later.json"], dir);
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toBe(
      "swarm-stress: later.json has schema swarm-stress/result@2; this build reads swarm-stress/result@1\n",
    );
    expect(outcome.stdout).toContain(
      "! different schemas: swarm-stress/result@1 vs swarm-stress/result@2",
    );
  });

  it("lists its flags in --help", async () => {
    const help = await cli(["compare", "--help"], dir);
    expect(help.status).toBe(0);
    for (const flag of ["--tolerance <change>", "--json", "--html <file>", "--fail-on-worse"]) {
      expect(help.stdout).toContain(flag);
    }
  });
});
