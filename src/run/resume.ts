import type { Recorder } from "../metrics/recorder.js";
import type { SettledRecord } from "../model/settled-record.js";
import { inspectQueue } from "../queue/sqlite/inspect.js";
import { nowMs } from "../util/clock.js";
import type { MessageGenerator } from "../workload/generator.js";

/**
 * Messages that were being delivered when the earlier part stopped. Read before the queue is
 * opened for work, which may hand their expired leases out again.
 */
export function leasedWhenStopped(path: string): number {
  return inspectQueue(path).depth.leased;
}

/** Where the interrupted run stopped, as its queue and what the run kept there tell it. */
export interface ResumePoint {
  /** Messages the producer had handed to the queue: the next one to make has this seq. */
  readonly handedOver: number;
  /** The final outcomes kept, one per settled message. */
  readonly outcomes: Iterable<SettledRecord>;
  /** Dead letters requeued by `queue requeue-dead` since the earlier part (SQLite only). */
  readonly requeuedDeadLetters: number;
}

/** What a resumed run has to say about itself beyond what its queue holds. */
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
  point: ResumePoint,
  generator: MessageGenerator,
  recorder: Recorder,
  notes: ResumeNotes,
): string[] {
  const { handedOver } = point;
  const at = nowMs();
  for (let i = 0; i < handedOver; i++) {
    const message = generator.next(at);
    if (!message) break;
    recorder.generated(message);
  }
  let settled = 0;
  for (const record of point.outcomes) {
    recorder.restore(record);
    settled++;
  }
  const lines = [
    `resumed an interrupted run: ${handedOver} message(s) had been queued and ${settled} settled before; delivery attempts, latencies and throughput count only what happened after the resume, and the latency of messages queued before it includes the interruption`,
  ];
  const requeued = point.requeuedDeadLetters;
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
