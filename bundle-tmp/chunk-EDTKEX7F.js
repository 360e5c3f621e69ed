import {
  painter,
  table
} from "./chunk-BYJNKJCJ.js";
import {
  safeForTerminal
} from "./chunk-SQPFNCAQ.js";
import {
  ms,
  percent,
  rate
} from "./chunk-DDCKLXIA.js";
import {
  formatRate
} from "./chunk-NVC7T5PM.js";
import {
  formatDuration
} from "./chunk-W6F7X4K4.js";

// dist/report/capacity-table.js
function outcomeLine(outcome) {
  const { sustainedRate: found, range, firstFailingRate: failing } = outcome;
  const above = failing === null ? "" : `; ${formatRate(failing)} did not hold`;
  switch (outcome.verdict) {
    case "found":
      return `${formatRate(found ?? 0)} sustained, confirmed by a longer hold${above}`;
    case "unconfirmed": {
      const [low, high] = range ?? [0, 0];
      return `between ${formatRate(low)} and ${formatRate(high)}: ${formatRate(high)} held in the search but not when held longer`;
    }
    case "at maximum":
      return `${formatRate(found ?? 0)} sustained: the highest rate allowed (--max-rate) held`;
    case "none sustained":
      return `no rate held, down to ${formatRate(failing ?? 0)}`;
    case "harness-limited":
      return `the harness could not offer more${found === null ? "" : `; ${formatRate(found)} held`}: the limit found is swarm-stress's, not the pipeline's`;
    case "stopped":
      return `stopped before the end${found === null ? "" : `; ${formatRate(found)} held so far (unconfirmed)`}`;
  }
}
var STEP_FIGURES = [
  "rate/s",
  "sent/s",
  "settled/s",
  "p50 ms",
  "p99 ms",
  "max ms",
  "uncorr. p99 ms",
  "send lag p99 ms",
  "backlog/s",
  "success"
];
function stepFigures(step) {
  return [
    rate(step.rate),
    rate(step.sentPerSec),
    rate(step.settledPerSec),
    ms(step.endToEnd.p50),
    ms(step.endToEnd.p99),
    ms(step.endToEnd.max),
    step.endToEndUncorrected ? ms(step.endToEndUncorrected.p99) : "-",
    ms(step.sendLagP99Ms),
    `${step.depthSlopePerSec >= 0 ? "+" : ""}${step.depthSlopePerSec.toFixed(1)}`,
    percent(step.successRate)
  ];
}
function stepLine(step, index) {
  const why = step.reasons.length > 0 ? ` (${step.reasons.join("; ")})` : "";
  return `step ${index + 1}, ${step.phase}, ${formatRate(step.rate)} for ${formatDuration(step.durationMs)}: ${step.verdict}, p99 ${ms(step.endToEnd.p99)} ms${why}`;
}
function formatCapacity(doc, options = {}) {
  const paint = painter(options.color ?? false);
  const verdictColor = (verdict) => verdict === "sustained" ? "green" : verdict === "not sustained" ? "red" : "yellow";
  const rows = doc.steps.map((step) => [
    step.phase,
    ...stepFigures(step),
    paint(verdictColor(step.verdict), step.verdict)
  ]);
  const headers = ["phase", ...STEP_FIGURES, "verdict"];
  const slo = doc.search.slo.length > 0 ? doc.search.slo.join(", ") : "none (keeping up only)";
  const lines = [
    `${paint("bold", "Capacity:")} ${outcomeLine(doc.outcome)}`,
    `  SLO: ${slo}; resolution ${(doc.search.resolution * 100).toFixed(1)}%; ${doc.steps.length} steps in ${formatDuration(doc.durationMs)}`,
    ...minRateLine(doc, paint),
    "",
    table(headers, rows, ["l", ...headers.slice(1, -1).map(() => "r"), "l"]),
    ...doc.warnings.length > 0 ? ["", ...doc.warnings.map((w) => `  ! ${w}`)] : []
  ];
  return safeForTerminal(`${lines.join("\n")}
`);
}
function minRateLine(doc, paint) {
  const min = doc.search.minRate;
  if (min === void 0)
    return [];
  return doc.minRatePassed ? [`  --min-rate ${formatRate(min)}: ${paint("green", "PASS")}`] : [`  --min-rate ${formatRate(min)}: ${paint("red", "FAIL")}`];
}

export {
  outcomeLine,
  STEP_FIGURES,
  stepFigures,
  stepLine,
  formatCapacity
};
