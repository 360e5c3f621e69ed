import { byRateChartsById } from "./capacity-report.js";
import type { PlacedChart } from "./chart-spec.js";
import {
  DASHBOARD_CLIENT_SCRIPT,
  LIVE_CHAOS_ID,
  LIVE_NOTICES_ID,
  LIVE_REPORT_ID,
  LIVE_ROWS_ID,
  LIVE_STATUS_ID,
  LIVE_STEPS_ID,
  LIVE_THRESHOLDS_ID,
  LIVE_WORKERS_ID,
} from "./dashboard-client.js";
import { escapeHtml } from "./escape.js";
import { join, type Markup, markup } from "./markup.js";
import { renderPage } from "./page.js";
import { card, columns, note, section } from "./section.js";
import { timelineChartsById } from "./timeline-charts.js";

/**
 * What a dashboard watches: one run, a capacity search's steps one after another, or a
 * benchmark suite's rows one after another.
 */
export type DashboardKind = "run" | "capacity" | "bench";

/** What a dashboard's page has room for beyond what its kind always shows. */
export interface DashboardPageOptions {
  /** A distributed run's list of workers. */
  readonly workers?: boolean;
}

/** How each kind names the run under way, and what it is called in the eyebrow. */
const KIND_WORDS: Readonly<
  Record<DashboardKind, { overTime: string; slo: string; eyebrow: string }>
> = {
  run: { overTime: "Over time", slo: "Thresholds and chaos", eyebrow: "" },
  capacity: {
    overTime: "The step under way",
    slo: "The step's SLO and chaos",
    eyebrow: ": capacity search",
  },
  bench: {
    overTime: "The row under way",
    slo: "The row's thresholds and chaos",
    eyebrow: ": bench suite",
  },
};

/**
 * The live dashboard's page, before any data: a place for each chart of the run report's "Over
 * time" section and for the thresholds and chaos tables (for a search, those of the step under
 * way, and above them the charts against the offered rate and the steps so far, as in the
 * capacity report; for a suite, the table of the rows finished so far above the row under way),
 * which the page's script fills from the event stream (dashboard-client.ts). Self-contained
 * like a report: it loads nothing but the stream from the server that served it.
 */
export function renderDashboardPage(
  title: string,
  kind: DashboardKind = "run",
  options: DashboardPageOptions = {},
): string {
  const words = KIND_WORDS[kind];
  const run = [
    section("over-time", words.overTime, chartPlaces(timelineChartsById([]))),
    section(
      "thresholds-and-chaos",
      words.slo,
      columns([
        card("Thresholds", markup(`<div id="${LIVE_THRESHOLDS_ID}"></div>`)),
        card("Chaos events", markup(`<div id="${LIVE_CHAOS_ID}"></div>`)),
      ]),
    ),
  ];
  if (options.workers === true) {
    const workers = markup(
      `<div id="${LIVE_WORKERS_ID}">${note("No worker has joined yet.").html}</div>`,
    );
    run.push(section("workers", "Workers", card(null, workers)));
  }
  if (kind === "run") {
    // What the command tells a person on stderr: a distributed run's id, a worker lost.
    const notices = markup(`<div id="${LIVE_NOTICES_ID}">${note("None so far.").html}</div>`);
    run.push(section("notices", "Notices", card(null, notices)));
  }
  const above = sectionsAbove(kind);
  const body = join([
    markup(`<header class="report-head">
<div>
<div class="eyebrow">swarm-stress live dashboard${words.eyebrow}</div>
<h1>${escapeHtml(title)}</h1>
<div class="meta" id="${LIVE_STATUS_ID}" data-state="waiting">Waiting for the run's first second.</div>
</div>
<div class="verdict" id="${LIVE_REPORT_ID}"></div>
</header>`),
    ...above,
    ...run,
  ]);
  return renderPage({
    title: `swarm-stress live: ${title}`,
    body,
    charts: [],
    liveScript: DASHBOARD_CLIENT_SCRIPT,
  });
}

/** What goes above the run under way: a search's steps so far, a suite's rows so far. */
function sectionsAbove(kind: DashboardKind): Markup[] {
  const box = (id: string, empty: string): Markup =>
    card(null, markup(`<div id="${id}">${note(empty).html}</div>`));
  if (kind === "bench") {
    return [section("rows", "Rows so far", box(LIVE_ROWS_ID, "No row has finished yet."))];
  }
  if (kind === "capacity") {
    return [
      section("by-rate", "Against the offered rate", chartPlaces(byRateChartsById([]))),
      section("steps", "Steps so far", box(LIVE_STEPS_ID, "No step has ended yet.")),
    ];
  }
  return [];
}

/** A titled box per chart, saying why it is not drawn until it can be. */
function chartPlaces(charts: readonly PlacedChart[]): Markup {
  const figures = charts.map(({ id, chart }) => {
    const title = escapeHtml(chart.title);
    const reason = "reason" in chart ? chart.reason : "";
    return `<figure class="chart-card">\n<h3>${title}</h3>\n<figcaption id="${escapeHtml(id)}-caption"></figcaption>\n<div class="chart" id="${escapeHtml(id)}" role="img" aria-label="${title}"><p class="chart-missing">${escapeHtml(reason)}</p></div>\n</figure>`;
  });
  return markup(`<div class="charts">\n${figures.join("\n")}\n</div>`);
}
