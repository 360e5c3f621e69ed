import type { MetricUnit } from "../thresholds/metric-catalog.js";
import { count, mb, ms, percent, rate } from "./numbers.js";

/** A metric's value written with its unit: `4.210 ms`, `95.00%`, `12,000 msg/s`, `1,024`. */
export function formatMetric(value: number | null, unit: MetricUnit | string): string {
  if (value === null || !Number.isFinite(value)) return "-";
  switch (unit) {
    case "ms":
      return `${ms(value)} ms`;
    case "us":
      return `${ms(value)} us`;
    case "ratio":
      return percent(value);
    case "%":
      return `${value.toFixed(1)}%`;
    case "MB":
      return mb(value);
    case "msg/s":
      return `${rate(value)} msg/s`;
    case "flag":
      return value === 1 ? "true" : "false";
    default:
      return Number.isInteger(value) ? count(value) : String(Number(value.toFixed(3)));
  }
}
