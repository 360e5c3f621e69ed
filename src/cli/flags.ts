import { ConfigError } from "../errors.js";
import type { RunSettings } from "../model/config.js";
import { describeIssue } from "../model/settings-issues.js";
import { quoteShort } from "../model/short-text.js";
import { CheckedRunSettingsSchema } from "../thresholds/settings-schema.js";

/**
 * The setting flags of `swarm-stress run` as commander hands them over: text, since units and
 * distributions (`100ms`, `uniform(1ms, 2ms)`) are parsed by the settings schema, except the
 * on/off switch. Commander camel-cases `--messages-per-agent` into `messagesPerAgent`, so the
 * keys are exactly those of {@link RunSettings}.
 */
export type SettingFlags = {
  readonly [K in Exclude<keyof RunSettings, "chaos" | "abortOnFail" | "thresholds">]?:
    | string
    | undefined;
} & {
  readonly chaos?: boolean | undefined;
  readonly abortOnFail?: boolean | undefined;
  /** Every `--threshold`, in order. */
  readonly thresholds?: readonly string[] | undefined;
};

type Converter = (text: string) => unknown;

/**
 * How each flag's text becomes a setting. Typed over every key of RunSettings so a setting added
 * to the schema without a flag fails to compile here.
 */
const CONVERTERS: { readonly [K in keyof RunSettings]-?: Converter | "switch" | "list" } = {
  scenario: String,
  agents: wholeNumber,
  messagesPerAgent: wholeNumber,
  types: typeList,
  payloadSize: String,
  generation: String,
  seed: wholeNumber,
  batchSize: wholeNumber,
  interval: String,
  concurrency: wholeNumber,
  maxAttempts: wholeNumber,
  retryBaseDelay: String,
  retryMaxDelay: String,
  timeout: String,
  initTimeout: String,
  closeTimeout: String,
  queue: String,
  queueCapacity: wholeNumber,
  visibilityTimeout: String,
  core: String,
  delay: String,
  successRate: fraction,
  chaos: "switch",
  record: String,
  thresholds: "list",
  abortOnFail: "switch",
  workers: wholeNumber,
};

/** Flags named unlike their setting: one `--threshold` per entry of `thresholds`. */
const FLAG_NAMES: Readonly<Record<string, string>> = { thresholds: "--threshold" };

/** The flag that sets `key`: `messagesPerAgent` → `--messages-per-agent`. */
export function flagName(key: string): string {
  const special = FLAG_NAMES[key];
  if (special !== undefined) return special;
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Turn the flags given on the command line into settings, leaving out those not given so they
 * do not hide the config file's or the scenario's values. Every value is checked against the
 * settings schema here, so a bad one is reported with the flag's name rather than a config key:
 * throws a one-line {@link ConfigError} such as `--agents: expected a whole number, got "abc"`.
 */
export function settingsFromFlags(flags: SettingFlags): RunSettings {
  const settings: Record<string, unknown> = {};
  for (const [key, convert] of Object.entries(CONVERTERS)) {
    const value = (flags as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (convert === "switch" || convert === "list") {
      settings[key] = value;
      continue;
    }
    try {
      settings[key] = convert(String(value));
    } catch (error) {
      throw new ConfigError(`${flagName(key)}: ${(error as Error).message}`);
    }
  }
  const parsed = CheckedRunSettingsSchema.safeParse(settings, { reportInput: true });
  const issue = parsed.error?.issues[0];
  if (issue) throw new ConfigError(`${flagName(String(issue.path[0]))}: ${describeIssue(issue)}`);
  return settings as RunSettings;
}

/**
 * A count such as `100` or `100_000`; signs, fractions and exponents are typos here. The
 * schema holds each count's own bounds; one beyond exact integers (2^53) is refused here, as
 * the schema would only see it rounded (or as Infinity).
 */
function wholeNumber(text: string): number {
  if (!/^\d[\d_]*$/.test(text.trim())) {
    throw new Error(`expected a whole number, got ${quoteShort(text)}`);
  }
  const value = Number(text.trim().replace(/_/g, ""));
  if (!Number.isSafeInteger(value)) throw new Error(`${quoteShort(text)} is too large`);
  return value;
}

/** A probability as `0.95` or `95%`. */
function fraction(text: string): number {
  const percent = /^\s*(.+?)\s*%\s*$/.exec(text);
  const value = Number(percent ? percent[1] : text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new Error(`expected a number from 0 to 1 or a percentage, got ${quoteShort(text)}`);
  }
  return percent ? value / 100 : value;
}

/**
 * `direct,broadcast` (equal weights) or `direct=3,broadcast=1` (weights); a type without a
 * weight in a weighted list counts 1. Type names are checked by the schema.
 */
function typeList(text: string): string[] | Record<string, number> {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) {
    throw new Error(
      "expected types such as direct,broadcast or weights such as direct=3,broadcast=1",
    );
  }
  if (!parts.some((part) => part.includes("="))) return parts;
  const weights: Record<string, number> = {};
  for (const part of parts) {
    const [name = "", weightText = "1"] = part.split("=").map((side) => side.trim());
    const weight = Number(weightText);
    if (weightText === "" || !Number.isFinite(weight)) {
      throw new Error(`weight ${quoteShort(weightText)} of ${name} is not a number`);
    }
    weights[name] = weight;
  }
  return weights;
}
