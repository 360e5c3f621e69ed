import type { BenchSummary } from "../../run/bench-suite.js";
import { benchSummaryPanel } from "./bench-rows.js";
import { escapeHtml } from "./escape.js";
import { footer } from "./footer.js";
import { join, markup } from "./markup.js";
import { renderPage } from "./page.js";
import { card, section } from "./section.js";

/**
 * A benchmark suite's summary as one self-contained HTML page: every row's key figures and how
 * the suite ran. A pure function of the summary (`summary.json`); each row's full report is
 * `swarm-stress report` of its result file.
 */
export function renderBenchReport(summary: BenchSummary): string {
  const balanced = summary.rows.every((row) => row.auditBalanced);
  const passed = balanced && !summary.stoppedEarly;
  const verdict = !balanced
    ? "An audit failed: see the marked row's result file."
    : summary.stoppedEarly
      ? "Stopped early: the figures are partial."
      : "Every row ran to its end with a balanced audit.";
  const body = join([
    markup(
      `<header class="run-header" data-verdict="${passed ? "pass" : "fail"}">\n<h1>Bench: ${summary.rows.length} ${summary.rows.length === 1 ? "row" : "rows"}</h1>\n<p class="verdict">${escapeHtml(verdict)}</p>\n</header>`,
    ),
    section("rows", "Rows", card(null, benchSummaryPanel(summary))),
    footer(
      `Run by swarm-stress ${summary.environment.swarmStress} from ${summary.startedAt} to ${summary.finishedAt}; summary schema ${summary.schema}.`,
    ),
  ]);
  return renderPage({
    title: `swarm-stress bench (${summary.startedAt})`,
    body,
    charts: [],
  });
}
