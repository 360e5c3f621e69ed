import type { ChartSpec, MissingChart } from "./chart-spec.js";
import { escapeHtml } from "./escape.js";
import { isDrawable } from "./line-chart.js";
import { type Markup, markup } from "./markup.js";

/**
 * The place of one chart in the page: a titled box the page's script draws into, or, for a chart
 * that cannot be drawn, the reason in its place.
 */
export function chartFigure(chart: ChartSpec | MissingChart): Markup {
  const title = escapeHtml(chart.title);
  if (!isDrawable(chart)) {
    return markup(
      `<figure class="chart-card missing">\n<h3>${title}</h3>\n<p class="chart-missing">${escapeHtml(chart.reason)}</p>\n</figure>`,
    );
  }
  return markup(
    `<figure class="chart-card">\n<h3>${title}</h3>\n<figcaption>${escapeHtml(chart.caption)}</figcaption>\n<div class="chart" id="${escapeHtml(chart.id)}" role="img" aria-label="${title}"></div>\n</figure>`,
  );
}

/** Charts in a grid: two abreast on a laptop screen, one per row on a narrow one or on paper. */
export function chartGrid(charts: readonly (ChartSpec | MissingChart)[]): Markup {
  return markup(
    `<div class="charts">\n${charts.map((c) => chartFigure(c).html).join("\n")}\n</div>`,
  );
}

/** The charts the page's script will draw (the others are notes). */
export function drawableCharts(charts: readonly (ChartSpec | MissingChart)[]): ChartSpec[] {
  return charts.filter(isDrawable);
}
