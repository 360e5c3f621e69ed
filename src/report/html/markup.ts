import { escapeHtml } from "./escape.js";

/**
 * Markup this code wrote itself, as opposed to text from a result. Anything that is not wrapped
 * in it is escaped on the way into the page, so forgetting to escape cannot happen by omission.
 */
export interface Markup {
  readonly html: string;
}

/** Text (escaped) or markup (kept as is). */
export type Content = string | Markup;

/** Wrap markup built from escaped parts. */
export function markup(html: string): Markup {
  return { html };
}

/** The HTML of `content`: text escaped, markup as it is. */
export function toHtml(content: Content): string {
  return typeof content === "string" ? escapeHtml(content) : content.html;
}

/** Join contents into one piece of markup. */
export function join(contents: readonly Content[], separator = ""): Markup {
  return markup(contents.map(toHtml).join(separator));
}

/** An element with escaped text or markup inside; `className` is written by this code. */
export function element(tag: string, className: string, content: Content): Markup {
  const classes = className === "" ? "" : ` class="${escapeHtml(className)}"`;
  return markup(`<${tag}${classes}>${toHtml(content)}</${tag}>`);
}
