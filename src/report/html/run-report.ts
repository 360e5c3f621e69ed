import type { RunResult } from "../../result/result.js";
import { latencyCurve } from "../latency-curve.js";
import { chartFigure, chartGrid, drawableCharts } from "./chart-figure.js";
import { COLORS } from "./chart-spec.js";
import { configTables } from "./config-table.js";
import { footer } from "./footer.js";
import { agentTable, typeTable } from "./group-tables.js";
import { latencyDistributionChart } from "./latency-charts.js";
import { join, type Markup } from "./markup.js";
import { renderPage } from "./page.js";
import { runHeader } from "./run-header.js";
import {
  chaosTable,
  connectionTable,
  deadLetterTables,
  harnessTable,
  latencyTable,
  loadTable,
  resourceTable,
  thresholdTable,
} from "./run-tables.js";
import { card, columns, note, section } from "./section.js";
import { timelineCharts } from "./timeline-charts.js";
import { warningBox } from "./warnings.js";
import { workerTable } from "./worker-table.js";

/**
 * A run's result as one self-contained HTML page: verdict, charts over time, the latency
 * distribution, the tables of the console summary and the configuration. A pure function of the
 * result, so a saved result renders exactly as the live run would have.
 */
export function renderRunReport(result: RunResult): string {
  const overTime = timelineCharts(result);
  const distribution = latencyDistributionChart("chart-latency-distribution", [
    {
      curve: latencyCurve(result.histograms.endToEnd),
      series: { label: "end-to-end", color: COLORS.curve, scale: "ms", unit: " ms" },
    },
  ]);
  const body = join([
    runHeader(result),
    warningBox(result.warnings),
    section("over-time", "Over time", chartGrid(overTime)),
    section(
      "latency",
      "Latency",
      columns([chartFigure(distribution), card("Percentiles", latencyTable(result))]),
    ),
    section(
      "thresholds-and-chaos",
      "Thresholds and chaos",
      columns([
        card("Thresholds", thresholdTable(result)),
        card("Chaos events", chaosTable(result)),
      ]),
    ),
    ...optionalSection("load", "Open load", loadTable(result)),
    section("by-type", "By message type", card(null, typeTable(result) ?? note("No messages."))),
    section(
      "by-agent",
      "By agent (as sender; received as recipient)",
      card(null, agentTable(result) ?? note("No agents.")),
    ),
    ...optionalSection("workers", "Workers", workerTable(result)),
    ...optionalSection("connections", "Connections", connectionTable(result)),
    section("dead-letters", "Dead letters", card(null, deadLetterTables(result))),
    section(
      "resources",
      "Resources and harness",
      columns([
        card("Resources and queue", resourceTable(result)),
        card("Harness time", harnessTable(result)),
      ]),
    ),
    section(
      "configuration",
      "Resolved configuration",
      columns(configTables(result.config).map((table) => card(null, table))),
    ),
    footer(
      `Run by swarm-stress ${result.environment.swarmStress}; result schema ${result.schema}.`,
    ),
  ]);
  return renderPage({
    title: `swarm-stress run: ${result.config.scenario} (${result.startedAt})`,
    body,
    charts: drawableCharts([...overTime, distribution]),
  });
}

/** A section that only some runs have: none when there is nothing to show. */
function optionalSection(id: string, title: string, content: Markup | undefined): Markup[] {
  return content === undefined ? [] : [section(id, title, card(null, content))];
}
