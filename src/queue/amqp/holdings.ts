import type * as Amqplib from "amqplib";
import type { Message } from "../../model/message.js";
import type { Lease } from "../driver.js";
import { MinHeap } from "../memory/min-heap.js";
import { PriorityFifo } from "../memory/priority-fifo.js";
import { LeaseClock } from "./lease-clock.js";

/**
 * One copy of a message at RabbitMQ as the driver tracks it. `delivery` is the broker's
 * delivery of the copy once the consumer has it; a copy settled before then is acked when it
 * arrives (`ackOnArrival`).
 */
export interface Copy {
  readonly message: Message;
  /** The `messageId` it was published with; empty for a copy an earlier run published. */
  readonly id: string;
  delivery: Amqplib.ConsumeMessage | undefined;
  ackOnArrival: boolean;
}

/**
 * What the driver holds of the queue, by state, on its clock: ready copies by priority (FIFO
 * within one), delayed ones by retry time, leased ones by token. The same structures as the
 * memory driver's; RabbitMQ holds the copies themselves, unacknowledged, until they settle.
 */
export class Holdings {
  private readonly ready = new PriorityFifo<Copy>();
  private readonly delayed = new MinHeap<Copy>();
  private readonly leases = new LeaseClock<Copy>();

  /** Makes a copy ready again, `enqueuedAt` restamped to when it became so. */
  private readonly requeue = (copy: Copy, readyAt: number): void => {
    copy.message.enqueuedAt = readyAt;
    this.ready.push(copy.message.priority, copy);
  };

  get readyCount(): number {
    return this.ready.size;
  }

  get delayedCount(): number {
    return this.delayed.size;
  }

  get leasedCount(): number {
    return this.leases.size;
  }

  /** Everything held: ready, delayed and leased. */
  get size(): number {
    return this.ready.size + this.delayed.size + this.leases.size;
  }

  addReady(copy: Copy): void {
    this.ready.push(copy.message.priority, copy);
  }

  addDelayed(retryAt: number, copy: Copy): void {
    this.delayed.push(retryAt, copy);
  }

  /** Ends lease `token`: its copy, or undefined for a stale token. */
  release(token: number): Copy | undefined {
    return this.leases.take(token);
  }

  /** Leases up to `max` ready copies, highest priority first, counting each hand-out. */
  take(max: number, visibilityMs: number, now: number): Lease[] {
    const leases: Lease[] = [];
    const count = Math.min(Math.floor(max), this.ready.size);
    for (let i = 0; i < count; i++) {
      const copy = this.ready.shift() as Copy;
      // Counted here, not by the holder: a hand-out whose lease expires still counts.
      copy.message.attempts++;
      leases.push({ message: copy.message, token: this.leases.add(copy, visibilityMs, now) });
    }
    return leases;
  }

  /** Makes expired leases and due retries ready, each stamped with when it fell due. */
  catchUp(now: number): void {
    if (this.leases.size > 0) this.leases.reap(now, this.requeue);
    const delayed = this.delayed;
    for (let due = delayed.peekKey(); due !== undefined && due <= now; due = delayed.peekKey()) {
      this.requeue(delayed.pop() as Copy, due);
    }
  }

  /** The earliest retry time still delayed. */
  nextRetryAt(): number | undefined {
    return this.delayed.peekKey();
  }

  /** When something may next become ready without an enqueue: a retry or a lease expiry. */
  nextDue(): number {
    return Math.min(
      this.delayed.peekKey() ?? Number.POSITIVE_INFINITY,
      this.leases.earliestExpiry(),
    );
  }

  forEachMessage(visit: (message: Message) => void): void {
    const each = (copy: Copy): void => visit(copy.message);
    this.ready.forEach(each);
    this.delayed.forEach(each);
    this.leases.forEach(each);
  }

  clear(): void {
    this.ready.clear();
    this.delayed.clear();
    this.leases.clear();
  }
}
