import type { Recorder } from "../metrics/recorder.js";
import { outstanding, type QueueDriver } from "../queue/driver.js";

/** What the queue still holds at the end of a run, sorted out against what settled. */
export interface QueueInventory {
  /** Distinct messages held that never reached an outcome: truly pending. */
  readonly pending: number;
  /**
   * Copies of messages that already settled (their lease expired before the late ack arrived,
   * so the queue kept them), plus repeated copies of one pending message.
   */
  readonly staleCopies: number;
  /** Of those, copies of messages that were dead-lettered: not yet in the queue's list. */
  readonly staleDeadCopies: number;
  /** Dead letters as the queue counted them. */
  readonly deadLettered: number;
}

/**
 * Take stock of the queue for the audit. Only a run stopped early leaves messages behind, so
 * the snapshot (bounded by the queue's capacity) is read only then.
 */
export async function takeInventory(
  queue: QueueDriver,
  recorder: Recorder,
): Promise<QueueInventory> {
  const depth = await queue.depth();
  if (outstanding(depth) === 0) {
    return { pending: 0, staleCopies: 0, staleDeadCopies: 0, deadLettered: depth.deadLettered };
  }
  const seen = new Set<number>();
  let staleCopies = 0;
  const deadCopies = new Set<number>();
  for (const message of await queue.snapshot()) {
    if (recorder.isSettled(message.seq) || seen.has(message.seq)) {
      staleCopies++;
      if (recorder.isDeadLettered(message.seq)) deadCopies.add(message.seq);
    } else {
      seen.add(message.seq);
    }
  }
  return {
    pending: seen.size,
    staleCopies,
    staleDeadCopies: deadCopies.size,
    deadLettered: depth.deadLettered,
  };
}
