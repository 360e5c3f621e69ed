import {
  formatMetric
} from "./chunk-ASG4BG2V.js";
import {
  count
} from "./chunk-DDCKLXIA.js";
import "./chunk-WFQQAGZ5.js";

// dist/report/junit.js
function formatJunit(result) {
  const seconds = (result.durationMs / 1e3).toFixed(3);
  const suites = [
    suite(`thresholds (${result.config.scenario})`, (result.thresholds ?? []).map(thresholdCase)),
    suite(`audit (${result.config.scenario})`, [auditCase(result), completionCase(result)])
  ];
  const tests = suites.reduce((sum, s) => sum + s.tests, 0);
  const failures = suites.reduce((sum, s) => sum + s.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="swarm-stress" tests="${tests}" failures="${failures}" time="${seconds}">`,
    ...suites.map((s) => s.xml.replace("{attributes}", `time="${seconds}" timestamp="${xml(result.startedAt)}"`)),
    "</testsuites>",
    ""
  ].join("\n");
}
function thresholdCase(outcome) {
  const measured = `measured ${formatMetric(outcome.value, outcome.unit)}`;
  if (outcome.partial) {
    return { name: outcome.expression, skipped: `not judged: the run stopped early (${measured})` };
  }
  if (outcome.passed)
    return { name: outcome.expression, output: measured };
  const why = outcome.abortedRun ? "it could no longer pass, so the run was stopped" : outcome.value === null ? "the result has no such value" : `the limit is ${outcome.operator} ${formatMetric(outcome.limit, outcome.unit)}`;
  return { name: outcome.expression, failure: `${measured}; ${why}` };
}
function auditCase(result) {
  const { totals, audit } = result;
  const equation = `generated ${count(totals.generated)} = delivered ${count(totals.delivered)} + dead-lettered ${count(totals.deadLettered)} + pending ${count(totals.pending)}; duplicates ${count(audit.duplicates)}`;
  const name = "every message is accounted for";
  if (audit.balanced)
    return { name, output: equation };
  return {
    name,
    failure: `lost ${count(audit.lost)}; ${equation}${audit.problems.map((p) => `
${p}`).join("")}`
  };
}
function completionCase(result) {
  const name = "the run went to the end";
  if (!result.stoppedEarly)
    return { name };
  return {
    name,
    failure: `it stopped early with ${count(result.totals.pending)} messages pending`
  };
}
function suite(name, cases) {
  const failures = cases.filter((c) => c.failure !== void 0).length;
  const skipped = cases.filter((c) => c.skipped !== void 0).length;
  const body = cases.map((c) => {
    const open = `    <testcase classname="swarm-stress" name="${xml(c.name)}" time="0"`;
    if (c.failure !== void 0) {
      const message = xml(c.failure.split("\n")[0] ?? "");
      return `${open}>
      <failure message="${message}" type="failure">${xml(c.failure)}</failure>
    </testcase>`;
    }
    if (c.skipped !== void 0) {
      return `${open}>
      <skipped message="${xml(c.skipped)}"/>
    </testcase>`;
    }
    if (c.output !== void 0) {
      return `${open}>
      <system-out>${xml(c.output)}</system-out>
    </testcase>`;
    }
    return `${open}/>`;
  });
  const head = `  <testsuite name="swarm-stress ${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" {attributes}>`;
  return { xml: [head, ...body, "  </testsuite>"].join("\n"), tests: cases.length, failures };
}
function xml(text) {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
export {
  formatJunit
};
