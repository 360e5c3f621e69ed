/** Room a run starts with; it doubles as needed, up to a batch's deliveries. */
const INITIAL_ROOM = 16;

/**
 * The deliveries of one run of synchronous calls that each answered `DELIVERED`, one after
 * another in one worker: where the reading that ended one call also started the next. Kept
 * while the run lasts, so that what is done for each delivery (the recorder, the message's
 * slowest delivery and end) waits until the run is over instead of falling inside the next
 * call's window. One per worker, reused batch after batch.
 */
export class SyncRun {
  /** When the run's first call started, on the precise clock, ms. */
  startedAt = 0;
  /** Deliveries held. */
  size = 0;
  /** Position in the batch of each delivery's message. */
  private indexes = new Int32Array(INITIAL_ROOM);
  /** When each call ended, on the precise clock, ms: the start of the next one. */
  private ends = new Float64Array(INITIAL_ROOM);
  private readonly recipients: string[] = [];

  /** Start an empty run whose first call starts at `startedAt`. */
  begin(startedAt: number): void {
    this.startedAt = startedAt;
    this.size = 0;
  }

  /** The call delivering message `index` to `recipient` answered `DELIVERED` at `endedAt`. */
  add(index: number, recipient: string, endedAt: number): void {
    const at = this.size++;
    if (at === this.ends.length) this.grow();
    this.indexes[at] = index;
    this.ends[at] = endedAt;
    this.recipients[at] = recipient;
  }

  /** Position in the batch of delivery `at`'s message. */
  index(at: number): number {
    return this.indexes[at] as number;
  }

  /** Recipient of delivery `at`. */
  recipient(at: number): string {
    return this.recipients[at] as string;
  }

  /** When delivery `at`'s call started. */
  started(at: number): number {
    return at === 0 ? this.startedAt : (this.ends[at - 1] as number);
  }

  /** When delivery `at`'s call ended. */
  ended(at: number): number {
    return this.ends[at] as number;
  }

  private grow(): void {
    const indexes = new Int32Array(this.indexes.length * 2);
    indexes.set(this.indexes);
    this.indexes = indexes;
    const ends = new Float64Array(this.ends.length * 2);
    ends.set(this.ends);
    this.ends = ends;
  }
}
