import { escapeHtml } from "./escape.js";
import { type Markup, markup } from "./markup.js";

/** Where the figures came from, for whoever finds the file later. */
export function footer(source: string): Markup {
  return markup(
    `<footer>${escapeHtml(source)} A self-contained page: it loads nothing from the network.</footer>`,
  );
}
