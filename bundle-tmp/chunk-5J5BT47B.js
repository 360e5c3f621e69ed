import {
  quoteShort
} from "./chunk-2K75BOFE.js";

// dist/config/size.js
var SIZE_UNITS = {
  "": 1,
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 * 1024,
  m: 1024 * 1024
};
var SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;
var MAX_SIZE_BYTES = 16 * 1024 * 1024;
function parseSize(text) {
  if (typeof text === "number") {
    if (!Number.isInteger(text) || text < 0) {
      throw new Error(`invalid size ${text}: expected a whole number of bytes`);
    }
    if (text > MAX_SIZE_BYTES)
      throw tooLarge(String(text));
    return text;
  }
  const match = SIZE_PATTERN.exec(text);
  const factor = SIZE_UNITS[(match?.[2] ?? "").toLowerCase()];
  if (!match || factor === void 0) {
    throw new Error(`invalid size ${quoteShort(text)}: expected bytes, optionally with kb or mb (256, 1kb)`);
  }
  const bytes = Math.round(Number(match[1]) * factor);
  if (!(bytes <= MAX_SIZE_BYTES))
    throw tooLarge(quoteShort(text));
  return bytes;
}
function tooLarge(shown) {
  return new Error(`invalid size ${shown}: at most 16mb (${MAX_SIZE_BYTES} bytes)`);
}

export {
  MAX_SIZE_BYTES,
  parseSize
};
