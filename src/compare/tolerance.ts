import { ConfigError } from "../errors.js";
import { quoteShort } from "../model/short-text.js";

/** Changes of up to 5% count as noise unless told otherwise. */
export const DEFAULT_TOLERANCE = 0.05;

/** Tolerances at or above this (1000%) are almost certainly a typo. */
const MAX_TOLERANCE = 10;

const TOLERANCE_PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*(%?)$/;

/**
 * Read a `--tolerance` value: a percentage (`5%`, `2.5%`) or a fraction (`0.05`), from 0 up to
 * (not including) 1000%. A bare number of 1 or more is refused rather than guessed at: `5` is
 * far more likely to mean 5% than the 500% it would be as a fraction.
 */
export function parseTolerance(text: string): number {
  const trimmed = text.trim();
  const match = TOLERANCE_PATTERN.exec(trimmed);
  if (!match) {
    throw new ConfigError(
      `--tolerance: expected a change such as 5% or 0.05, got ${quoteShort(oneLineQuote(text))}`,
    );
  }
  const number = Number(match[1]);
  const isPercent = match[2] === "%";
  const tooLarge = () =>
    new ConfigError(`--tolerance: must be below 1000%, got ${quoteShort(trimmed)}`);
  // More digits than a double holds: not worth suggesting a rewrite of.
  if (!Number.isFinite(number)) throw tooLarge();
  if (!isPercent && number >= 1) {
    throw new ConfigError(
      `--tolerance: "${trimmed}" is ambiguous; write ${trimmed}% for a percentage, or ${number * 100}% if you mean ${trimmed}×`,
    );
  }
  const tolerance = isPercent ? number / 100 : number;
  if (tolerance >= MAX_TOLERANCE) throw tooLarge();
  return tolerance;
}

function oneLineQuote(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
