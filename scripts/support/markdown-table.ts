/** A Markdown table padded as the formatter (biome) would pad it, so lint stays clean. */
export function markdownTable(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, c) =>
    Math.max(3, ...rows.map((row) => (row[c] ?? "").length)),
  );
  const line = (row: readonly string[]) =>
    `| ${widths.map((width, c) => (row[c] ?? "").padEnd(width)).join(" | ")} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)];
}
