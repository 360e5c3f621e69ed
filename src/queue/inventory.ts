import { outstanding, type QueueDriver } from "./driver.js";

/** Which messages reached their final outcome: the recorder's, or a distributed run's store's. */
export interface SettledView {
  isSettled(seq: number): boolean;
  isDeadLettered(seq: number): boolean;
}

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
  /** Sequence numbers of every message held, settled or not. */
  readonly held: ReadonlySet<number>;
}

/**
 * Take stock of the queue for the audit. Only a run stopped early leaves messages behind, so
 * the snapshot (bounded by the queue's capacity) is read only then.
 */
export async function takeInventory(
  queue: QueueDriver,
  outcomes: SettledView | ((seqs: readonly number[]) => Promise<SettledView>),
): Promise<QueueInventory> {
  const depth = await queue.depth();
  if (outstanding(depth) === 0) {
    return {
      pending: 0,
      staleCopies: 0,
      staleDeadCopies: 0,
      deadLettered: depth.deadLettered,
      held: new Set(),
    };
  }
  const seen = new Set<number>();
  let staleCopies = 0;
  const deadCopies = new Set<number>();
  const messages = await queue.snapshot();
  const held = new Set(messages.map((m) => m.seq));
  const recorder = typeof outcomes === "function" ? await outcomes([...held]) : outcomes;
  for (const message of messages) {
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
    held,
  };
}
