import { formatMetric } from "../metric-value.js";
import { ms, percent } from "../numbers.js";

/** A run's length: milliseconds while short, seconds after. */
export function elapsed(durationMs: number): string {
  return durationMs < 1000 ? `${ms(durationMs)} ms` : `${(durationMs / 1000).toFixed(2)} s`;
}

/** `part` as a share of `whole`, or nothing when there is no whole to share. */
export function share(part: number, whole: number): string {
  return whole > 0 ? percent(part / whole) : "";
}

/**
 * A measured value in the unit a threshold or a comparison row names it in (`ms`, `ratio`,
 * `msg/s`, `MB`, `%`, `us`, `count`); `n/a` when the run has no such value.
 */
export function valueInUnit(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  return formatMetric(value, unit);
}
