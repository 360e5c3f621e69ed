import {
  element,
  keyValueTable
} from "./chunk-Z6FGYB57.js";
import {
  formatDistribution
} from "./chunk-7RRR65MG.js";
import {
  formatDuration
} from "./chunk-W6F7X4K4.js";

// dist/report/html/config-table.js
var DURATION_KEYS = /* @__PURE__ */ new Set([
  "interval",
  "retryBaseDelay",
  "retryMaxDelay",
  "timeout",
  "visibilityTimeout"
]);
var bytes = (value) => `${Math.round(value)}B`;
var DISTRIBUTION_FORMATS = {
  payloadSize: bytes,
  delay: formatDuration
};
function isDistribution(value) {
  return "kind" in value && typeof value.kind === "string";
}
function settingText(key, value) {
  if (typeof value === "number" && DURATION_KEYS.has(key))
    return formatDuration(value);
  if (typeof value === "boolean")
    return value ? "on" : "off";
  if (Array.isArray(value)) {
    return value.length === 0 ? "none" : value.map((item) => settingText(key, item)).join("; ");
  }
  if (value !== null && typeof value === "object") {
    if (isDistribution(value)) {
      return formatDistribution(value, DISTRIBUTION_FORMATS[key] ?? String);
    }
    return Object.entries(value).map(([name, inner]) => inner !== null && typeof inner === "object" ? `${name}=${JSON.stringify(inner)}` : `${name}=${String(inner)}`).join(", ");
  }
  return String(value);
}
function configTables(config) {
  const rows = Object.entries(config).filter(([, value]) => value !== void 0).map(([key, value]) => [element("code", "", key), settingText(key, value)]);
  const half = Math.ceil(rows.length / 2);
  return [keyValueTable(rows.slice(0, half)), keyValueTable(rows.slice(half))];
}

export {
  configTables
};
