import type { RunResult, ThresholdOutcome } from "../result/result.js";
import { formatMetric } from "./metric-value.js";
import { count } from "./numbers.js";

/** One JUnit test case: a name and, when it failed or was not judged, why. */
interface Case {
  readonly name: string;
  readonly failure?: string;
  readonly skipped?: string;
  readonly output?: string;
}

/**
 * The run's verdict as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab,
 * Jenkins) show as test results: one suite with a case per threshold, one with the audit.
 * A pure function of the result.
 */
export function formatJunit(result: RunResult): string {
  const seconds = (result.durationMs / 1000).toFixed(3);
  const suites = [
    suite(`thresholds (${result.config.scenario})`, (result.thresholds ?? []).map(thresholdCase)),
    suite(`audit (${result.config.scenario})`, [auditCase(result), completionCase(result)]),
  ];
  const tests = suites.reduce((sum, s) => sum + s.tests, 0);
  const failures = suites.reduce((sum, s) => sum + s.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="swarm-stress" tests="${tests}" failures="${failures}" time="${seconds}">`,
    ...suites.map((s) =>
      s.xml.replace("{attributes}", `time="${seconds}" timestamp="${xml(result.startedAt)}"`),
    ),
    "</testsuites>",
    "",
  ].join("\n");
}

function thresholdCase(outcome: ThresholdOutcome): Case {
  const measured = `measured ${formatMetric(outcome.value, outcome.unit)}`;
  if (outcome.partial) {
    return { name: outcome.expression, skipped: `not judged: the run stopped early (${measured})` };
  }
  if (outcome.passed) return { name: outcome.expression, output: measured };
  const why = outcome.abortedRun
    ? "it could no longer pass, so the run was stopped"
    : outcome.value === null
      ? "the result has no such value"
      : `the limit is ${outcome.operator} ${formatMetric(outcome.limit, outcome.unit)}`;
  return { name: outcome.expression, failure: `${measured}; ${why}` };
}

function auditCase(result: RunResult): Case {
  const { totals, audit } = result;
  const equation = `generated ${count(totals.generated)} = delivered ${count(totals.delivered)} + dead-lettered ${count(totals.deadLettered)} + pending ${count(totals.pending)}; duplicates ${count(audit.duplicates)}`;
  const name = "every message is accounted for";
  if (audit.balanced) return { name, output: equation };
  return {
    name,
    failure: `lost ${count(audit.lost)}; ${equation}${audit.problems.map((p) => `\n${p}`).join("")}`,
  };
}

function completionCase(result: RunResult): Case {
  const name = "the run went to the end";
  if (!result.stoppedEarly) return { name };
  return {
    name,
    failure: `it stopped early with ${count(result.totals.pending)} messages pending`,
  };
}

function suite(
  name: string,
  cases: readonly Case[],
): { xml: string; tests: number; failures: number } {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const body = cases.map((c) => {
    const open = `    <testcase classname="swarm-stress" name="${xml(c.name)}" time="0"`;
    if (c.failure !== undefined) {
      const message = xml(c.failure.split("\n")[0] ?? "");
      return `${open}>\n      <failure message="${message}" type="failure">${xml(c.failure)}</failure>\n    </testcase>`;
    }
    if (c.skipped !== undefined) {
      return `${open}>\n      <skipped message="${xml(c.skipped)}"/>\n    </testcase>`;
    }
    if (c.output !== undefined) {
      return `${open}>\n      <system-out>${xml(c.output)}</system-out>\n    </testcase>`;
    }
    return `${open}/>`;
  });
  const head = `  <testsuite name="swarm-stress ${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" {attributes}>`;
  return { xml: [head, ...body, "  </testsuite>"].join("\n"), tests: cases.length, failures };
}

/** Escape text for an XML attribute or element, dropping characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
