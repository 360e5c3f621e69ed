import type { Message } from "../model/message.js";
import type { Lease } from "../queue/driver.js";

/** Most deliveries planned at once: a run of synchronous calls reads the clock once more per as many. */
const MOST_PLANNED = 256;

/**
 * A run of synchronous calls in one worker, each answered with `DELIVERED`: the reading that
 * ended one call also started the next.
 *
 * The run is planned before its first reading: which message goes to which recipient, and
 * where the round's place is after each, read from the leases then, so that between one call's
 * reading and the next call there is only taking the next entry of the plan, not following
 * leases to messages to recipients. What is done for each delivery (the recorder, the message's
 * slowest delivery and end) waits until the run is over, for the same reason.
 *
 * A plan starts at one delivery and doubles after each run that every call answered with
 * `DELIVERED`, up to {@link MOST_PLANNED}: a core that answers otherwise (a promise, a failure)
 * gets plans of one, one delivery at a time as without runs. One per worker, reused batch after
 * batch.
 */
export class SyncRun {
  /** When the run's first call started, on the precise clock, ms. */
  startedAt = 0;
  /** Deliveries that answered `DELIVERED`, from the plan's first. */
  size = 0;
  /** Deliveries the next plan may hold. */
  private room = 1;
  private indexes = new Int32Array(1);
  /** The leases planned from. */
  private leases: readonly Lease[] = [];
  private recipients: string[] = [];
  /** When each call ended, on the precise clock, ms: the start of the next one. */
  private ends = new Float64Array(1);
  /** Where each planned delivery's recipient stands in its message's recipients. */
  private positions = new Int32Array(1);

  /**
   * Plan the deliveries that follow the round's place (`leaseIndex`, `recipientIndex`) in
   * `leases`, skipping missing recipients. Returns how many; 0 when none are left.
   */
  plan(leases: readonly Lease[], leaseIndex: number, recipientIndex: number): number {
    if (this.ends.length < this.room) this.grow(this.room);
    this.size = 0;
    this.leases = leases;
    let planned = 0;
    let lease = leaseIndex;
    let recipient = recipientIndex;
    while (planned < this.room && lease < leases.length) {
      const message = (leases[lease] as Lease).message;
      const recipients = message.recipients;
      const to = recipients[recipient];
      if (to !== undefined) {
        this.indexes[planned] = lease;
        this.positions[planned] = recipient;
        this.recipients[planned] = to;
        planned++;
      }
      if (++recipient >= recipients.length) {
        recipient = 0;
        lease++;
      }
    }
    return planned;
  }

  /**
   * After a run: `allDelivered`, every planned call answered `DELIVERED`, and the next plan may
   * hold twice as many; false, one answered otherwise, and the next plan holds one. A run cut
   * short for the loop to breathe tells nothing either way: leave it out.
   */
  adapt(allDelivered: boolean): void {
    this.room = allDelivered ? Math.min(this.room * 2, MOST_PLANNED) : 1;
  }

  /** Planned delivery `at`'s call answered `DELIVERED` at `endedAt`. */
  delivered(at: number, endedAt: number): void {
    this.ends[at] = endedAt;
  }

  /** Position in the batch of planned delivery `at`'s message. */
  index(at: number): number {
    return this.indexes[at] as number;
  }

  /** Planned delivery `at`'s message. */
  message(at: number): Message {
    return (this.leases[this.indexes[at] as number] as Lease).message;
  }

  /** Planned delivery `at`'s recipient. */
  recipient(at: number): string {
    return this.recipients[at] as string;
  }

  /** The round's lease after planned delivery `at`. */
  leaseAfterDelivery(at: number): number {
    const index = this.indexes[at] as number;
    return this.isLastRecipient(at) ? index + 1 : index;
  }

  /** The round's recipient within that lease after planned delivery `at`. */
  recipientAfterDelivery(at: number): number {
    return this.isLastRecipient(at) ? 0 : (this.positions[at] as number) + 1;
  }

  /** When delivery `at`'s call started: the run's start, or the end of the one before. */
  started(at: number): number {
    return at === 0 ? this.startedAt : (this.ends[at - 1] as number);
  }

  /** When delivery `at`'s call ended. */
  endedAt(at: number): number {
    return this.ends[at] as number;
  }

  private isLastRecipient(at: number): boolean {
    return (this.positions[at] as number) + 1 >= this.message(at).recipients.length;
  }

  private grow(room: number): void {
    const length = Math.max(room, this.ends.length * 2);
    this.indexes = new Int32Array(length);
    this.ends = new Float64Array(length);
    this.positions = new Int32Array(length);
  }
}
