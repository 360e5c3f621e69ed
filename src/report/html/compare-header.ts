import type { Comparison } from "../../compare/comparison.js";
import { plainPercent } from "../numbers.js";
import { escapeHtml } from "./escape.js";
import { type Markup, markup } from "./markup.js";
import { VERDICT_ORDER, verdictMark } from "./verdict-marks.js";

function headline(comparison: Comparison): string {
  const worse = comparison.summary.worse;
  if (worse > 0) {
    return `<span class="badge big fail">▼ ${worse} worse</span>`;
  }
  return '<span class="badge big pass">✓ nothing worse</span>';
}

/** The top of the comparison: which runs, the tolerance, and how many figures moved which way. */
export function compareHeader(comparison: Comparison): Markup {
  const { base, candidate, summary } = comparison;
  const title =
    base.scenario === candidate.scenario
      ? base.scenario
      : `${base.scenario} → ${candidate.scenario}`;
  const counts = VERDICT_ORDER.map(
    (verdict) => `<span class="count">${verdictMark(verdict).html} ${summary[verdict] ?? 0}</span>`,
  ).join(" ");
  const tolerance = plainPercent(comparison.tolerance);
  return markup(`<header class="report-head">
<div>
<div class="eyebrow">swarm-stress comparison</div>
<h1>${escapeHtml(title)}</h1>
<div class="meta">base <strong>${escapeHtml(base.label)}</strong> (${escapeHtml(base.startedAt)}) against candidate <strong>${escapeHtml(candidate.label)}</strong> (${escapeHtml(candidate.startedAt)})</div>
<div class="meta">A change within ±${escapeHtml(tolerance)} counts as the same (for success rates, a change of the share that failed).</div>
</div>
<div class="verdict" data-worse="${summary.worse ?? 0}">${headline(comparison)}</div>
<p class="wide status-line counts">${counts}</p>
</header>`);
}
