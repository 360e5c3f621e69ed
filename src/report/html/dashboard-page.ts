import {
  DASHBOARD_CLIENT_SCRIPT,
  LIVE_CHAOS_ID,
  LIVE_REPORT_ID,
  LIVE_STATUS_ID,
  LIVE_THRESHOLDS_ID,
} from "./dashboard-client.js";
import { escapeHtml } from "./escape.js";
import { join, type Markup, markup } from "./markup.js";
import { renderPage } from "./page.js";
import { card, columns, section } from "./section.js";
import { timelineChartsById } from "./timeline-charts.js";

/**
 * The live dashboard's page, before any data: a place for each chart of the run report's "Over
 * time" section and for the thresholds and chaos tables, which the page's script fills from
 * the event stream (dashboard-client.ts). Self-contained like a report: it loads nothing but the
 * stream from the server that served it.
 */
export function renderDashboardPage(title: string): string {
  const body = join([
    markup(`<header class="report-head">
<div>
<div class="eyebrow">swarm-stress live dashboard</div>
<h1>${escapeHtml(title)}</h1>
<div class="meta" id="${LIVE_STATUS_ID}" data-state="waiting">Waiting for the run's first second.</div>
</div>
<div class="verdict" id="${LIVE_REPORT_ID}"></div>
</header>`),
    section("over-time", "Over time", chartPlaces()),
    section(
      "thresholds-and-chaos",
      "Thresholds and chaos",
      columns([
        card("Thresholds", markup(`<div id="${LIVE_THRESHOLDS_ID}"></div>`)),
        card("Chaos events", markup(`<div id="${LIVE_CHAOS_ID}"></div>`)),
      ]),
    ),
  ]);
  return renderPage({
    title: `swarm-stress live: ${title}`,
    body,
    charts: [],
    liveScript: DASHBOARD_CLIENT_SCRIPT,
  });
}

/** A titled box per timeline chart, saying why it is not drawn until it can be. */
function chartPlaces(): Markup {
  const figures = timelineChartsById([]).map(({ id, chart }) => {
    const title = escapeHtml(chart.title);
    const reason = "reason" in chart ? chart.reason : "";
    return `<figure class="chart-card">\n<h3>${title}</h3>\n<figcaption id="${escapeHtml(id)}-caption"></figcaption>\n<div class="chart" id="${escapeHtml(id)}" role="img" aria-label="${title}"><p class="chart-missing">${escapeHtml(reason)}</p></div>\n</figure>`;
  });
  return markup(`<div class="charts">\n${figures.join("\n")}\n</div>`);
}
