/** ANSI styles the terminal reports use. */
const STYLES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33 } as const;

/** A style name of {@link painter}. */
export type Style = keyof typeof STYLES;

/** Wraps text in a style, or leaves it plain. */
export type Paint = (style: Style, text: string) => string;

/** A {@link Paint} that colours only when `enabled` (a person at a terminal). */
export function painter(enabled: boolean): Paint {
  return (style, text) => (enabled ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text);
}

/**
 * Aligned lines, each indented by two spaces, with columns two spaces apart; `headers` null
 * for a table without a header row. Colour codes in cells take no room.
 */
export function tableLines(
  headers: readonly string[] | null,
  rows: readonly (readonly string[])[],
  align: readonly ("l" | "r")[],
): string[] {
  const all = headers ? [headers, ...rows] : rows;
  const columns = Math.max(...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(...all.map((row) => visibleLength(row[c] ?? ""))),
  );
  const line = (row: readonly string[]) =>
    `  ${widths
      .map((width, c) => {
        const cell = row[c] ?? "";
        const pad = " ".repeat(width - visibleLength(cell));
        return align[c] === "r" ? pad + cell : cell + pad;
      })
      .join("  ")}`.trimEnd();
  return all.map(line);
}

/** {@link tableLines} as one block of text. */
export function table(
  headers: readonly string[] | null,
  rows: readonly (readonly string[])[],
  align: readonly ("l" | "r")[],
): string {
  return tableLines(headers, rows, align).join("\n");
}

/** Length as seen on screen: colour codes take no room. */
function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
  return text.replace(/\u001b\[[0-9;]*m/g, "").length;
}
