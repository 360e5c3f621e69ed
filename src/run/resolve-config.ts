import type { z } from "zod";
import {
  type ParsedRunSettings,
  type RunConfig,
  type RunSettings,
  runSettingsSchema,
} from "../config/run-settings.js";
import { DEFAULT_SETTINGS, findScenario, SCENARIOS } from "../config/scenarios.js";
import { describeIssue, formatPath } from "../config/settings-issues.js";
import { MIN_HEARTBEAT_MS } from "../distributed/timing.js";
import { ConfigError } from "../errors.js";
import { checkedRunSettingsSchema } from "../thresholds/settings-schema.js";
import { freshSeed } from "../util/random.js";
import { resolveLoad } from "./resolve-load.js";

/**
 * Resolve what a run was told into a complete {@link RunConfig}: defaults, under the named
 * scenario's settings, under `settings`. Throws a {@link ConfigError} with one line naming the
 * first bad field.
 */
export function resolveConfig(settings: RunSettings, source = "settings"): RunConfig {
  const own = parseSettings(settings, source);
  const scenarioName = own.scenario ?? "default";
  const scenario = findScenario(scenarioName);
  if (!scenario) {
    throw new ConfigError(
      `unknown scenario "${scenarioName}" (${SCENARIOS.map((s) => s.name).join(", ")})`,
    );
  }
  // The parse keeps every key it is given, so the defaults come out complete.
  const defaults = parseSettings(DEFAULT_SETTINGS, "defaults") as Required<
    Pick<ParsedRunSettings, keyof typeof DEFAULT_SETTINGS>
  >;
  // What the scenario and the user said, without the defaults under them.
  const given = {
    ...withoutUndefined(parseSettings(scenario.settings, `scenario ${scenario.name}`)),
    ...withoutUndefined(own),
  };
  const merged = { ...defaults, ...given };
  const config = inSchemaOrder(
    resolveLoad(
      {
        ...merged,
        scenario: scenario.name,
        seed: merged.seed ?? freshSeed(),
        concurrency: merged.concurrency ?? merged.batchSize,
        load: "closed",
      },
      given,
      own.messagesPerAgent !== undefined,
      source,
    ),
  );
  if (config.retryMaxDelay < config.retryBaseDelay) {
    throw new ConfigError(
      `${source}: retryMaxDelay (${config.retryMaxDelay}ms) is below retryBaseDelay (${config.retryBaseDelay}ms)`,
    );
  }
  if (config.timeout !== undefined && config.visibilityTimeout <= config.timeout) {
    throw new ConfigError(
      `${source}: visibilityTimeout (${config.visibilityTimeout}ms) must exceed timeout (${config.timeout}ms), or every slow delivery is handed out twice`,
    );
  }
  if (config.heartbeat < MIN_HEARTBEAT_MS) {
    throw new ConfigError(
      `${source}: heartbeat (${config.heartbeat}ms) must be at least ${MIN_HEARTBEAT_MS}ms: everyone beats once a second, and one late beat must not make a worker lost`,
    );
  }
  if (config.a2aMode === "push" && config.timeout === undefined) {
    throw new ConfigError(
      `${source}: a2aMode push needs a timeout (--timeout): a push notification that never comes would hold its delivery for ever`,
    );
  }
  return config;
}

/** Validate one layer of settings; the error names the layer and the field. */
export function parseSettings(settings: unknown, source: string): ParsedRunSettings {
  const parsed = checkedRunSettingsSchema().safeParse(settings);
  if (!parsed.success) throw new ConfigError(`${source}: ${describeFirstIssue(parsed.error)}`);
  return parsed.data;
}

/** The first issue of a zod error as `field: message`. */
export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid settings";
  const where =
    issue.code !== "unrecognized_keys" && issue.path.length > 0
      ? `${formatPath(issue.path)}: `
      : "";
  return `${where}${describeIssue(issue)}`;
}

/** The same configuration with its keys in the schema's order, the order a saved result shows. */
function inSchemaOrder(config: RunConfig): RunConfig {
  const entries = Object.keys(runSettingsSchema().shape).flatMap((key) => {
    const value: unknown = config[key as keyof RunConfig];
    return value === undefined ? [] : [[key, value] as const];
  });
  return Object.fromEntries(entries) as RunConfig;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
