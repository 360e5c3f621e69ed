/**
 * Numbers as people read them, written out here rather than with `toLocaleString` or
 * `localeCompare`: either loads ICU's locale data and code, ~7 MB of a run's resident memory
 * (bench/memory.ts), to print a comma.
 */

/** Below this, `toFixed` writes every digit; above, it switches to an exponent. */
const FIXED_LIMIT = 1e21;

/**
 * `value` with thousands separators and at most `maxFractionDigits` decimals, trailing zeros
 * dropped: `1,234,567.5`, as `toLocaleString("en-US")` writes it (3 decimals by default).
 */
export function groupDigits(value: number, maxFractionDigits = 3): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  const magnitude = Math.abs(value);
  if (magnitude >= FIXED_LIMIT) return String(value);
  const [whole = "0", fraction = ""] = magnitude.toFixed(maxFractionDigits).split(".");
  const decimals = fraction.replace(/0+$/, "");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  const text = decimals === "" ? grouped : `${grouped}.${decimals}`;
  return value < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

/** Order for names with numbers in them: `Agent-2` before `Agent-10`. */
export function naturalOrder(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x === y) continue;
    const numbers = /^\d/.test(x) && /^\d/.test(y);
    if (numbers && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}
