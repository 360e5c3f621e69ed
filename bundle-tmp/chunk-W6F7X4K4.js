import {
  quoteShort
} from "./chunk-2K75BOFE.js";
import {
  MAX_TIMER_MS
} from "./chunk-ANFZG24T.js";

// dist/config/duration.js
var DURATION_UNITS = {
  ns: 1e-6,
  us: 1e-3,
  \u00B5s: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 36e5
};
var DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zµ]*)\s*$/i;
var MAX_DURATION_MS = MAX_TIMER_MS;
function parseDuration(text) {
  if (typeof text === "number") {
    if (!Number.isFinite(text) || text < 0) {
      throw new Error(`invalid duration ${text}: expected a non-negative number of milliseconds`);
    }
    if (text > MAX_DURATION_MS)
      throw tooLong(String(text));
    return text;
  }
  const match = DURATION_PATTERN.exec(text);
  const unit = match?.[2]?.toLowerCase() || "ms";
  const factor = DURATION_UNITS[unit];
  if (!match || factor === void 0) {
    throw new Error(`invalid duration ${quoteShort(text)}: expected a number with a unit (250us, 1ms, 0.1s)`);
  }
  const ms = Number(match[1]) * factor;
  if (!(ms <= MAX_DURATION_MS))
    throw tooLong(quoteShort(text));
  return ms;
}
function tooLong(shown) {
  return new Error(`invalid duration ${shown}: at most ${MAX_DURATION_MS}ms (about 24.8 days)`);
}
function formatDuration(ms) {
  if (ms === 0)
    return "0ms";
  if (ms < 1)
    return `${round(ms * 1e3)}us`;
  if (ms < 1e3)
    return `${round(ms)}ms`;
  if (ms < 6e4)
    return `${round(ms / 1e3)}s`;
  return `${round(ms / 6e4)}m`;
}
function round(value) {
  return Math.round(value * 100) / 100;
}

export {
  MAX_DURATION_MS,
  parseDuration,
  formatDuration
};
