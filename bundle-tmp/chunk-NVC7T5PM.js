import {
  quoteShort
} from "./chunk-2K75BOFE.js";
import {
  groupDigits
} from "./chunk-WFQQAGZ5.js";

// dist/config/rate.js
var RATE_UNITS = {
  s: 1,
  sec: 1,
  m: 60,
  min: 60,
  h: 3600
};
var RATE_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(k?)\s*(?:\/\s*([a-z]+))?\s*$/i;
var MAX_RATE_PER_SEC = 1e8;
function parseRate(value, { allowZero = false } = {}) {
  let perSecond;
  if (typeof value === "number") {
    perSecond = value;
  } else {
    const match = RATE_PATTERN.exec(value);
    const unit = RATE_UNITS[(match?.[3] ?? "s").toLowerCase()];
    if (!match || unit === void 0) {
      throw new Error(`invalid rate ${quoteShort(value)}: expected messages per second such as 2000/s, 2k/s or 120/m`);
    }
    perSecond = Number(match[1]) * (match[2] ? 1e3 : 1) / unit;
  }
  const shown = typeof value === "number" ? String(value) : quoteShort(value);
  if (!Number.isFinite(perSecond) || perSecond < 0 || !allowZero && perSecond === 0) {
    throw new Error(`invalid rate ${shown}: expected ${allowZero ? "zero or more" : "more than zero"} messages per second`);
  }
  if (perSecond > MAX_RATE_PER_SEC) {
    throw new Error(`invalid rate ${shown}: at most ${groupDigits(MAX_RATE_PER_SEC)}/s`);
  }
  return perSecond;
}
function formatRate(perSecond) {
  const rounded = perSecond >= 100 ? Math.round(perSecond) : Math.round(perSecond * 100) / 100;
  return `${groupDigits(rounded)}/s`;
}

export {
  parseRate,
  formatRate
};
