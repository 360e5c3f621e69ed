// dist/report/html/escape.js
var HTML_ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;"
};
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
var SCRIPT_JSON_ESCAPES = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029"
};
function jsonForScript(value) {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => SCRIPT_JSON_ESCAPES[char] ?? char);
}
function inlineScript(code) {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}
function inlineStyle(css) {
  return css.replace(/<\/(style)/gi, "<\\/$1");
}

// dist/report/html/overlay.js
function overlay(lines) {
  const x = [...new Set(lines.flatMap((line) => line.x))].sort((a, b) => a - b);
  const position = new Map(x.map((value, index) => [value, index]));
  const xLabels = x.map(() => null);
  const ys = lines.map((line) => {
    const y = x.map(() => null);
    line.x.forEach((value, index) => {
      const at = position.get(value);
      y[at] = line.y[index] ?? null;
      const label = line.xLabels?.[index];
      if (label != null && xLabels[at] == null)
        xLabels[at] = label;
    });
    return y;
  });
  return { x, ys, xLabels };
}

// dist/report/html/line-chart.js
function lineChart(definition) {
  const { x, ys, xLabels } = overlay(definition.lines);
  const { title } = definition;
  const mostValues = Math.max(0, ...ys.map((y) => y.filter((value) => value !== null).length));
  if (mostValues === 0 && x.length >= 2)
    return { title, reason: definition.empty };
  if (mostValues < 2)
    return { title, reason: definition.tooShort };
  return {
    id: definition.id,
    title,
    caption: definition.caption,
    x: definition.x,
    xLabel: definition.xLabel,
    axes: definition.axes,
    series: definition.lines.map((line) => line.series),
    data: [x, ...ys],
    ...xLabels.some((label) => label !== null) ? { xLabels } : {}
  };
}
function isDrawable(chart) {
  return "id" in chart;
}

// dist/report/html/markup.js
function markup(html) {
  return { html };
}
function toHtml(content) {
  return typeof content === "string" ? escapeHtml(content) : content.html;
}
function join(contents, separator = "") {
  return markup(contents.map(toHtml).join(separator));
}
function element(tag, className, content) {
  const classes = className === "" ? "" : ` class="${escapeHtml(className)}"`;
  return markup(`<${tag}${classes}>${toHtml(content)}</${tag}>`);
}

// dist/report/html/chart-figure.js
function chartFigure(chart) {
  const title = escapeHtml(chart.title);
  if (!isDrawable(chart)) {
    return markup(`<figure class="chart-card missing">
<h3>${title}</h3>
<p class="chart-missing">${escapeHtml(chart.reason)}</p>
</figure>`);
  }
  return markup(`<figure class="chart-card">
<h3>${title}</h3>
<figcaption>${escapeHtml(chart.caption)}</figcaption>
<div class="chart" id="${escapeHtml(chart.id)}" role="img" aria-label="${title}"></div>
</figure>`);
}
function chartGrid(charts) {
  return markup(`<div class="charts">
${charts.map((c) => chartFigure(c).html).join("\n")}
</div>`);
}
function drawableCharts(charts) {
  return charts.filter(isDrawable);
}

// dist/report/html/chart-spec.js
var COLORS = {
  delivered: "#2563eb",
  failed: "#dc2626",
  offered: "#64748b",
  sent: "#0d9488",
  knee: "#111827",
  p50: "#16a34a",
  p95: "#d97706",
  p99: "#dc2626",
  depth: "#7c3aed",
  rss: "#0891b2",
  cpu: "#db2777",
  curve: "#2563eb",
  base: "#64748b",
  candidate: "#2563eb"
};

