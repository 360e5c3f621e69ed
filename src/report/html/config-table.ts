import { formatDuration } from "../../config/duration.js";
import { DURATION_SETTINGS } from "../../config/duration-settings.js";
import type { RunConfig } from "../../config/run-settings.js";
import { type Distribution, formatDistribution } from "../../model/distributions.js";
import { element, type Markup } from "./markup.js";
import { keyValueTable } from "./table.js";

const bytes = (value: number): string => `${Math.round(value)}B`;

/** The unit a distribution's quantities are in, by setting. */
const DISTRIBUTION_FORMATS: Readonly<Record<string, (value: number) => string>> = {
  payloadSize: bytes,
  delay: formatDuration,
};

function isDistribution(value: object): value is Distribution {
  return "kind" in value && typeof value.kind === "string";
}

/**
 * One setting as text. Written for any value rather than field by field, so a setting added
 * after this code (or a result from a newer version) still shows.
 */
function settingText(key: string, value: unknown): string {
  if (typeof value === "number" && DURATION_SETTINGS.has(key)) return formatDuration(value);
  if (typeof value === "boolean") return value ? "on" : "off";
  if (Array.isArray(value)) {
    return value.length === 0 ? "none" : value.map((item) => settingText(key, item)).join("; ");
  }
  if (value !== null && typeof value === "object") {
    if (isDistribution(value)) {
      return formatDistribution(value, DISTRIBUTION_FORMATS[key] ?? String);
    }
    return Object.entries(value)
      .map(([name, inner]) =>
        inner !== null && typeof inner === "object"
          ? `${name}=${JSON.stringify(inner)}`
          : `${name}=${String(inner)}`,
      )
      .join(", ");
  }
  return String(value);
}

/** The run's resolved configuration, every setting as the run used it, in two halves. */
export function configTables(config: RunConfig): [Markup, Markup] {
  const rows = Object.entries(config)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]): [Markup, string] => [element("code", "", key), settingText(key, value)]);
  const half = Math.ceil(rows.length / 2);
  return [keyValueTable(rows.slice(0, half)), keyValueTable(rows.slice(half))];
}
