import type { Body } from "./codec.js";

/** A stored batch, decoded. */
export interface DecodedBatch {
  /** When the batch was accepted: the `enqueuedAt` of its messages until one is restamped. */
  readonly acceptedAt: number;
  readonly bodies: readonly Body[];
}

/**
 * Decoded batches by id, so a batch leased in parts is decoded once. Batch contents never
 * change and ids are never reused, so an entry cannot go stale, even when other processes
 * share the file. Holds at most `maxBodies` message bodies; the oldest batches go first,
 * which suits a queue that is mostly read in the order it was written.
 */
export class BatchCache {
  private readonly batches = new Map<number, DecodedBatch>();
  private bodies = 0;

  constructor(private readonly maxBodies: number) {}

  /** The batch `id`, decoded by `load` when it is not held. */
  get(id: number, load: (id: number) => DecodedBatch): DecodedBatch {
    const held = this.batches.get(id);
    if (held !== undefined) return held;
    const batch = load(id);
    this.batches.set(id, batch);
    this.bodies += batch.bodies.length;
    for (const [oldest, entry] of this.batches) {
      if (this.bodies <= this.maxBodies || oldest === id) break;
      this.batches.delete(oldest);
      this.bodies -= entry.bodies.length;
    }
    return batch;
  }

  /** Drops batch `id`, once its last message is gone from the file. */
  forget(id: number): void {
    const entry = this.batches.get(id);
    if (entry === undefined) return;
    this.batches.delete(id);
    this.bodies -= entry.bodies.length;
  }

  /** Drops everything. */
  clear(): void {
    this.batches.clear();
    this.bodies = 0;
  }
}
