import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import type { BenchSummary } from "../../src/run/bench-suite.js";
import { FIXTURES, requireBuiltCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

const CORES = join(FIXTURES, "cores");

let cwd: string;

beforeAll(() => {
  requireBuiltCli();
  cwd = mkdtempSync(join(tmpdir(), "swarm-stress-bench-"));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function freshDir(): string {
  return mkdtempSync(join(cwd, "run-"));
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

describe("swarm-stress bench", () => {
  it("prints the table and saves one result per row plus the summary", async () => {
    const dir = freshDir();
    const out = join(dir, "out");
    const { status, stdout, stderr } = await cli(["bench", "--only", "small", "--out", out], dir);
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^\s+row\s+messages\s+msg\/s/m);
    expect(stdout).toMatch(/^\s+small\s+90\s/m);
    expect(stdout).toContain("1 rows in");
    expect(stderr).toMatch(/^bench: small done \(1\/1\): .* msg\/s in [\d.]+ s$/m);
    expect(stderr).toContain(`results saved to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(["small.json", "summary.json"]);
    const result = readJson<RunResult>(join(out, "small.json"));
    expect(result.schema).toBe("swarm-stress/result@1");
    expect(result.totals.generated).toBe(90);
    const summary = readJson<BenchSummary>(join(out, "summary.json"));
    expect(summary.schema).toBe("swarm-stress/bench@1");
    expect(summary.rows.map((row) => row.name)).toEqual(["small"]);
    expect(summary.rows[0]?.messagesPerSec).toBe(result.throughput.messagesPerSec);
  });

  it("never overwrites: a taken output directory gets a suffix", async () => {
    const dir = freshDir();
    const out = join(dir, "out");
    await cli(["bench", "--only", "small", "--out", out, "--no-progress"], dir);
    const second = await cli(["bench", "--only", "small", "--out", out, "--no-progress"], dir);
    expect(second.status).toBe(0);
    expect(second.stderr).toBe(`results saved to ${out}-2\n`);
    expect(readdirSync(`${out}-2`).sort()).toEqual(["small.json", "summary.json"]);
  });

  it("saves under results/bench-<time>/ by default", async () => {
    const dir = freshDir();
    const { status, stderr } = await cli(["bench", "--only", "small", "--no-progress"], dir);
    expect(status).toBe(0);
    const saved = /^results saved to (results\/bench-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)\n$/.exec(
      stderr,
    );
    expect(saved, stderr).not.toBeNull();
    expect(readdirSync(join(dir, saved?.[1] ?? "")).sort()).toEqual(["small.json", "summary.json"]);
  });

  it("--json prints only the summary and saves nothing", async () => {
    const dir = freshDir();
    const { status, stdout, stderr } = await cli(["bench", "--only", "small", "--json"], dir);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const summary = JSON.parse(stdout) as BenchSummary;
    expect(summary.schema).toBe("swarm-stress/bench@1");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects an unknown row with exit 2 and one line, before creating anything", async () => {
    const dir = freshDir();
    const { status, stdout, stderr } = await cli(["bench", "--only", "small,huge"], dir);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      'swarm-stress: unknown bench row "huge" (small, medium, large, max-throughput, realistic, failure)\n',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("fails with exit 3 and one line when the core does not load, leaving no directory", async () => {
    const dir = freshDir();
    const { status, stderr } = await cli(
      ["bench", "--only", "small", "--core", join(CORES, "missing.js"), "--out", "out"],
      dir,
    );
    expect(status).toBe(3);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^swarm-stress: /);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports an output path that cannot be written with exit 2", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "file"), "");
    const { status, stderr } = await cli(["bench", "--only", "small", "--out", "file/sub"], dir);
    expect(status).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^swarm-stress: cannot save/);
  });
});
