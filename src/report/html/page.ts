import { chartLibrary } from "./assets.js";
import { CHART_CLIENT_SCRIPT, REPORT_DATA_ID } from "./chart-client.js";
import type { ChartSpec } from "./chart-spec.js";
import { escapeHtml, inlineScript, jsonForScript } from "./escape.js";
import type { Markup } from "./markup.js";
import { PAGE_CSS } from "./styles.js";

/**
 * Forbids every fetch: the page runs its own inline script and styles and nothing else, so it
 * opens the same offline, from a mail attachment or from a CI artifact, and cannot leak.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'";

/** What a report page is made of. */
export interface PageContent {
  readonly title: string;
  readonly body: Markup;
  /** Charts to draw; each needs an element of its id in `body` (see chart-figure.ts). */
  readonly charts: readonly ChartSpec[];
  /**
   * A script run after the charts are drawn, allowed to read from the server that served the
   * page and nothing else: the live dashboard's. A report never has one.
   */
  readonly liveScript?: string;
}

/**
 * One self-contained HTML document: chart library, styles, data and script all inline. The body
 * tells how many charts it holds (`data-charts`) so a test can check that each was drawn.
 */
export function renderPage(content: PageContent): string {
  const library = chartLibrary();
  const { liveScript } = content;
  const policy =
    liveScript === undefined
      ? CONTENT_SECURITY_POLICY
      : `${CONTENT_SECURITY_POLICY}; connect-src 'self'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
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
${liveScript === undefined ? "" : `<script>${inlineScript(liveScript)}</script>\n`}</body>
</html>
`;
}
