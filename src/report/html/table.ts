import { escapeHtml } from "./escape.js";
import { type Content, type Markup, markup, toHtml } from "./markup.js";

/** A column of a table: its header, and whether it holds figures (aligned right). */
export interface Column {
  readonly header: string;
  readonly numeric?: boolean;
}

/** A row: its cells, or its cells with a class that marks the whole row. */
export type Row =
  | readonly Content[]
  | { readonly cells: readonly Content[]; readonly className: string };

function rowParts(row: Row): { cells: readonly Content[]; className: string } {
  return "cells" in row ? row : { cells: row, className: "" };
}

/** A table with a header row; cells are text (escaped) or markup. */
export function dataTable(
  columns: readonly Column[],
  rows: readonly Row[],
  className = "",
): Markup {
  const cellClass = (index: number) => (columns[index]?.numeric ? ' class="num"' : "");
  const head = columns
    .map((column, index) => `<th scope="col"${cellClass(index)}>${escapeHtml(column.header)}</th>`)
    .join("");
  const body = rows
    .map((row) => {
      const { cells, className: rowClass } = rowParts(row);
      const classes = rowClass === "" ? "" : ` class="${escapeHtml(rowClass)}"`;
      const tds = cells.map((cell, index) => `<td${cellClass(index)}>${toHtml(cell)}</td>`);
      return `<tr${classes}>${tds.join("")}</tr>`;
    })
    .join("\n");
  const classes = className === "" ? "data" : `data ${escapeHtml(className)}`;
  return markup(
    `<table class="${classes}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`,
  );
}

/** A two-column table of labels and values, without a header row. */
export function keyValueTable(rows: readonly (readonly [Content, Content])[]): Markup {
  const body = rows
    .map(([key, value]) => `<tr><th scope="row">${toHtml(key)}</th><td>${toHtml(value)}</td></tr>`)
    .join("\n");
  return markup(`<table class="data key-values"><tbody>\n${body}\n</tbody></table>`);
}
