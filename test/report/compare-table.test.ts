import { describe, expect, it } from "vitest";
import { compareResults } from "../../src/compare/compare.js";
import type { Comparison } from "../../src/compare/comparison.js";
import { formatComparison } from "../../src/report/compare-table.js";
import { resultWith } from "../compare/changes.js";
import { sampleResult } from "../fixtures/result.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/** A candidate with one figure better, one worse and one missing, on a different core. */
function mixedComparison(tolerance = 0.05): Comparison {
  const candidate = resultWith({
    core: "./my-core.js",
    config: { core: "./my-core.js" },
    throughput: { messagesPerSec: 60 },
    latency: { endToEnd: { p99: 30, p999: undefined } },
  });
  return compareResults(sampleResult(), candidate, {
    tolerance,
    baseLabel: "results/base.json",
    candidateLabel: "results/candidate.json",
  });
}

function lineOf(text: string, label: string): string {
  const line = text.split("\n").find((candidate) => candidate.trimStart().startsWith(`${label} `));
  if (line === undefined) throw new Error(`no line for ${label}`);
  return line;
}

describe("formatComparison", () => {
  it("names both runs, then the warnings", () => {
    const text = formatComparison(mixedComparison());
    expect(text).toMatch(/^Comparison\n {2}base {7}results\/base\.json {7}realistic · mock · /);
    expect(text).toMatch(
      /\n {2}candidate {2}results\/candidate\.json {2}realistic · \.\/my-core\.js/,
    );
    expect(text).toContain(
      "Warnings\n  ! different cores: mock vs ./my-core.js; comparison mode, ./my-core.js measured against the mock core\n",
    );
  });

  it("leaves the warnings out when there are none", () => {
    const text = formatComparison(compareResults(sampleResult(), sampleResult(), { tolerance: 0 }));
    expect(text).not.toContain("Warnings");
  });

  it("shows each figure with its unit, the ratio and the verdict", () => {
    const text = formatComparison(mixedComparison());
    expect(lineOf(text, "messages/s")).toMatch(/ 72\.9\/s +60\.0\/s +0\.82× +worse$/);
    expect(lineOf(text, "end-to-end p99")).toMatch(/ 48\.75 ms +30\.00 ms +0\.62× +better$/);
    expect(lineOf(text, "end-to-end p99.9")).toMatch(/ 73\.13 ms +- +- +n\/a$/);
    expect(lineOf(text, "success rate")).toMatch(/ 97\.78% +97\.78% +1\.00× +same$/);
    expect(lineOf(text, "RSS peak")).toMatch(/ 123\.4 MB +123\.4 MB /);
    expect(lineOf(text, "CPU peak")).toMatch(/ 87% +87% /);
    expect(lineOf(text, "queue depth peak")).toMatch(/ 321 +321 /);
    expect(lineOf(text, "duration")).toMatch(/ 12,345 ms +12,345 ms /);
    expect(lineOf(text, "duplicates")).toMatch(/ 0 +0 +- +same$/);
  });

  it("aligns the columns: every row ends its candidate value at the header's end", () => {
    const text = formatComparison(mixedComparison());
    const lines = text.split("\n");
    const header = lineOf(text, "metric");
    const candidateEnd = header.indexOf("candidate") + "candidate".length;
    const rows = lines.slice(lines.indexOf(header) + 1).filter((line) => line.startsWith("  "));
    expect(rows).toHaveLength(mixedComparison().rows.length);
    for (const row of rows) expect(row.slice(0, candidateEnd), row).toMatch(/\S$/);
  });

  it("ends with the count of verdicts within the tolerance", () => {
    const comparison = mixedComparison();
    const text = formatComparison(comparison);
    const same = comparison.rows.length - 3;
    expect(
      text.endsWith(
        `\n1 better, 1 worse, ${same} same within ±5% (success rates: of the share that failed); 1 n/a (no value on one side)\n`,
      ),
    ).toBe(true);
    expect(formatComparison(mixedComparison(0.025))).toContain(
      "same within ±2.5% (success rates: of the share that failed)",
    );
    const clean = formatComparison(
      compareResults(sampleResult(), sampleResult(), { tolerance: 0.1 }),
    );
    expect(clean).toMatch(
      /\n0 better, 0 worse, \d+ same within ±10% \(success rates: of the share that failed\)\n$/,
    );
  });

  it("has no colour codes unless asked, and then paints verdicts green, red and dim", () => {
    expect(formatComparison(mixedComparison())).not.toMatch(ANSI);
    const coloured = formatComparison(mixedComparison(), { color: true });
    expect(coloured).toContain("\u001b[32mbetter\u001b[0m");
    expect(coloured).toContain("\u001b[31mworse\u001b[0m");
    expect(coloured).toContain("\u001b[2msame\u001b[0m");
    expect(coloured).toContain("\u001b[33m!\u001b[0m");
    expect(coloured.replace(ANSI, "")).toBe(formatComparison(mixedComparison()));
  });
});
