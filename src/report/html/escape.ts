const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const SCRIPT_JSON_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * `value` as JSON for a `<script type="application/json">` element. Escaping `<` keeps a
 * `</script>` inside any string from closing the element early; `>` and `&` keep the text free of
 * anything an HTML parser might read as markup; U+2028/U+2029 keep it a valid JS literal too.
 * The escapes are JSON's own, so `JSON.parse` gives back exactly `value`.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => SCRIPT_JSON_ESCAPES[char] ?? char,
  );
}

/**
 * Library code made safe to inline in a `<script>` element. A `</script` would end the element
 * and `<!--` would switch the parser into a state where it never ends; both can only occur in
 * string or regex literals of valid code, where `<\/` and `<\!` mean the same characters.
 */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** Stylesheet text made safe to inline in a `<style>` element (`</style` would end it). */
export function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, "<\\/$1");
}
