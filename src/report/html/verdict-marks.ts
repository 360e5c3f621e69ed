import type { Verdict } from "../../compare/comparison.js";
import { type Markup, markup } from "./markup.js";

/**
 * How each verdict of a comparison reads: a shape and a word as well as a colour, so it still
 * reads on a black-and-white print and for the colour-blind.
 */
const MARKS: Readonly<Record<Verdict, { readonly symbol: string; readonly className: string }>> = {
  better: { symbol: "▲", className: "better" },
  worse: { symbol: "▼", className: "worse" },
  same: { symbol: "=", className: "same" },
  "n/a": { symbol: "–", className: "na" },
};

/** The verdict as a coloured mark and word, e.g. `▼ worse`. */
export function verdictMark(verdict: Verdict): Markup {
  const { symbol, className } = MARKS[verdict];
  return markup(`<span class="mark ${className}">${symbol} ${verdict}</span>`);
}

/** The class a row of this verdict carries (tints it). */
export function verdictClass(verdict: Verdict): string {
  return MARKS[verdict].className;
}

/** Verdicts in the order a summary lists them. */
export const VERDICT_ORDER: readonly Verdict[] = ["worse", "better", "same", "n/a"];
