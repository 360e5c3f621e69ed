// dist/report/text-table.js
var STYLES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33 };
function painter(enabled) {
  return (style, text) => enabled ? `\x1B[${STYLES[style]}m${text}\x1B[0m` : text;
}
function tableLines(headers, rows, align) {
  const all = headers ? [headers, ...rows] : rows;
  const columns = Math.max(...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...all.map((row) => visibleLength(row[c] ?? ""))));
  const line = (row) => `  ${widths.map((width, c) => {
    const cell = row[c] ?? "";
    const pad = " ".repeat(width - visibleLength(cell));
    return align[c] === "r" ? pad + cell : cell + pad;
  }).join("  ")}`.trimEnd();
  return all.map(line);
}
function table(headers, rows, align) {
  return tableLines(headers, rows, align).join("\n");
}
function visibleLength(text) {
  return text.replace(/\u001b\[[0-9;]*m/g, "").length;
}

export {
  painter,
  tableLines,
  table
};
