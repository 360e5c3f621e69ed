/** Characters of a value an error message shows before cutting it short. */
const SHOWN_CHARS = 24;

/**
 * `text` in double quotes for an error message, cut short when long: a 400-digit number typed
 * by mistake (or on purpose) should not flood the one line of the error. A long text keeps its
 * start and says how long it was: `"99999999999999999999…" (400 characters)`.
 */
export function quoteShort(text: string): string {
  if (text.length <= SHOWN_CHARS + 8) return `"${text}"`;
  return `"${text.slice(0, SHOWN_CHARS)}…" (${text.length} characters)`;
}

/** A value as an error message shows it: strings quoted (and cut short), containers named. */
export function show(value: unknown): string {
  if (typeof value === "string") return quoteShort(JSON.stringify(value).slice(1, -1));
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  return String(value);
}
