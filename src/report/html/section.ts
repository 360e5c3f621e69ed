import { escapeHtml } from "./escape.js";
import { type Content, type Markup, markup, toHtml } from "./markup.js";

/** A titled section of the page; `id` makes it linkable. */
export function section(id: string, title: Content, body: Content, className = ""): Markup {
  const classes = className === "" ? "" : ` class="${escapeHtml(className)}"`;
  return markup(
    `<section id="${escapeHtml(id)}"${classes}>\n<h2>${toHtml(title)}</h2>\n${toHtml(body)}\n</section>`,
  );
}

/** A boxed block inside a section, optionally with its own small heading. */
export function card(title: Content | null, body: Content): Markup {
  const heading = title === null ? "" : `<h3>${toHtml(title)}</h3>\n`;
  return markup(`<div class="card">\n${heading}${toHtml(body)}\n</div>`);
}

/** Blocks side by side on a wide screen, one under the other on a narrow one and on paper. */
export function columns(blocks: readonly Content[]): Markup {
  return markup(`<div class="columns">\n${blocks.map(toHtml).join("\n")}\n</div>`);
}

/** A muted line of explanation. */
export function note(text: Content): Markup {
  return markup(`<p class="note">${toHtml(text)}</p>`);
}
