import { escapeHtml } from "./escape.js";
import { type Markup, markup } from "./markup.js";

/**
 * Warnings in a box near the top, where they are read before the figures they qualify; nothing
 * when there are none.
 */
export function warningBox(warnings: readonly string[], title = "Warnings"): Markup {
  if (warnings.length === 0) return markup("");
  const items = warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join("\n");
  return markup(`<aside class="warnings" id="warnings" role="note">
<h2>⚠ ${escapeHtml(title)} (${warnings.length})</h2>
<ul>
${items}
</ul>
</aside>`);
}
