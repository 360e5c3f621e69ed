import { existsSync } from "node:fs";
import type { RunConfig, RunSettings } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";
import type { Recorder } from "../metrics/recorder.js";
import { parseQueueSpecOf } from "../queue/queue-spec.js";
import { inspectQueue } from "../queue/sqlite/inspect.js";
import { type DurableRunState, readSavedConfig } from "../queue/sqlite/run-state.js";
import { checkWritable } from "../queue/sqlite/schema.js";
import { nowMs } from "../util/clock.js";
import type { MessageGenerator } from "../workload/generator.js";
import { resolveConfig } from "./resolve-config.js";

/** Settings a resumed run takes from the caller rather than from the saved configuration. */
const APPLIED_ON_RESUME = new Set(["queue", "thresholds", "abortOnFail"]);

/**
 * The saved configuration of the run being resumed. Thresholds judge the result rather than
 * shape the workload, so those given now apply (a run saved before thresholds existed has none).
 */
export function resumedConfig(settings: RunSettings): RunConfig {
  const kept = savedConfig(settings);
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
  });
  return {
    ...saved,
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

/** The configuration saved in the durable queue a resumed run continues. */
function savedConfig(settings: RunSettings): RunConfig {
  const needsFile = "resume needs the durable queue of the interrupted run: queue sqlite:PATH";
  if (settings.queue === undefined) throw new ConfigError(needsFile);
  const { path } = parseQueueSpecOf(settings.queue, "sqlite", needsFile);
  // A resumed run writes to the file: a read-only one is said to be so before anything else.
  if (existsSync(path)) checkWritable(path, true);
  return { ...readSavedConfig(path), queue: settings.queue as string };
}

/**
 * Messages that were being delivered when the earlier part stopped. Read before the queue is
 * opened for work, which may hand their expired leases out again.
 */
export function leasedWhenStopped(path: string): number {
  return inspectQueue(path).depth.leased;
}

/** What a resumed run has to say about itself beyond what its file holds. */
export interface ResumeNotes {
  /** Settings given with `resume` that the saved configuration overrides, by name. */
  readonly ignored: readonly string[];
  /** The record file of the saved configuration, if it names one. */
  readonly record: string | undefined;
  /** Messages that were being delivered when the earlier part stopped. */
  readonly leasedWhenStopped: number;
}

/**
 * Bring the generator and the recorder to where the interrupted run left off: the messages
 * already handed to the queue are made again (the stream is seeded) and counted, without being
 * sent, and the outcomes already reached are counted. Returns lines for the result's warnings.
 */
export function resumeFrom(
  state: DurableRunState,
  generator: MessageGenerator,
  recorder: Recorder,
  notes: ResumeNotes,
): string[] {
  const handedOver = state.handedOver();
  // Saved at once, so that a crash before the producer's next chunk resumes from here too.
  state.setGenerated(handedOver);
  const at = nowMs();
  for (let i = 0; i < handedOver; i++) {
    const message = generator.next(at);
    if (!message) break;
    recorder.generated(message);
  }
  let settled = 0;
  for (const record of state.outcomes()) {
    recorder.restore(record);
    settled++;
  }
  const lines = [
    `resumed an interrupted run: ${handedOver} message(s) had been queued and ${settled} settled before; delivery attempts, latencies and throughput count only what happened after the resume, and the latency of messages queued before it includes the interruption`,
  ];
  const requeued = state.takeRequeuedDeadLetters();
  if (requeued > 0) {
    lines.push(
      `${requeued} dead letter(s) were requeued (queue requeue-dead) since the earlier part: they go round again with their attempts reset, and count by their new outcome`,
    );
  }
  if (notes.ignored.length > 0) {
    lines.push(`ignored on resume, the saved configuration applies: ${notes.ignored.join(", ")}`);
  }
  if (notes.record) {
    lines.push(`the record file ${notes.record} holds only what settled after the resume`);
  }
  if (notes.leasedWhenStopped > 0) {
    lines.push(
      `${notes.leasedWhenStopped} message(s) were being delivered when the earlier part stopped: they are delivered again, and their recipients may have them twice (at-least-once)`,
    );
  }
  return lines;
}