// dist/report/html/table.js
function rowParts(row) {
  return "cells" in row ? row : { cells: row, className: "" };
}
function dataTable(columns2, rows, className = "") {
  const cellClass = (index) => columns2[index]?.numeric ? ' class="num"' : "";
  const head = columns2.map((column, index) => `<th scope="col"${cellClass(index)}>${escapeHtml(column.header)}</th>`).join("");
  const body = rows.map((row) => {
    const { cells, className: rowClass } = rowParts(row);
    const classes2 = rowClass === "" ? "" : ` class="${escapeHtml(rowClass)}"`;
    const tds = cells.map((cell, index) => `<td${cellClass(index)}>${toHtml(cell)}</td>`);
    return `<tr${classes2}>${tds.join("")}</tr>`;
  }).join("\n");
  const classes = className === "" ? "data" : `data ${escapeHtml(className)}`;
  return markup(`<table class="${classes}"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>`);
}
function keyValueTable(rows) {
  const body = rows.map(([key, value]) => `<tr><th scope="row">${toHtml(key)}</th><td>${toHtml(value)}</td></tr>`).join("\n");
  return markup(`<table class="data key-values"><tbody>
${body}
</tbody></table>`);
}

// dist/report/html/footer.js
function footer(source) {
  return markup(`<footer>${escapeHtml(source)} A self-contained page: it loads nothing from the network.</footer>`);
}

// dist/report/html/section.js
function section(id, title, body, className = "") {
  const classes = className === "" ? "" : ` class="${escapeHtml(className)}"`;
  return markup(`<section id="${escapeHtml(id)}"${classes}>
<h2>${toHtml(title)}</h2>
${toHtml(body)}
</section>`);
}
function card(title, body) {
  const heading = title === null ? "" : `<h3>${toHtml(title)}</h3>
`;
  return markup(`<div class="card">
${heading}${toHtml(body)}
</div>`);
}
function columns(blocks) {
  return markup(`<div class="columns">
${blocks.map(toHtml).join("\n")}
</div>`);
}
function note(text) {
  return markup(`<p class="note">${toHtml(text)}</p>`);
}

// dist/report/html/assets.js
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
var cached;
function chartLibrary() {
  if (!cached) {
    const require2 = createRequire(import.meta.url);
    const read = (file) => readFileSync(require2.resolve(`uplot/dist/${file}`), "utf8");
    cached = {
      script: inlineScript(read("uPlot.iife.min.js")),
      css: inlineStyle(read("uPlot.min.css"))
    };
  }
  return cached;
}

// dist/report/html/chart-client.js
var PRINT_CHART_WIDTH_PX = 660;
var CHART_HEIGHT_PX = 240;
var REPORT_DATA_ID = "report-data";
var CHART_CLIENT_SCRIPT = `
(function () {
  "use strict";
  var PRINT_WIDTH = ${PRINT_CHART_WIDTH_PX};
  var HEIGHT = ${CHART_HEIGHT_PX};
  var report = JSON.parse(document.getElementById("${REPORT_DATA_ID}").textContent);
  var plots = [];

  function number(v) {
    var a = Math.abs(v);
    if (a === 0) return "0";
    if (a < 1) return v.toFixed(3);
    if (a < 10) return v.toFixed(2);
    if (a < 100) return v.toFixed(1);
    return Math.round(v).toLocaleString("en-US");
  }

  function tick(v) {
    return Number(v.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 6 });
  }

  function percentileAt(nines, decimals) {
    return Number((100 * (1 - Math.pow(10, -nines))).toFixed(decimals)) + "%";
  }

  function yRange(u, min, max) {
    return [0, max > 0 ? max * 1.08 : 1];
  }

  function xAxis(spec) {
    var axis = { label: spec.xLabel, stroke: "#374151", grid: { stroke: "#e5e7eb" } };
    if (spec.x === "nines") {
      axis.splits = function (u, i, min, max) {
        var out = [];
        for (var n = Math.ceil(min); n <= Math.floor(max); n++) out.push(n);
        return out;
      };
      axis.values = function (u, splits) {
        return splits.map(function (n) { return percentileAt(n, Math.max(0, n - 2)); });
      };
    } else {
      var unit = spec.x === "rate" ? "/s" : " s";
      axis.values = function (u, splits) {
        return splits.map(function (s) { return tick(s) + unit; });
      };
    }
    return axis;
  }

  function xSeries(spec) {
    return {
      label: spec.xLabel,
      value: function (u, v, s, i) {
        if (v == null) return "-";
        var own = spec.xLabels && i != null ? spec.xLabels[i] : null;
        if (own) return own;
        if (spec.x === "nines") return percentileAt(v, 3);
        return spec.x === "rate" ? v.toFixed(1) + "/s" : v.toFixed(1) + " s";
      }
    };
  }

  function options(spec, width) {
    var scales = { x: { time: false } };
    // Time starts at 0 even though the first point closes the first second.
    if (spec.x === "seconds") scales.x.range = function (u, min, max) { return [0, max]; };
    var axes = [xAxis(spec)];
    spec.axes.forEach(function (a) {
      scales[a.scale] = { range: yRange };
      axes.push({
        scale: a.scale,
        side: a.side === "right" ? 1 : 3,
        label: a.label,
        size: 64,
        stroke: "#374151",
        grid: { show: a.side !== "right", stroke: "#e5e7eb" },
        values: function (u, splits) { return splits.map(tick); }
      });
    });
    var series = [xSeries(spec)].concat(spec.series.map(function (s) {
      return {
        label: s.label,
        scale: s.scale,
        stroke: s.color,
        width: 2,
        dash: s.dashed ? [7, 4] : undefined,
        spanGaps: true,
        value: function (u, v) { return v == null ? "-" : number(v) + s.unit; }
      };
    }));
    return { width: width, height: HEIGHT, scales: scales, axes: axes, series: series };
  }

  function widthOf(element) {
    return Math.max(element.clientWidth, 240);
  }

  report.charts.forEach(function (spec) {
    var element = document.getElementById(spec.id);
    try {
      plots.push({
        element: element,
        plot: new uPlot(options(spec, widthOf(element)), spec.data, element)
      });
    } catch (error) {
      element.textContent = "This chart could not be drawn: " + error;
      console.error(error);
    }
  });

  function fit(width) {
    plots.forEach(function (p) {
      p.plot.setSize({ width: width || widthOf(p.element), height: HEIGHT });
    });
  }

  var frame = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(function () { fit(); });
  });
  window.addEventListener("beforeprint", function () { fit(PRINT_WIDTH); });
  window.addEventListener("afterprint", function () { fit(); });
  window.matchMedia("print").addEventListener("change", function (event) {
    fit(event.matches ? PRINT_WIDTH : 0);
  });
  document.body.setAttribute("data-charts-drawn", String(plots.length));
})();
`;

