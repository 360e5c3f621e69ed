// dist/util/digits.js
var FIXED_LIMIT = 1e21;
function groupDigits(value, maxFractionDigits = 3) {
  if (Number.isNaN(value))
    return "NaN";
  if (!Number.isFinite(value))
    return value > 0 ? "\u221E" : "-\u221E";
  const magnitude = Math.abs(value);
  if (magnitude >= FIXED_LIMIT)
    return String(value);
  const [whole = "0", fraction = ""] = magnitude.toFixed(maxFractionDigits).split(".");
  const decimals = fraction.replace(/0+$/, "");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  const text = decimals === "" ? grouped : `${grouped}.${decimals}`;
  return value < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}
function naturalOrder(a, b) {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === y)
      continue;
    const numbers = /^\d/.test(x) && /^\d/.test(y);
    if (numbers && Number(x) !== Number(y))
      return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

export {
  groupDigits,
  naturalOrder
};
