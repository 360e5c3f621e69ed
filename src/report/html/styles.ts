import { PRINT_CHART_WIDTH_PX } from "./chart-client.js";

/**
 * The report's stylesheet. Light only: the same page is printed. Widths suit a laptop screen
 * (two charts abreast at 1280 px); print stacks everything in one column with fixed-width
 * charts and keeps charts, table rows and figure tiles whole across page breaks.
 */
export const PAGE_CSS = `
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
