import { groupDigits } from "../util/digits.js";

/** Milliseconds with microsecond precision where it matters and less where it is noise. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "-";
  if (value === 0) return "0";
  if (value < 10) return value.toFixed(3);
  if (value < 100) return value.toFixed(2);
  if (value < 1000) return value.toFixed(1);
  return count(Math.round(value));
}

/** A whole number with thousands separators. */
export function count(value: number): string {
  return groupDigits(value, 0);
}

/** A rate: one decimal while small, whole numbers once the decimal is noise. */
export function rate(value: number): string {
  if (!Number.isFinite(value)) return "-";
  return value >= 100 ? count(value) : value.toFixed(1);
}

/** A fraction as a percentage with two decimals. */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** Megabytes with one decimal. */
export function mb(value: number): string {
  return `${value.toFixed(1)} MB`;
}

/** A ratio as a multiplier: `0.82×`, `12.5×`, `1,234×`. */
export function times(ratio: number): string {
  if (!Number.isFinite(ratio)) return "-";
  if (ratio < 10) return `${ratio.toFixed(2)}×`;
  if (ratio < 100) return `${ratio.toFixed(1)}×`;
  return `${count(ratio)}×`;
}

/** A fraction as a percentage with no trailing zeros: `5%`, `2.5%`, `0.1%`. */
export function plainPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}
