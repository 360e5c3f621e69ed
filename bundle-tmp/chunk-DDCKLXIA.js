import {
  groupDigits
} from "./chunk-WFQQAGZ5.js";

// dist/report/numbers.js
function ms(value) {
  if (!Number.isFinite(value))
    return "-";
  if (value === 0)
    return "0";
  if (value < 10)
    return value.toFixed(3);
  if (value < 100)
    return value.toFixed(2);
  if (value < 1e3)
    return value.toFixed(1);
  return count(Math.round(value));
}
function count(value) {
  return groupDigits(value, 0);
}
function rate(value) {
  if (!Number.isFinite(value))
    return "-";
  return value >= 100 ? count(value) : value.toFixed(1);
}
function percent(fraction) {
  return `${(fraction * 100).toFixed(2)}%`;
}
function mb(value) {
  return `${value.toFixed(1)} MB`;
}
function times(ratio) {
  if (!Number.isFinite(ratio))
    return "-";
  if (ratio < 10)
    return `${ratio.toFixed(2)}\xD7`;
  if (ratio < 100)
    return `${ratio.toFixed(1)}\xD7`;
  return `${count(ratio)}\xD7`;
}
function plainPercent(fraction) {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

export {
  ms,
  count,
  rate,
  percent,
  mb,
  times,
  plainPercent
};
