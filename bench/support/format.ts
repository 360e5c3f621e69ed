import type { Figure, QuestionReport, Target } from "./question.js";

/**
 * The text a bench prints: its title, one aligned line per figure with its target and verdict,
 * then its details and notes. `docs/benchmarks.md` shows this same text, so what a reader sees
 * there is what `npm run bench` printed.
 */
export function formatQuestion(report: QuestionReport): string {
  const header = ["figure", "value", "target", "verdict"];
  const rows = report.figures.map((f) => [
    f.label,
    `${number(f.value)} ${f.unit}`.trim(),
    f.target ? targetText(f.target, f.unit) : "",
    verdict(f),
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? "").length)));
  const line = (row: readonly string[]) =>
    `  ${row
      .map((cell, c) => (c === 1 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join("  ")}`.trimEnd();
  const held = report.figures.filter((f) => f.pass === true).length;
  const judged = report.figures.filter((f) => f.pass !== undefined).length;
  const parts = [
    `${report.title}`,
    `  ${report.question}`,
    "",
    ...all.map(line),
    "",
    `  ${judged === 0 ? "no targets: figures for context" : `${held} of ${judged} targets hold`} · ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  if (report.details) parts.push("", report.details.trimEnd());
  if (report.notes.length > 0) parts.push("", ...report.notes.map((note) => `  - ${note}`));
  return `${parts.join("\n")}\n`;
}

/** `PASS`, `FAIL`, or `-` for a figure shown only for context. */
export function verdict(f: Figure): string {
  if (f.pass === undefined) return "-";
  return f.pass ? "PASS" : "FAIL";
}

function targetText(target: Target, unit: string): string {
  switch (target.kind) {
    case "atLeast":
      return `>= ${number(target.value)} ${unit}`.trim();
    case "below":
      return `< ${number(target.value)} ${unit}`.trim();
    case "atMost":
      return `<= ${number(target.value)} ${unit}`.trim();
    case "within":
      return `${number(target.value)} ${unit} ± ${target.tolerance * 100}%`.replace(/ {2}/g, " ");
    case "reported":
      return "reported";
  }
}

/** Whole numbers with separators once decimals are noise; three significant digits below 1. */
export function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString("en-US");
  if (Number.isInteger(value)) return String(value);
  if (magnitude >= 100) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return "0";
  return value.toPrecision(3);
}
