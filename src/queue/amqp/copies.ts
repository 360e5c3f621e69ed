import { randomBytes } from "node:crypto";
import type * as Amqplib from "amqplib";
import { RuntimeError } from "../../errors.js";
import type { Message } from "../../model/message.js";
import { firstLine } from "../../util/first-line.js";
import { encodeMessage } from "./codec.js";
import type { Copy } from "./holdings.js";
import { MAX_BROKER_PRIORITY, type QueueNames } from "./topology.js";

/**
 * The copies of messages at RabbitMQ, between the driver and its channel: each is published
 * with a `messageId` of this ledger's, confirmed, delivered back to the driver's consumer
 * (matched by that id) and acked once settled. A copy settled before its delivery arrived is
 * acked on arrival; deliveries with ids the ledger never published (an earlier run's) go to
 * `adopt`.
 */
export class CopyLedger {
  /** Copies published and not yet delivered back, by `messageId`. */
  private readonly awaiting = new Map<string, Copy>();
  /** How many of {@link awaiting} are settled already, to be acked on arrival. */
  private ackOnArrival = 0;
  private readonly inFlight = new Set<Promise<void>>();
  /** Tells this ledger's ids from those of earlier runs, whose copies the queue may still hold. */
  private readonly instance = randomBytes(6).toString("hex");
  private published = 0;

  constructor(
    private readonly channel: Amqplib.ConfirmChannel,
    private readonly names: QueueNames,
    private readonly target: string,
    /** Fails the queue with this error (the first one wins) and returns the one that did. */
    private readonly fail: (error: Error) => Error,
    /** A delivery this ledger did not publish. */
    private readonly adopt: (delivery: Amqplib.ConsumeMessage) => void,
  ) {}

  /**
   * Publishes `message` to the work queue, with its retry time for a nacked one; the copy is
   * tracked at once, and the promise resolves when RabbitMQ confirmed it.
   */
  publishWork(message: Message, retryAt?: number): { copy: Copy; confirmed: Promise<void> } {
    const copy: Copy = { message, id: this.nextId(), delivery: undefined, ackOnArrival: false };
    this.awaiting.set(copy.id, copy);
    const body = encodeMessage(message, retryAt);
    return { copy, confirmed: this.publish(this.names.work, body, message.priority, copy.id) };
  }

  /** Publishes `message` with `error` to the dead-letter queue; resolves when confirmed. */
  publishDead(message: Message, error: string): Promise<void> {
    const body = encodeMessage(message, undefined, error);
    return this.publish(this.names.dead, body, message.priority, this.nextId());
  }

  /** Acks a copy settled for good, now or when its delivery arrives. */
  settle(copy: Copy): void {
    if (copy.delivery !== undefined) {
      this.ack(copy.delivery);
      copy.delivery = undefined;
    } else if (!copy.ackOnArrival) {
      copy.ackOnArrival = true;
      this.ackOnArrival++;
    }
  }

  /** The consumer's callback: a delivery of a copy, or `null` when RabbitMQ cancelled it. */
  readonly onDelivery = (delivery: Amqplib.ConsumeMessage | null): void => {
    if (delivery === null) {
      this.fail(
        new RuntimeError(
          `RabbitMQ at ${this.target} cancelled the consumer of queue "${this.names.work}" (deleted?)`,
        ),
      );
      return;
    }
    const id = delivery.properties.messageId as string | undefined;
    const copy = id === undefined ? undefined : this.awaiting.get(id);
    if (copy === undefined) {
      this.adopt(delivery);
      return;
    }
    this.awaiting.delete(id as string);
    if (copy.ackOnArrival) {
      this.ackOnArrival--;
      this.ack(delivery);
    } else {
      copy.delivery = delivery;
    }
  };

  /**
   * Waits, up to `graceMs`, for publishes to be confirmed and settled copies to arrive and be
   * acked, so that a clean close leaves RabbitMQ nothing the run settled.
   */
  async drain(graceMs: number): Promise<void> {
    const until = Date.now() + graceMs;
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(graceMs)]);
    while (this.ackOnArrival > 0 && Date.now() < until) await sleep(5);
    this.awaiting.clear();
  }

  private nextId(): string {
    return `${this.instance}.${++this.published}`;
  }

  /** Publishes persistent, resolving when RabbitMQ confirms; a refusal fails the queue. */
  private publish(queue: string, body: Buffer, priority: number, id: string): Promise<void> {
    const confirmed = new Promise<void>((resolve, reject) => {
      const options = { persistent: true, messageId: id, priority: brokerPriority(priority) };
      this.channel.sendToQueue(queue, body, options, (error: unknown) => {
        if (error === null || error === undefined) {
          resolve();
          return;
        }
        const line = `RabbitMQ at ${this.target} refused a message for queue "${queue}": ${firstLine(error)}`;
        reject(this.fail(new RuntimeError(line)));
      });
    });
    this.inFlight.add(confirmed);
    const forget = (): void => {
      this.inFlight.delete(confirmed);
    };
    confirmed.then(forget, forget);
    return confirmed;
  }

  private ack(delivery: Amqplib.Message): void {
    try {
      this.channel.ack(delivery);
    } catch {
      // The channel is gone: the fault it raised fails the queue; RabbitMQ keeps the copy.
    }
  }
}

/** A message's priority as RabbitMQ's 0..{@link MAX_BROKER_PRIORITY}. */
function brokerPriority(priority: number): number {
  return Math.max(0, Math.min(MAX_BROKER_PRIORITY, Math.round(priority) || 0));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
