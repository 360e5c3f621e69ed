const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 * 1024,
  m: 1024 * 1024,
};

const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/** Parse a byte size such as `256`, `1kb` or `2mb` into bytes (whole). */
export function parseSize(text: string | number): number {
  if (typeof text === "number") {
    if (!Number.isInteger(text) || text < 0) {
      throw new Error(`invalid size ${text}: expected a whole number of bytes`);
    }
    return text;
  }
  const match = SIZE_PATTERN.exec(text);
  const factor = SIZE_UNITS[(match?.[2] ?? "").toLowerCase()];
  if (!match || factor === undefined) {
    throw new Error(`invalid size "${text}": expected bytes, optionally with kb or mb (256, 1kb)`);
  }
  return Math.round(Number(match[1]) * factor);
}
