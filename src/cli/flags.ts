import { DEFAULT_ARRIVALS, DEFAULT_MAX_BACKLOG } from "../config/open-load-defaults.js";
import type { RunSettings } from "../config/run-settings.js";
import { describeIssue } from "../config/settings-issues.js";
import { ConfigError } from "../errors.js";
import { checkedRunSettingsSchema } from "../thresholds/settings-schema.js";
import { fraction, typeList, wholeNumber } from "./flag-values.js";

/**
 * How one setting is given on the command line:
 * - `value`: `--name <arg>`, whose text `convert` turns into the setting (units and
 *   distributions stay text, for the settings schema to parse);
 * - `switch`: `--name` for true and, with a `negation` help line, `--no-name` for false;
 * - `list`: a repeatable `--name <arg>`, one entry of the setting's list each time.
 *
 * The flag is named after its setting (`messagesPerAgent` → `--messages-per-agent`) unless
 * `name` says otherwise, and its help is the schema's description of the setting unless the
 * flag's syntax differs from the config file's and `help` says so.
 */
export type SettingFlag = {
  /** The flag's name without dashes, when it differs from the setting's. */
  readonly name?: string;
  /** Help that replaces the schema's description, for a flag written unlike the config key. */
  readonly help?: string;
} & (
  | {
      readonly kind: "value";
      /** The value's placeholder in the help: `n` shows as `<n>`. */
      readonly arg: string;
      readonly convert: (text: string) => unknown;
      /** A one-letter alias such as `-s`. */
      readonly short?: string;
      /** What the help says of the default, for a setting with none in the defaults. */
      readonly defaultText?: string;
    }
  | { readonly kind: "switch"; readonly negation?: string }
  | { readonly kind: "list"; readonly arg: string }
);

const COUNT = { kind: "value", arg: "n", convert: wholeNumber } as const;
const DURATION = { kind: "value", arg: "duration", convert: String } as const;
const text = <const Arg extends string>(arg: Arg) =>
  ({ kind: "value", arg, convert: String }) as const;

/**
 * Every setting's flag, in the order `swarm-stress run --help` lists them. Typed over every
 * key of RunSettings, so a setting added to the schema without a flag fails to compile here.
 */
export const SETTING_FLAGS = {
  scenario: { ...text("name"), short: "-s" },
  agents: COUNT,
  messagesPerAgent: COUNT,
  types: {
    kind: "value",
    arg: "list",
    convert: typeList,
    help: "message types, e.g. direct,broadcast or weights direct=3,broadcast=1",
  },
  payloadSize: text("spec"),
  generation: text("mode"),
  load: { ...text("model"), defaultText: "closed, or open with a rate or stages" },
  rate: text("rate"),
  arrivals: { ...text("process"), defaultText: DEFAULT_ARRIVALS },
  duration: DURATION,
  stages: text("stages"),
  maxBacklog: { ...COUNT, defaultText: String(DEFAULT_MAX_BACKLOG) },
  seed: { ...COUNT, defaultText: "random" },
  batchSize: COUNT,
  interval: DURATION,
  concurrency: { ...COUNT, defaultText: "the batch size" },
  maxAttempts: COUNT,
  retryBaseDelay: DURATION,
  retryMaxDelay: DURATION,
  timeout: { ...DURATION, defaultText: "none" },
  initTimeout: DURATION,
  closeTimeout: DURATION,
  queue: text("driver"),
  workers: COUNT,
  queueCapacity: COUNT,
  visibilityTimeout: DURATION,
  heartbeat: DURATION,
  core: text("core"),
  a2aVersion: { ...text("version"), defaultText: "1.0" },
  a2aMode: { ...text("mode"), defaultText: "blocking" },
  delay: text("spec"),
  successRate: {
    kind: "value",
    arg: "x",
    convert: fraction,
    help: "mock core (and --agents-local): attempt success probability, e.g. 0.95 or 95%",
  },
  chaos: {
    kind: "switch",
    negation: "turn chaos off even if the scenario or config file turns it on",
  },
  record: text("file"),
  verify: text("url"),
  agentsLocal: text("protocol"),
  thresholds: {
    kind: "list",
    name: "threshold",
    arg: "expr",
    help: "pass/fail criterion, repeatable, e.g. 'latency.endToEnd.p99<5ms' or 'successRate>=95%'",
  },
  abortOnFail: { kind: "switch" },
  otlp: text("url"),
  otlpAgentAttribute: { kind: "switch" },
} as const satisfies { readonly [K in keyof RunSettings]-?: SettingFlag };

/** A setting's name, which is also the key commander gives its flag's value. */
export type SettingKey = keyof typeof SETTING_FLAGS;

/** What commander hands over for a flag of this kind. */
type FlagValue<F extends SettingFlag> = F extends { readonly kind: "switch" }
  ? boolean
  : F extends { readonly kind: "list" }
    ? readonly string[]
    : string;

/**
 * The setting flags of `swarm-stress run` as commander hands them over: text, since units and
 * distributions (`100ms`, `uniform(1ms, 2ms)`) are parsed by the settings schema, booleans for
 * switches, and every `--threshold` in order. Commander camel-cases `--messages-per-agent` into
 * `messagesPerAgent`, so the keys are those of {@link RunSettings}.
 */
export type SettingFlags = {
  readonly [K in SettingKey]?: FlagValue<(typeof SETTING_FLAGS)[K]> | undefined;
};

/** The flag that sets `key`: `messagesPerAgent` → `--messages-per-agent`. */
export function flagName(key: string): string {
  const flag: SettingFlag | undefined = Object.hasOwn(SETTING_FLAGS, key)
    ? SETTING_FLAGS[key as SettingKey]
    : undefined;
  return `--${flag?.name ?? key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Turn the flags given on the command line into settings, leaving out those not given so they
 * do not hide the config file's or the scenario's values. Every value is checked against the
 * settings schema here, so a bad one is reported with the flag's name rather than a config key:
 * throws a one-line {@link ConfigError} such as `--agents: expected a whole number, got "abc"`.
 */
export function settingsFromFlags(flags: SettingFlags): RunSettings {
  const settings: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(SETTING_FLAGS) as [SettingKey, SettingFlag][]) {
    const value = flags[key];
    if (value === undefined) continue;
    if (flag.kind !== "value") {
      settings[key] = value;
      continue;
    }
    try {
      settings[key] = flag.convert(String(value));
    } catch (error) {
      throw new ConfigError(`${flagName(key)}: ${(error as Error).message}`);
    }
  }
  const parsed = checkedRunSettingsSchema().safeParse(settings, { reportInput: true });
  const issue = parsed.error?.issues[0];
  if (issue) throw new ConfigError(`${flagName(String(issue.path[0]))}: ${describeIssue(issue)}`);
  return settings as RunSettings;
}
