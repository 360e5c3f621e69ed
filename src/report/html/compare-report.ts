import type { Comparison } from "../../compare/comparison.js";
import type { RunResult } from "../../result/result.js";
import { latencyCurve } from "../latency-curve.js";
import { chartGrid, drawableCharts } from "./chart-figure.js";
import { type ChartSeries, COLORS } from "./chart-spec.js";
import { compareHeader } from "./compare-header.js";
import { comparisonTable, identityTable } from "./compare-tables.js";
import { footer } from "./footer.js";
import { latencyDistributionChart } from "./latency-charts.js";
import { join } from "./markup.js";
import { renderPage } from "./page.js";
import { card, section } from "./section.js";
import { deliveredPerSecondChart } from "./timeline-charts.js";
import { warningBox } from "./warnings.js";

/** The base dashed and grey, the candidate solid and coloured: told apart in print too. */
function sideSeries(side: "base" | "candidate", scale: string, unit: string): ChartSeries {
  return side === "base"
    ? { label: "base", color: COLORS.base, scale, unit, dashed: true }
    : { label: "candidate", color: COLORS.candidate, scale, unit };
}

/**
 * A comparison of two runs as one self-contained HTML page: its warnings first, both runs'
 * identification, every compared figure with its verdict, and charts overlaying the two runs.
 * `base` and `candidate` are the results the comparison was computed from; they supply what
 * the comparison does not carry (histograms, timelines, environments).
 */
export function renderCompareReport(
  comparison: Comparison,
  base: RunResult,
  candidate: RunResult,
): string {
  const charts = [
    latencyDistributionChart("chart-compare-latency", [
      { curve: latencyCurve(base.histograms.endToEnd), series: sideSeries("base", "ms", " ms") },
      {
        curve: latencyCurve(candidate.histograms.endToEnd),
        series: sideSeries("candidate", "ms", " ms"),
      },
    ]),
    deliveredPerSecondChart("chart-compare-throughput", [
      { timeline: base.timeline, series: sideSeries("base", "rate", "/s") },
      { timeline: candidate.timeline, series: sideSeries("candidate", "rate", "/s") },
    ]),
  ];
  const body = join([
    compareHeader(comparison),
    warningBox(comparison.warnings, "Read before trusting this comparison"),
    section(
      "runs",
      "The two runs",
      card(
        null,
        identityTable(
          { run: comparison.base, result: base },
          { run: comparison.candidate, result: candidate },
        ),
      ),
    ),
    section("figures", "Figures", card(null, comparisonTable(comparison))),
    section("charts", "Both runs overlaid", chartGrid(charts)),
    footer(`Comparison schema ${comparison.schema}.`),
  ]);
  return renderPage({
    title: `swarm-stress comparison: ${comparison.base.label} vs ${comparison.candidate.label}`,
    body,
    charts: drawableCharts(charts),
  });
}
