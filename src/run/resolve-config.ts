import type { z } from "zod";
import { ConfigError } from "../errors.js";
import type { ParsedRunSettings, RunConfig, RunSettings } from "../model/config.js";
import { describeIssue, formatPath } from "../model/settings-issues.js";
import { CheckedRunSettingsSchema } from "../thresholds/settings-schema.js";
import { freshSeed } from "../util/random.js";
import { DEFAULT_SETTINGS, findScenario, SCENARIOS } from "./scenarios.js";

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
  const merged = {
    ...parseSettings(DEFAULT_SETTINGS, "defaults"),
    ...parseSettings(scenario.settings, `scenario ${scenario.name}`),
    ...withoutUndefined(own),
  } as Required<ParsedRunSettings>;
  const config: RunConfig = {
    scenario: scenario.name,
    agents: merged.agents,
    messagesPerAgent: merged.messagesPerAgent,
    types: merged.types,
    payloadSize: merged.payloadSize,
    generation: merged.generation,
    seed: merged.seed ?? freshSeed(),
    batchSize: merged.batchSize,
    interval: merged.interval,
    concurrency: merged.concurrency ?? merged.batchSize,
    maxAttempts: merged.maxAttempts,
    retryBaseDelay: merged.retryBaseDelay,
    retryMaxDelay: merged.retryMaxDelay,
    initTimeout: merged.initTimeout,
    closeTimeout: merged.closeTimeout,
    queue: merged.queue,
    queueCapacity: merged.queueCapacity,
    visibilityTimeout: merged.visibilityTimeout,
    core: merged.core,
    delay: merged.delay,
    successRate: merged.successRate,
    chaos: merged.chaos,
    thresholds: merged.thresholds,
    abortOnFail: merged.abortOnFail,
    ...(merged.timeout === undefined ? {} : { timeout: merged.timeout }),
    ...(merged.record === undefined ? {} : { record: merged.record }),
    ...(merged.workers === undefined ? {} : { workers: merged.workers }),
  };
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
  return config;
}

/** Validate one layer of settings; the error names the layer and the field. */
export function parseSettings(settings: unknown, source: string): ParsedRunSettings {
  const parsed = CheckedRunSettingsSchema.safeParse(settings);
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

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
