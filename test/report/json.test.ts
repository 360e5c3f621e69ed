import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { checkResultPath, defaultResultPath, saveResult } from "../../src/report/json.js";
import { sampleResult } from "../fixtures/result.js";

let dir: string;
let previousCwd: string;

beforeEach(() => {
  previousCwd = process.cwd();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-json-"));
  process.chdir(dir);
});

afterEach(() => {
  process.chdir(previousCwd);
  rmSync(dir, { recursive: true, force: true });
});

describe("saveResult", () => {
  it("names the file after the scenario and a filesystem-safe start time", () => {
    expect(defaultResultPath(sampleResult())).toBe(
      join("results", "realistic-2026-11-27T13-05-09Z.json"),
    );
  });

  it("creates results/ and writes pretty JSON that parses back to the result", async () => {
    const result = sampleResult();
    const path = await saveResult(result);
    expect(path).toBe(join("results", "realistic-2026-11-27T13-05-09Z.json"));
    const text = readFileSync(join(dir, path), "utf8");
    expect(text).toContain('\n  "schema": "swarm-stress/result@1"');
    expect(JSON.parse(text)).toEqual(result);
  });

  it("never overwrites an earlier result at the default path", async () => {
    const first = await saveResult(sampleResult());
    const second = await saveResult(sampleResult({ durationMs: 1 }));
    const third = await saveResult(sampleResult({ durationMs: 2 }));
    expect(second).toBe(join("results", "realistic-2026-11-27T13-05-09Z-2.json"));
    expect(third).toBe(join("results", "realistic-2026-11-27T13-05-09Z-3.json"));
    expect(JSON.parse(readFileSync(first, "utf8")).durationMs).toBe(12_345);
    expect(JSON.parse(readFileSync(second, "utf8")).durationMs).toBe(1);
  });

  it("writes an explicit path as asked, creating its directories", async () => {
    const path = join("deep", "er", "run.json");
    expect(await saveResult(sampleResult(), path)).toBe(path);
    expect(await saveResult(sampleResult({ durationMs: 5 }), path)).toBe(path);
    expect(JSON.parse(readFileSync(path, "utf8")).durationMs).toBe(5);
  });

  it("sanitises a scenario name that is not filesystem-safe", () => {
    const result = sampleResult();
    const odd = sampleResult({ config: { ...result.config, scenario: "a/b:c" } });
    expect(defaultResultPath(odd)).toBe(join("results", "a_b_c-2026-11-27T13-05-09Z.json"));
  });

  it("throws a one-line ConfigError for a directory or a file in the way", async () => {
    mkdirSync("taken");
    writeFileSync("plain", "x");
    await expect(saveResult(sampleResult(), "taken")).rejects.toThrow(
      new ConfigError('cannot save the result to "taken": it is a directory'),
    );
    await expect(saveResult(sampleResult(), join("plain", "r.json"))).rejects.toThrow(ConfigError);
  });
});

describe("checkResultPath", () => {
  it("accepts the default path and new or existing files", () => {
    expect(() => checkResultPath()).not.toThrow();
    expect(() => checkResultPath(join("new", "dir", "r.json"))).not.toThrow();
    writeFileSync("old.json", "{}");
    expect(() => checkResultPath("old.json")).not.toThrow();
  });

  it("rejects a directory and a path under a file", () => {
    mkdirSync("taken");
    writeFileSync("plain", "x");
    expect(() => checkResultPath("taken")).toThrow(/"taken": it is a directory/);
    expect(() => checkResultPath(join("plain", "r.json"))).toThrow(/not a directory/);
  });

  it.skipIf(process.getuid?.() === 0)("rejects a directory without write permission", () => {
    mkdirSync("locked");
    chmodSync("locked", 0o500);
    expect(() => checkResultPath(join("locked", "r.json"))).toThrow(/permission denied/);
    chmodSync("locked", 0o700);
  });
});
