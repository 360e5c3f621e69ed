import {
  count,
  mb,
  ms,
  percent,
  rate
} from "./chunk-DDCKLXIA.js";

// dist/report/metric-value.js
function formatMetric(value, unit) {
  if (value === null || !Number.isFinite(value))
    return "-";
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

export {
  formatMetric
};
