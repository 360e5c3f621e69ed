import { quoteShort } from "../model/short-text.js";
import { groupDigits } from "../util/digits.js";

/** Seconds per unit a rate may be given per: `2000/s`, `120/m`, `7200/h`. */
const RATE_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  m: 60,
  min: 60,
  h: 3600,
};

const RATE_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(k?)\s*(?:\/\s*([a-z]+))?\s*$/i;

/**
 * Highest arrival rate accepted, messages per second. Far above what one process can make
 * (about 2M/s at best), yet small enough that the schedule's arithmetic stays exact.
 */
export const MAX_RATE_PER_SEC = 100_000_000;

/**
 * Parse an arrival rate such as `2000/s`, `2k/s`, `120/m` or a bare number (per second) into
 * messages per second. `allowZero` lets a ramping stage aim at zero. Throws a one-line error
 * naming the bad text.
 */
export function parseRate(value: string | number, { allowZero = false } = {}): number {
  let perSecond: number;
  if (typeof value === "number") {
    perSecond = value;
  } else {
    const match = RATE_PATTERN.exec(value);
    const unit = RATE_UNITS[(match?.[3] ?? "s").toLowerCase()];
    if (!match || unit === undefined) {
      throw new Error(
        `invalid rate ${quoteShort(value)}: expected messages per second such as 2000/s, 2k/s or 120/m`,
      );
    }
    perSecond = (Number(match[1]) * (match[2] ? 1000 : 1)) / unit;
  }
  const shown = typeof value === "number" ? String(value) : quoteShort(value);
  if (!Number.isFinite(perSecond) || perSecond < 0 || (!allowZero && perSecond === 0)) {
    throw new Error(
      `invalid rate ${shown}: expected ${allowZero ? "zero or more" : "more than zero"} messages per second`,
    );
  }
  if (perSecond > MAX_RATE_PER_SEC) {
    throw new Error(`invalid rate ${shown}: at most ${groupDigits(MAX_RATE_PER_SEC)}/s`);
  }
  return perSecond;
}

/** A rate for people: `2,000/s`, `0.5/s`. */
export function formatRate(perSecond: number): string {
  const rounded = perSecond >= 100 ? Math.round(perSecond) : Math.round(perSecond * 100) / 100;
  return `${groupDigits(rounded)}/s`;
}
