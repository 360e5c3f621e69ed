import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { readResultFile } from "../../src/report/read-result.js";
import { sampleResult } from "../fixtures/result.js";

const dir = mkdtempSync(join(tmpdir(), "swarm-stress-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

function failure(path: string): string {
  try {
    readResultFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`${path} was read`);
}

describe("readResultFile", () => {
  it("reads a saved result as it was written", () => {
    const result = sampleResult();
    expect(readResultFile(file("ok.json", result))).toEqual({ result });
  });

  it("reads a later schema version with a warning", () => {
    const path = file("later.json", { ...sampleResult(), schema: "swarm-stress/result@2" });
    expect(readResultFile(path).warning).toBe(
      `${path} has schema swarm-stress/result@2; this build reads swarm-stress/result@1`,
    );
  });

  it("says in one line what is wrong with anything else", () => {
    expect(failure(join(dir, "absent.json"))).toMatch(/absent.json: no such file$/);
    expect(failure(dir)).toMatch(/: is a directory$/);
    expect(failure(file("text.json", "not json"))).toMatch(/text.json: not valid JSON \(/);
    expect(failure(file("bench.json", { schema: "swarm-stress/bench@1", rows: [] }))).toMatch(
      /bench.json: not a run result: its schema is "swarm-stress\/bench@1", expected "swarm-stress\/result@1"$/,
    );
    expect(failure(file("array.json", [1, 2]))).toMatch(
      /not a run result: it has no "schema" field/,
    );
    expect(failure(file("null.json", "null"))).toMatch(/it has no "schema" field/);
    const { latency: _latency, ...partial } = sampleResult();
    expect(failure(file("partial.json", partial))).toMatch(
      /partial.json: not a complete run result: latency is missing$/,
    );
    const badTimeline = { ...sampleResult(), timeline: [{ t: "soon" }] };
    expect(failure(file("timeline.json", badTimeline))).toMatch(
      /not a complete run result: timeline.0.t: /,
    );
    for (const message of [failure(file("text2.json", "{\n  oops\n}"))]) {
      expect(message).not.toContain("\n");
    }
  });
});
