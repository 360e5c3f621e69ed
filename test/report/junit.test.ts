import { describe, expect, it } from "vitest";
import { formatJunit } from "../../src/report/junit.js";
import type { ThresholdOutcome } from "../../src/result/result.js";
import { sampleResult } from "../fixtures/result.js";

const passing: ThresholdOutcome = {
  expression: "latency.endToEnd.p99<5ms",
  metric: "latency.endToEnd.p99",
  operator: "<",
  limit: 5,
  value: 4.2,
  unit: "ms",
  passed: true,
};

const failing: ThresholdOutcome = {
  expression: "successRate>=0.99",
  metric: "successRate",
  operator: ">=",
  limit: 0.99,
  value: 0.9777,
  unit: "ratio",
  passed: false,
};

/** Element names in document order, with closing tags as `/name`; self-closing ones twice. */
function tagSequence(xml: string): string[] {
  return [...xml.matchAll(/<(\/?)([a-z-]+)[^>]*?(\/?)>/g)].flatMap(([, close, name, self]) =>
    self ? [name as string, `/${name}`] : [`${close}${name}`],
  );
}

describe("formatJunit", () => {
  it("has one case per threshold, and the audit and completion cases, with failures counted", () => {
    const xml = formatJunit(sampleResult({ thresholds: [passing, failing] }));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml).toMatch(
      /<testsuites name="swarm-stress" tests="4" failures="1" time="\d+\.\d{3}">/,
    );
    expect(xml).toMatch(
      /<testsuite name="swarm-stress thresholds \(realistic\)" tests="2" failures="1"/,
    );
    expect(xml).toContain('name="latency.endToEnd.p99&lt;5ms"');
    expect(xml).toContain("<system-out>measured 4.200 ms</system-out>");
    expect(xml).toContain(
      '<failure message="measured 97.77%; the limit is &gt;= 99.00%" type="failure">',
    );
    expect(xml).toMatch(
      /<testsuite name="swarm-stress audit \(realistic\)" tests="2" failures="0"/,
    );
    expect(xml).toContain(
      '<testcase classname="swarm-stress" name="the run went to the end" time="0"/>',
    );
    const tags = tagSequence(xml);
    const open: string[] = [];
    for (const tag of tags) {
      if (tag.startsWith("/")) expect(open.pop()).toBe(tag.slice(1));
      else open.push(tag);
    }
    expect(open).toEqual([]);
  });

  it("fails the audit case with its problems, and says why a stopped run's threshold failed", () => {
    const result = sampleResult({
      thresholds: [{ ...failing, abortedRun: true }],
      audit: { balanced: false, lost: 3, duplicates: 0, problems: ["type direct: 3 lost"] },
    });
    const xml = formatJunit(result);
    expect(xml).toMatch(/tests="3" failures="2"/);
    expect(xml).toContain("it could no longer pass, so the run was stopped");
    expect(xml).toMatch(
      /<failure message="lost 3; generated [^"]*" type="failure">lost 3;[^<]*\ntype direct: 3 lost<\/failure>/,
    );
  });

  it("skips the thresholds a stopped run could not judge, and fails its completion", () => {
    const xml = formatJunit(
      sampleResult({
        stoppedEarly: true,
        totals: { ...sampleResult().totals, pending: 40 },
        thresholds: [{ ...passing, passed: false, partial: true }],
      }),
    );
    expect(xml).toMatch(/tests="1" failures="0" errors="0" skipped="1"/);
    expect(xml).toContain(
      '<skipped message="not judged: the run stopped early (measured 4.200 ms)"/>',
    );
    expect(xml).toContain('<failure message="it stopped early with 40 messages pending"');
  });

  it("escapes what it did not write, and drops what XML cannot hold", () => {
    const result = sampleResult({
      config: { ...sampleResult().config, scenario: `a"<b>&'c\u0001` },
      thresholds: [],
    });
    const xml = formatJunit(result);
    expect(xml).toContain("thresholds (a&quot;&lt;b&gt;&amp;&apos;c)");
    expect(xml).toMatch(
      /<testsuite name="swarm-stress thresholds \([^"]*\)" tests="0" failures="0"/,
    );
  });
});
