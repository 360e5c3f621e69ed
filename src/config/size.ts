import { quoteShort } from "../model/short-text.js";

const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 * 1024,
  m: 1024 * 1024,
};

const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/**
 * Largest size accepted, in bytes (16 MiB): the largest payload the generator makes. A larger
 * one would be cut to this without a word, and an unbounded one (a 400-digit number parses to
 * Infinity) could not be made at all.
 */
export const MAX_SIZE_BYTES = 16 * 1024 * 1024;

/** Parse a byte size such as `256`, `1kb` or `2mb` into bytes (whole), at most {@link MAX_SIZE_BYTES}. */
export function parseSize(text: string | number): number {
  if (typeof text === "number") {
    if (!Number.isInteger(text) || text < 0) {
      throw new Error(`invalid size ${text}: expected a whole number of bytes`);
    }
    if (text > MAX_SIZE_BYTES) throw tooLarge(String(text));
    return text;
  }
  const match = SIZE_PATTERN.exec(text);
  const factor = SIZE_UNITS[(match?.[2] ?? "").toLowerCase()];
  if (!match || factor === undefined) {
    throw new Error(
      `invalid size ${quoteShort(text)}: expected bytes, optionally with kb or mb (256, 1kb)`,
    );
  }
  const bytes = Math.round(Number(match[1]) * factor);
  // Also catches Infinity, from more digits than a double holds.
  if (!(bytes <= MAX_SIZE_BYTES)) throw tooLarge(quoteShort(text));
  return bytes;
}

function tooLarge(shown: string): Error {
  return new Error(`invalid size ${shown}: at most 16mb (${MAX_SIZE_BYTES} bytes)`);
}
