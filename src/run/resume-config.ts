import { existsSync } from "node:fs";
import type { RunConfig, RunSettings } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";
import { parseQueueSpec, parseQueueSpecOf } from "../queue/queue-spec.js";
import { readSavedConfig } from "../queue/sqlite/run-state.js";
import { checkWritable } from "../queue/sqlite/schema.js";
import { resolveConfig } from "./resolve-config.js";

// The configuration of a resumed run, which a runner's constructor reads at once; what the run
// does with the queue when it resumes (resume.ts) loads only when it runs.

/** Settings a resumed run takes from the caller rather than from the saved configuration. */
const APPLIED_ON_RESUME = new Set([
  "queue",
  "thresholds",
  "abortOnFail",
  "otlp",
  "otlpAgentAttribute",
]);

/**
 * The saved configuration of the run being resumed. Thresholds judge the result rather than
 * shape the workload, so those given now apply (a run saved before thresholds existed has none);
 * so does the OTLP export, which watches this process: the saved run's is not reused.
 */
export function resumedConfig(settings: RunSettings): RunConfig {
  return mergeResumed(settings, savedConfig(settings));
}

/**
 * {@link resumedConfig} of a run whose configuration `kept` was read from where it was saved
 * (a queue file, or a broker's run ledger).
 *
 * @throws {ConfigError} when the saved run had open load, which cannot be resumed.
 */
export function mergeResumed(settings: RunSettings, kept: RunConfig): RunConfig {
  if (kept.load === "open") {
    // Its arrivals were due at times that have passed; replaying them now would offer the
    // pipeline a rate nobody asked for.
    throw new ConfigError(
      "the interrupted run had open load (an arrival schedule), which cannot be resumed: start it again (swarm-stress queue inspect shows what its file holds)",
    );
  }
  // A run saved by an older swarm-stress lacks later settings: they take their defaults.
  const saved = { ...resolveConfig({}), ...kept };
  const given = resolveConfig({
    ...(settings.thresholds ? { thresholds: settings.thresholds } : {}),
    ...(settings.abortOnFail !== undefined ? { abortOnFail: settings.abortOnFail } : {}),
    ...(settings.otlp !== undefined ? { otlp: settings.otlp } : {}),
  });
  const { otlp: _savedOtlp, otlpAgentAttribute: _savedAgent, ...resumed } = saved;
  return {
    ...resumed,
    ...(given.otlp !== undefined ? { otlp: given.otlp } : {}),
    ...(settings.otlpAgentAttribute !== undefined
      ? { otlpAgentAttribute: settings.otlpAgentAttribute }
      : {}),
    thresholds: settings.thresholds ? given.thresholds : (saved.thresholds ?? []),
    abortOnFail: settings.abortOnFail ?? saved.abortOnFail ?? false,
  };
}

/** Settings given with `resume` that the saved configuration overrides, by name. */
export function ignoredOnResume(settings: RunSettings): string[] {
  return Object.keys(settings).filter(
    (key) => !APPLIED_ON_RESUME.has(key) && settings[key as keyof typeof settings] !== undefined,
  );
}

/** What `resume` is refused with when the queue is neither a file nor a broker. */
const NEEDS_DURABLE_QUEUE =
  "resume needs the durable queue of the interrupted run: queue sqlite:PATH or a broker URL (nats://, amqp://, bullmq+redis://, postgres://, redis://)";

/**
 * True when `settings` resume a run on a broker, whose configuration is read (asynchronously)
 * from its run ledger when the run starts; false for a queue file, read at once.
 *
 * @throws {ConfigError} when the queue is neither (memory, or none given), or malformed.
 */
export function resumesOnBroker(settings: RunSettings): boolean {
  if (settings.queue === undefined) throw new ConfigError(NEEDS_DURABLE_QUEUE);
  const spec = parseQueueSpec(settings.queue);
  if (spec.kind === "memory") throw new ConfigError(NEEDS_DURABLE_QUEUE);
  // Every other kind is a broker's (`isBrokerQueue`, not imported: it would load at start-up).
  return spec.kind !== "sqlite";
}

/** The configuration saved in the durable queue a resumed run continues. */
function savedConfig(settings: RunSettings): RunConfig {
  if (settings.queue === undefined) throw new ConfigError(NEEDS_DURABLE_QUEUE);
  const { path } = parseQueueSpecOf(settings.queue, "sqlite", NEEDS_DURABLE_QUEUE);
  // A resumed run writes to the file: a read-only one is said to be so before anything else.
  if (existsSync(path)) checkWritable(path, true);
  return { ...readSavedConfig(path), queue: settings.queue as string };
}