// dist/report/html/styles.js
var PAGE_CSS = `
:root {
  --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --card: #ffffff; --page: #f3f4f6;
  --pass: #15803d; --pass-bg: #f0fdf4; --fail: #b91c1c; --fail-bg: #fef2f2;
  --warn: #b45309; --warn-bg: #fffbeb; --same: #4b5563; --same-bg: #f3f4f6;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 24px; margin: 2px 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 0 0 4px; }
section { margin-top: 24px; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; color: var(--muted); }
.meta { color: var(--muted); overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
.card, .report-head {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px;
}
.card { overflow-x: auto; }
.report-head { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 6px 24px; }
.report-head > .wide { grid-column: 1 / -1; }
.verdict { text-align: right; max-width: 45ch; overflow-wrap: anywhere; }
.badge {
  display: inline-block; font-weight: 700; border: 2px solid; border-radius: 8px;
  padding: 4px 12px; white-space: nowrap;
}
.badge.big { font-size: 20px; padding: 6px 18px; }
.badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.fail { color: var(--fail); background: var(--fail-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); font-size: 12px; margin-top: 6px; }
.reasons { margin: 6px 0 0; padding: 0; list-style: none; font-size: 12px; color: var(--fail); }
.figures {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(128px, 1fr)); gap: 8px;
  margin-top: 10px;
}
.figure { background: #f9fafb; border: 1px solid var(--line); border-radius: 8px; padding: 7px 12px; }
.figure .value { display: block; font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figure .label { display: block; font-size: 12px; color: var(--muted); }
.status-line { margin: 10px 0 0; overflow-wrap: anywhere; }
.status-line ul { margin: 4px 0 0 18px; padding: 0; }
.ok { color: var(--pass); font-weight: 700; }
.bad { color: var(--fail); font-weight: 700; }
.warnings {
  border: 1px solid #fcd34d; border-left: 5px solid var(--warn); background: var(--warn-bg);
  border-radius: 8px; padding: 10px 16px; margin-top: 16px;
}
.warnings h2 { color: var(--warn); font-size: 15px; margin: 0 0 4px; }
.warnings ul { margin: 0; padding-left: 18px; }
.warnings li { overflow-wrap: anywhere; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
.columns { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; align-items: start; }
@media (max-width: 900px) { .charts, .columns { grid-template-columns: minmax(0, 1fr); } }
.chart-card {
  margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 12px 14px; min-width: 0;
}
.chart-card figcaption { color: var(--muted); font-size: 12px; margin-bottom: 8px; }
.chart { overflow: hidden; min-width: 0; }
.chart-missing {
  display: flex; align-items: center; justify-content: center; text-align: center;
  min-height: 110px; margin: 6px 0 0; padding: 12px; color: var(--muted); font-style: italic;
  border: 1px dashed #d1d5db; border-radius: 8px;
}
.uplot { font-family: inherit; }
.uplot .u-legend { font-size: 12px; }
table.data {
  border-collapse: collapse; width: 100%; background: var(--card);
  font-variant-numeric: tabular-nums;
}
table.data th, table.data td {
  padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top;
  overflow-wrap: break-word;
}
table.data thead th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
table.data .num { text-align: right; white-space: nowrap; }
table.data tbody tr:nth-child(even) { background: #fafafa; }
table.key-values th { color: var(--muted); font-weight: 400; width: 42%; }
.card > table.data { margin-top: 4px; }
.mark { font-weight: 700; white-space: nowrap; }
.mark.better, .mark.pass { color: var(--pass); }
.mark.worse, .mark.fail { color: var(--fail); }
.mark.same { color: var(--same); }
.mark.na { color: var(--muted); }
tr.worse { background: var(--fail-bg) !important; }
tr.better { background: var(--pass-bg) !important; }
table.data .sub { display: block; color: var(--muted); font-size: 11px; }
table.comparison td:first-child { min-width: 220px; }
table.identity td:first-child { color: var(--muted); white-space: nowrap; width: 14%; }
table.identity td { width: 43%; }
tr.differs td { background: var(--warn-bg); }
.differs-mark { color: var(--warn); font-weight: 700; font-size: 11px; }
.counts .count { display: inline-block; margin-right: 18px; font-size: 15px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media print {
  @page { margin: 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #ffffff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  .card, .report-head, .chart-card { border-color: #d1d5db; }
  .charts, .columns { display: block; }
  .chart-card, .card { margin-bottom: 10px; }
  .chart-card { width: ${PRINT_CHART_WIDTH_PX + 30}px; break-inside: avoid; page-break-inside: avoid; }
  .chart { width: ${PRINT_CHART_WIDTH_PX}px; }
  .figure, .report-head, .warnings, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .u-cursor-x, .u-cursor-y, .u-cursor-pt, .u-select { display: none !important; }
  /* On paper the legend names the lines; the hover values would all read "-". */
  .u-legend .u-series:first-child, .u-legend .u-value { display: none; }
}
`;

// dist/report/html/page.js
var CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
function renderPage(content) {
  const library = chartLibrary();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(content.title)}</title>
<link rel="icon" href="data:,">
<style>${library.css}</style>
<style>${PAGE_CSS}</style>
</head>
<body data-charts="${content.charts.length}">
<main>
${content.body.html}
</main>
<script type="application/json" id="${REPORT_DATA_ID}">${jsonForScript({ charts: content.charts })}</script>
<script>${library.script}</script>
<script>${inlineScript(CHART_CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}

// dist/report/html/warnings.js
function warningBox(warnings, title = "Warnings") {
  if (warnings.length === 0)
    return markup("");
  const items = warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join("\n");
  return markup(`<aside class="warnings" id="warnings" role="note">
<h2>\u26A0 ${escapeHtml(title)} (${warnings.length})</h2>
<ul>
${items}
</ul>
</aside>`);
}

export {
  escapeHtml,
  lineChart,
  markup,
  join,
  element,
  chartFigure,
  chartGrid,
  drawableCharts,
  COLORS,
  dataTable,
  keyValueTable,
  footer,
  section,
  card,
  columns,
  note,
  renderPage,
  warningBox
};
