import { quoteShort } from "../model/short-text.js";
import { MAX_TIMER_MS } from "../util/timer-limit.js";

/** Milliseconds per unit accepted in duration strings. */
const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zµ]*)\s*$/i;

/**
 * Longest duration accepted, in milliseconds: 2^31-1 ms (about 24.8 days), the longest a Node
 * timer honours (a longer one fires at once). Longer is never meant, and an unbounded value
 * (a 400-digit number parses to Infinity) would make a run wait forever.
 */
export const MAX_DURATION_MS = MAX_TIMER_MS;

/**
 * Parse a duration such as `250us`, `1ms`, `0.1s` or `2m` into milliseconds. A bare number is
 * milliseconds. At most {@link MAX_DURATION_MS}. Throws a one-line error naming the bad text.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === "number") {
    if (!Number.isFinite(text) || text < 0) {
      throw new Error(`invalid duration ${text}: expected a non-negative number of milliseconds`);
    }
    if (text > MAX_DURATION_MS) throw tooLong(String(text));
    return text;
  }
  const match = DURATION_PATTERN.exec(text);
  const unit = match?.[2]?.toLowerCase() || "ms";
  const factor = DURATION_UNITS[unit];
  if (!match || factor === undefined) {
    throw new Error(
      `invalid duration ${quoteShort(text)}: expected a number with a unit (250us, 1ms, 0.1s)`,
    );
  }
  const ms = Number(match[1]) * factor;
  // Also catches Infinity, from more digits than a double holds.
  if (!(ms <= MAX_DURATION_MS)) throw tooLong(quoteShort(text));
  return ms;
}

function tooLong(shown: string): Error {
  return new Error(`invalid duration ${shown}: at most ${MAX_DURATION_MS}ms (about 24.8 days)`);
}

/** Format milliseconds compactly for people: `250us`, `1.5ms`, `2.3s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0ms";
  if (ms < 1) return `${round(ms * 1000)}us`;
  if (ms < 1000) return `${round(ms)}ms`;
  if (ms < 60_000) return `${round(ms / 1000)}s`;
  return `${round(ms / 60_000)}m`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
