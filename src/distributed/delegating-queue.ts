import type { Message } from "../model/message.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../queue/driver.js";

/** A queue that hands every call to another: the base of a queue that changes one or two. */
export class DelegatingQueue implements QueueDriver {
  readonly name: string;
  readonly capacity: number;

  constructor(protected readonly queue: QueueDriver) {
    this.name = queue.name;
    this.capacity = queue.capacity;
  }

  enqueue(messages: readonly Message[]): Promise<number> {
    return this.queue.enqueue(messages);
  }

  lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    return this.queue.lease(max, options);
  }

  ack(leases: readonly Lease[]): Promise<void> {
    return this.queue.ack(leases);
  }

  nack(lease: Lease, retryAt: number): Promise<void> {
    return this.queue.nack(lease, retryAt);
  }

  deadLetter(lease: Lease, error: string): Promise<void> {
    return this.queue.deadLetter(lease, error);
  }

  deadLetters(limit: number): Promise<DeadLetter[]> {
    return this.queue.deadLetters(limit);
  }

  snapshot(): Promise<Message[]> {
    return this.queue.snapshot();
  }

  depth(): Promise<QueueDepth> {
    return this.queue.depth();
  }

  nextRetryAt(): Promise<number | undefined> {
    return this.queue.nextRetryAt();
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
