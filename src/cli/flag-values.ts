import { quoteShort } from "../model/short-text.js";

/**
 * A count such as `100` or `100_000`; signs, fractions and exponents are typos here. The
 * schema holds each count's own bounds; one beyond exact integers (2^53) is refused here, as
 * the schema would only see it rounded (or as Infinity).
 */
export function wholeNumber(text: string): number {
  if (!/^\d[\d_]*$/.test(text.trim())) {
    throw new Error(`expected a whole number, got ${quoteShort(text)}`);
  }
  const value = Number(text.trim().replace(/_/g, ""));
  if (!Number.isSafeInteger(value)) throw new Error(`${quoteShort(text)} is too large`);
  return value;
}

/** A probability as `0.95` or `95%`. */
export function fraction(text: string): number {
  const percent = /^\s*(.+?)\s*%\s*$/.exec(text);
  const value = Number(percent ? percent[1] : text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new Error(`expected a number from 0 to 1 or a percentage, got ${quoteShort(text)}`);
  }
  return percent ? value / 100 : value;
}

/**
 * `direct,broadcast` (equal weights) or `direct=3,broadcast=1` (weights); a type without a
 * weight in a weighted list counts 1. Type names are checked by the schema.
 */
export function typeList(text: string): string[] | Record<string, number> {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) {
    throw new Error(
      "expected types such as direct,broadcast or weights such as direct=3,broadcast=1",
    );
  }
  if (!parts.some((part) => part.includes("="))) return parts;
  const weights: Record<string, number> = {};
  for (const part of parts) {
    const [name = "", weightText = "1"] = part.split("=").map((side) => side.trim());
    const weight = Number(weightText);
    if (weightText === "" || !Number.isFinite(weight)) {
      throw new Error(`weight ${quoteShort(weightText)} of ${name} is not a number`);
    }
    weights[name] = weight;
  }
  return weights;
}

/** Commander's accumulator for a repeatable flag. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
