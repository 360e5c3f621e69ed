import { formatDuration } from "../config/duration.js";
import { DURATION_SETTINGS } from "../config/duration-settings.js";
import { queueKindOf } from "../config/queue-kind.js";
import { type Distribution, formatDistribution } from "../model/distributions.js";
import type { RunResult } from "../result/result.js";

/** Settings only the mock core reads: with a real core on either side they change nothing. */
const MOCK_ONLY_SETTINGS = new Set(["delay", "successRate"]);

/**
 * Settings left out of the configuration check: each has a warning of its own (scenario,
 * core, seed), or changes nothing about the traffic: `record` names an output file, and
 * thresholds only judge the run (one that stopped it early is warned about as such).
 */
const SEPARATELY_CHECKED = new Set([
  "scenario",
  "core",
  "seed",
  "record",
  "thresholds",
  "abortOnFail",
  "otlp",
  "otlpAgentAttribute",
]);

/** Environment fields that tell machines apart. */
const MACHINE_FIELDS = ["hostname", "cpuModel", "cpus"] as const;

/**
 * What makes two runs doubtful to compare, one line each, base before candidate: different
 * schemas, scenarios, settings, cores, machines or Node versions, a run stopped early, an
 * unbalanced audit, a saturated load generator. Empty when the runs are like for like.
 */
export function comparisonWarnings(base: RunResult, candidate: RunResult): string[] {
  const warnings: string[] = [];
  if (base.schema !== candidate.schema) {
    warnings.push(
      `different schemas: ${base.schema} vs ${candidate.schema}; fields may not mean the same`,
    );
  }
  if (base.config.scenario !== candidate.config.scenario) {
    warnings.push(`different scenarios: ${base.config.scenario} vs ${candidate.config.scenario}`);
  }
  warnings.push(...settingWarnings(base, candidate));
  const coreWarning = coreDifference(base.core, candidate.core);
  if (coreWarning) warnings.push(coreWarning);
  warnings.push(...environmentWarnings(base, candidate));
  for (const [side, result] of [
    ["base", base],
    ["candidate", candidate],
  ] as const) {
    warnings.push(...runWarnings(side, result));
  }
  return warnings;
}

/**
 * Settings that differ, as `key base vs candidate`. Seeds are expected to differ (a random
 * seed is the default), so they are only mentioned when everything else matches: then they
 * are the one thing left between a noisy and a like-for-like comparison.
 */
function settingWarnings(base: RunResult, candidate: RunResult): string[] {
  const bothMock = base.core === "mock" && candidate.core === "mock";
  const keys = [...new Set([...Object.keys(base.config), ...Object.keys(candidate.config)])];
  const differences = keys
    .filter((key) => !SEPARATELY_CHECKED.has(key))
    .filter((key) => bothMock || !MOCK_ONLY_SETTINGS.has(key))
    .filter((key) => canonical(setting(base, key)) !== canonical(setting(candidate, key)))
    .map(
      (key) =>
        `${key} ${settingText(key, setting(base, key))} vs ${settingText(key, setting(candidate, key))}`,
    );
  if (differences.length > 0) return [`different settings: ${differences.join(", ")}`];
  const seeds = [base.config.seed, candidate.config.seed];
  if (seeds[0] === seeds[1]) return [];
  return [
    `different seeds: ${seeds[0]} vs ${seeds[1]}; the messages and mock fault draws differ, rerun with the same --seed for a like-for-like comparison`,
  ];
}

function coreDifference(base: string, candidate: string): string | undefined {
  if (base === candidate) return undefined;
  if (base === "mock" || candidate === "mock") {
    const real = base === "mock" ? candidate : base;
    return `different cores: ${base} vs ${candidate}; comparison mode, ${real} measured against the mock core`;
  }
  return `different cores: ${base} vs ${candidate}`;
}

function environmentWarnings(base: RunResult, candidate: RunResult): string[] {
  // Results saved without an environment cannot be told apart, so they raise no warning.
  const a = base.environment as Partial<RunResult["environment"]> | undefined;
  const b = candidate.environment as Partial<RunResult["environment"]> | undefined;
  if (!a || !b) return [];
  const warnings: string[] = [];
  const machine = MACHINE_FIELDS.filter(
    (field) => a[field] !== undefined && b[field] !== undefined && a[field] !== b[field],
  ).map((field) => `${field} ${a[field]} vs ${b[field]}`);
  if (machine.length > 0) warnings.push(`different machines: ${machine.join(", ")}`);
  if (a.node !== undefined && b.node !== undefined && a.node !== b.node) {
    warnings.push(`different Node.js versions: ${a.node} vs ${b.node}`);
  }
  return warnings;
}

/** What makes one run's own figures doubtful. */
function runWarnings(side: "base" | "candidate", result: RunResult): string[] {
  const warnings: string[] = [];
  if (result.stoppedEarly) {
    warnings.push(
      `the ${side} run stopped early (${result.totals.pending} pending): its figures cover part of the workload`,
    );
  }
  if (!result.audit.balanced) {
    warnings.push(
      `the ${side} run's audit did not balance (${result.audit.lost} lost): its counts do not add up`,
    );
  }
  if (result.resources.generatorSaturated === true) {
    warnings.push(
      `the ${side} run's load generator was saturated: its figures describe swarm-stress, not the core`,
    );
  }
  return warnings;
}

function setting(result: RunResult, key: string): unknown {
  const value = (result.config as unknown as Record<string, unknown>)[key];
  if (key === "queue" && typeof value === "string") return queueDriver(value);
  if (key === "types" && value !== null && typeof value === "object") return sendTypes(value);
  return value;
}

/** Two sqlite files are the same driver: the path says where, not how fast. */
function queueDriver(queue: string): string {
  return queueKindOf(queue) === "sqlite" ? "sqlite" : queue;
}

/** A type with weight 0 is not sent, the same as a type left out. */
function sendTypes(types: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(types).filter(([, weight]) => weight !== 0));
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` are the same setting. */
function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function settingText(key: string, value: unknown): string {
  if (value === undefined) return "none";
  if (typeof value === "number" && DURATION_SETTINGS.has(key)) return formatDuration(value);
  if (key === "delay" && isDistribution(value)) return formatDistribution(value, formatDuration);
  if (key === "payloadSize" && isDistribution(value)) {
    return formatDistribution(value, (bytes) => `${Math.round(bytes)}B`);
  }
  if (key === "types" && value !== null && typeof value === "object") {
    return Object.entries(value)
      .map(([type, weight]) => (weight === 1 ? type : `${type}=${String(weight)}`))
      .join(",");
  }
  if (typeof value === "boolean") return value ? "on" : "off";
  return typeof value === "object" ? canonical(value) : String(value);
}

function isDistribution(value: unknown): value is Distribution {
  return value !== null && typeof value === "object" && "kind" in value;
}
