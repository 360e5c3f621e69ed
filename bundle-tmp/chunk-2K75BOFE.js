// dist/model/short-text.js
var SHOWN_CHARS = 24;
function quoteShort(text) {
  if (text.length <= SHOWN_CHARS + 8)
    return `"${text}"`;
  return `"${text.slice(0, SHOWN_CHARS)}\u2026" (${text.length} characters)`;
}
function show(value) {
  if (typeof value === "string")
    return quoteShort(JSON.stringify(value).slice(1, -1));
  if (value === void 0)
    return "nothing";
  if (Array.isArray(value))
    return "a list";
  if (value !== null && typeof value === "object")
    return "a mapping";
  return String(value);
}

export {
  quoteShort,
  show
};
