import type * as Amqplib from "amqplib";
import { RuntimeError } from "../../errors.js";
import type { Message } from "../../model/message.js";
import { nowMs } from "../../util/clock.js";
import { MAX_TIMER_MS } from "../../util/timer-limit.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../driver.js";
import { checkDriverLimits, leaseVisibilityError } from "../driver-options.js";
import { prepareCodec } from "../message-codec.js";
import { QueueClosedError } from "../queue-closed.js";
import { WaitingProducers } from "../waiting-producers.js";
import { WakeTimer } from "../wake-timer.js";
import { decodeMessage } from "./codec.js";
import { type AmqpConnection, brokerError, connectAmqp } from "./connection.js";
import { CopyLedger } from "./copies.js";
import { type Copy, Holdings } from "./holdings.js";
import {
  type DeclaredQueues,
  declareQueues,
  deleteQueues,
  peekDeadLetters,
  type QueueNames,
  queueNames,
  refuseEarlierRun,
} from "./topology.js";
import { type AmqpQueueUrl, parseAmqpQueueUrl } from "./url.js";

/** Options of {@link AmqpQueue.open}. */
export interface AmqpQueueOptions {
  /** `amqp[s]://USER:PASSWORD@HOST:PORT/VHOST?queue=NAME`, as text or taken apart. */
  readonly url: string | AmqpQueueUrl;
  /** Most messages held at once: ready + delayed + leased. Default 10 000. */
  readonly capacity?: number;
  /** Visibility timeout of a lease whose call names none, ms. Default 30 000. */
  readonly visibilityMs?: number;
  /** Clock (epoch ms) for `enqueuedAt`, lease expiry and retry times. Default {@link nowMs}. */
  readonly now?: () => number;
  /** Carry on with what the queues already hold instead of refusing them. */
  readonly resume?: boolean;
  /** Longest wait to connect, ms. Default 4 000. */
  readonly connectTimeoutMs?: number;
}

interface WaitingConsumer {
  readonly max: number;
  readonly visibilityMs: number;
  readonly resolve: (leases: Lease[]) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** How long `close` waits for confirms and for settled copies still to arrive, ms. */
const CLOSE_GRACE_MS = 2_000;

/**
 * {@link QueueDriver} on RabbitMQ (amqplib), for one process that owns the queue, as every
 * run does. See docs/brokers.md for the mapping; in short:
 *
 * - Storage: a durable work queue (`x-queue-type` classic with `x-max-priority`, or quorum)
 *   and a dead-letter queue `NAME.dead`. Messages are published persistent on a confirm
 *   channel: `enqueue`, `nack` and `deadLetter` resolve once RabbitMQ confirmed the copy.
 * - The lease window is the prefetch: the driver consumes the work queue with a prefetch of
 *   `capacity` (plus room for copies in transit), so every message the queue holds is
 *   delivered to it and stays unacknowledged until it is settled for good. A crash or a lost
 *   connection hands them all back to RabbitMQ, which keeps them for the next run.
 * - Leases, their visibility timeouts, retry times and the order of hand-out are kept by the
 *   driver on its clock (RabbitMQ has no per-delivery timeout and its per-message TTLs expire
 *   only at the head of a queue). A lease that expires is handed out again from the same
 *   delivery; highest priority first, FIFO within one, across everything delivered.
 * - `nack` publishes the updated message (attempts, recipients, error) with its retry time to
 *   the work queue and, once confirmed, acks the old copy: a requeue that keeps the update. A
 *   copy read back by a later run waits for its retry time there too.
 * - `deadLetter` publishes the message with its error to `NAME.dead`, then acks the old copy.
 * - `acceptedAt` and `enqueuedAt` are stamped as the message is published (RabbitMQ
 *   confirms it within a round trip); `acceptedAt` travels in every copy.
 * - A copy RabbitMQ redelivers (its consumer died holding it) counts one hand-out for the dead
 *   holder (the hand-outs it made since the copy was published died with it), stored at once
 *   in a new copy.
 *
 * A lost connection or channel fails every pending and later call with one RuntimeError naming
 * RabbitMQ and the cause. After `close`, calls reject with {@link QueueClosedError}; what
 * the queues hold stays in RabbitMQ ({@link AmqpQueue.purge} deletes it).
 */
export class AmqpQueue implements QueueDriver {
  /** Always `amqp`. */
  readonly name = "amqp";
  readonly capacity: number;
  readonly visibilityMs: number;

  private readonly now: () => number;
  private readonly names: QueueNames;
  private readonly channel: Amqplib.ConfirmChannel;
  private readonly holdings = new Holdings();
  private readonly copies: CopyLedger;
  /** ready + delayed + leased, counting messages of an earlier run not delivered yet. */
  private held: number;
  private deadCount: number;
  /**
   * On resume, the sequence numbers of the dead letters: those the dead-letter queue held, and
   * those dead-lettered since. A message among them is only acked when dead-lettered again, so
   * that it is a dead letter once: the earlier process may have died between publishing its
   * dead letter and acking it, or between publishing a nacked message's new copy and acking
   * the old one (two copies, each dead-lettered in turn). Undefined on a fresh queue, whose
   * copies this driver pairs itself.
   */
  private deadAtResume: Set<number> | undefined;
  private readonly producers = new WaitingProducers();
  private readonly consumers: WaitingConsumer[] = [];
  private closed = false;
  private fault: Error | undefined;
  private lastBrokerError: unknown;

  private readonly wakeTimer = new WakeTimer(() => this.wake());

  private wake(): void {
    if (this.unusable() !== undefined) return;
    const now = this.now();
    this.maintain(now);
    this.armWake(now);
  }

  private constructor(
    private readonly connection: AmqpConnection,
    private readonly url: AmqpQueueUrl,
    settings: { capacity: number; visibilityMs: number; now: () => number },
    declared: DeclaredQueues,
  ) {
    this.capacity = settings.capacity;
    this.visibilityMs = settings.visibilityMs;
    this.now = settings.now;
    this.channel = connection.channel;
    this.names = queueNames(url);
    this.held = declared.held;
    this.deadCount = declared.deadLettered;
    const fail = (fault: Error): Error => this.trip(fault);
    const adopt = (delivery: Amqplib.ConsumeMessage): void => this.adopt(delivery);
    this.copies = new CopyLedger(this.channel, this.names, url.target, fail, adopt);
  }

  /**
   * Connects, declares the queues and starts consuming.
   *
   * @throws {ConfigError} for a bad URL or option, queues declared before with other
   * arguments, or (without `resume`) queues holding an earlier run's messages or dead letters
   * or consumed by another process.
   * @throws {RuntimeError} in one line naming RabbitMQ: unreachable, wrong user or password,
   * no such vhost, no permission.
   */
  static async open(options: AmqpQueueOptions): Promise<AmqpQueue> {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const url = typeof options.url === "string" ? parseAmqpQueueUrl(options.url) : options.url;
    const connection = await connectAmqp(url, options.connectTimeoutMs);
    try {
      const declared = await declareQueues(connection.channel, url);
      if (options.resume !== true) refuseEarlierRun(declared, url);
      prepareCodec();
      const now = options.now ?? nowMs;
      const queue = new AmqpQueue(connection, url, { capacity, visibilityMs, now }, declared);
      if (options.resume === true) {
        const letters = await peekDeadLetters(connection.model, url, declared.deadLettered);
        queue.deadAtResume = new Set(letters.map((letter) => letter.message.seq));
      }
      await queue.start();
      return queue;
    } catch (error) {
      await connection.model.close().catch(() => {});
      throw brokerError(error, url);
    }
  }

  /**
   * Deletes the queue's work and dead-letter queues and what they hold; returns how many
   * messages that was. The driver using them must be closed first.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when RabbitMQ cannot be reached or refuses.
   */
  static async purge(url: string | AmqpQueueUrl): Promise<number> {
    const parsed = typeof url === "string" ? parseAmqpQueueUrl(url) : url;
    const connection = await connectAmqp(parsed);
    try {
      return await deleteQueues(connection.model, parsed);
    } finally {
      await connection.model.close().catch(() => {});
    }
  }

  /**
   * Consumes the work queue exclusively, so a second process on the same queue is refused.
   * The prefetch covers every message the queue may hold plus copies in transit (a nacked
   * message's new copy arrives before its old one is acked); 0 (no limit) when that exceeds
   * what AMQP's prefetch count can say: the capacity still bounds what is held.
   */
  private async start(): Promise<void> {
    const window = this.capacity + Math.min(this.capacity, 1_024);
    await this.channel.prefetch(window <= 65_535 ? window : 0);
    const onLost = (cause: unknown): void => {
      if (this.closed) return;
      const said = cause ?? this.lastBrokerError;
      this.trip(
        new RuntimeError(
          `lost RabbitMQ at ${this.url.target}: ${said === undefined ? "connection closed" : brokerError(said, this.url).message.replace(/^RabbitMQ at \S+: /, "")}`,
        ),
      );
    };
    this.channel.on("error", (error: unknown) => {
      this.lastBrokerError = error;
    });
    this.channel.on("close", () => onLost(undefined));
    this.connection.model.on("close", (error?: Error) => onLost(error));
    await this.channel.consume(this.names.work, this.copies.onDelivery, {
      noAck: false,
      exclusive: true,
    });
  }

  /** A copy this driver did not publish: an earlier run's, read on resume. */
  private adopt(delivery: Amqplib.ConsumeMessage): void {
    let decoded: ReturnType<typeof decodeMessage>;
    try {
      decoded = decodeMessage(delivery.content);
    } catch {
      // Not ours to deliver (another application's bytes): RabbitMQ dead-letters it.
      this.channel.reject(delivery, false);
      this.deadCount++;
      this.held = Math.max(0, this.held - 1);
      return;
    }
    const { message, retryAt } = decoded;
    let copy: Copy = { message, id: "", delivery, ackOnArrival: false };
    if (this.holdings.size >= this.held) this.held++; // more than declared: keep the count honest
    if (delivery.fields.redelivered) {
      // Its holder died with its hand-outs unrecorded: count one, and store the count in a new
      // copy (the old one acked once it is confirmed), so that every crash brings a poison
      // message one attempt nearer its end, even one that crashes the run each time.
      message.attempts++;
      const old = copy;
      const republished = this.copies.publishWork(message, retryAt);
      copy = republished.copy;
      republished.confirmed.then(
        () => this.copies.settle(old),
        () => {}, // the queue failed with it; RabbitMQ keeps the old copy
      );
    }
    if (retryAt !== undefined) this.holdings.addDelayed(retryAt, copy);
    else this.holdings.addReady(copy);
    if (this.consumers.length > 0) {
      const now = this.now();
      this.maintain(now);
      this.armWake(now);
    }
  }

  enqueue(messages: readonly Message[]): Promise<number> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    if (messages.length === 0) return Promise.resolve(0);
    if (this.producers.size > 0) return this.producers.park(messages, 0, []);
    const accepted = Math.min(messages.length, this.capacity - this.held);
    const confirms = accepted > 0 ? [this.accept(messages, 0, accepted)] : [];
    if (accepted === messages.length) return Promise.all(confirms).then(() => 0);
    return this.producers.park(messages, accepted, confirms);
  }

  lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== undefined) return Promise.reject(badVisibility);
    const now = this.now();
    this.maintain(now);
    const waitMs = options?.waitMs ?? 0;
    if (this.holdings.readyCount > 0 || !(max >= 1) || !(waitMs > 0)) {
      return Promise.resolve(this.holdings.take(max, visibilityMs, now));
    }
    return new Promise<Lease[]>((resolve, reject) => {
      const consumer: WaitingConsumer = { max, visibilityMs, resolve, reject, timer: undefined };
      consumer.timer = setTimeout(() => this.giveUp(consumer), Math.min(waitMs, MAX_TIMER_MS));
      this.consumers.push(consumer);
      this.armWake(now);
    });
  }

  ack(leases: readonly Lease[]): Promise<void> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    let freed = 0;
    for (const lease of leases) {
      const copy = this.holdings.release(lease.token);
      if (copy === undefined) continue;
      this.copies.settle(copy);
      freed++;
    }
    if (freed > 0) this.free(freed);
    return Promise.resolve();
  }

  async nack(lease: Lease, retryAt: number): Promise<void> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    if (Number.isNaN(retryAt)) throw new RangeError("retryAt must not be NaN");
    const old = this.holdings.release(lease.token);
    if (old === undefined) return;
    const { copy, confirmed } = this.copies.publishWork(lease.message, retryAt);
    this.holdings.addDelayed(retryAt, copy);
    if (this.consumers.length > 0) {
      const now = this.now();
      this.maintain(now);
      this.armWake(now);
    }
    // The new copy is stored before the old one goes: a crash in between leaves both, a
    // duplicate the audit explains, never a loss.
    await confirmed;
    this.copies.settle(old);
  }

  async deadLetter(lease: Lease, error: string): Promise<void> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    const old = this.holdings.release(lease.token);
    if (old === undefined) return;
    this.free(1);
    // Dead-lettered before (see deadAtResume): only the copy goes.
    if (this.deadAtResume?.has(lease.message.seq) !== true) {
      this.deadCount++;
      this.deadAtResume?.add(lease.message.seq);
      await this.copies.publishDead(lease.message, error);
    }
    this.copies.settle(old);
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    return peekDeadLetters(this.connection.model, this.url, limit);
  }

  snapshot(): Promise<Message[]> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    const messages: Message[] = [];
    this.holdings.forEachMessage((message) => {
      messages.push(message);
    });
    return Promise.resolve(messages);
  }

  depth(): Promise<QueueDepth> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    this.maintain(this.now());
    return Promise.resolve({
      // An earlier run's messages not delivered yet (on resume) are counted as ready.
      ready: this.holdings.readyCount + Math.max(0, this.held - this.holdings.size),
      delayed: this.holdings.delayedCount,
      leased: this.holdings.leasedCount,
      deadLettered: this.deadCount,
    });
  }

  nextRetryAt(): Promise<number | undefined> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    this.maintain(this.now());
    return Promise.resolve(this.holdings.nextRetryAt());
  }

  /**
   * Ends waits, lets publishes confirm and settled copies arrive to be acked (up to
   * {@link CLOSE_GRACE_MS}), then closes the connection: RabbitMQ takes back every copy still
   * unacknowledged, ready for the next run. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.disarmWake();
    for (const consumer of this.consumers.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.resolve([]);
    }
    this.producers.rejectAll(new QueueClosedError(this.name));
    if (this.fault === undefined) await this.copies.drain(CLOSE_GRACE_MS);
    this.holdings.clear();
    // Closing the channel first, a round trip, lets RabbitMQ apply the acks sent before it:
    // closing the connection outright raced them, and acked copies came back next run.
    await this.channel.close().catch(() => {});
    await this.connection.model.close().catch(() => {});
  }

  /** Stamps, publishes and makes ready `messages[from..to)`, which must fit. */
  private accept(messages: readonly Message[], from: number, to: number): Promise<void> {
    const now = this.now();
    const confirms: Promise<void>[] = [];
    for (let i = from; i < to; i++) {
      const message = messages[i] as Message;
      message.enqueuedAt = now;
      message.acceptedAt = now;
      const { copy, confirmed } = this.copies.publishWork(message);
      confirms.push(confirmed);
      this.holdings.addReady(copy);
    }
    this.held += to - from;
    if (this.consumers.length > 0) this.serveConsumers(now);
    return Promise.all(confirms).then(() => {});
  }

  /** Gives `count` freed places to waiting producers; each resolves once RabbitMQ confirmed. */
  private free(count: number): void {
    this.held -= count;
    this.producers.admit(
      () => this.capacity - this.held,
      (messages, from, to) => this.accept(messages, from, to),
    );
  }

  private maintain(now: number): void {
    this.holdings.catchUp(now);
    if (this.consumers.length > 0 && this.holdings.readyCount > 0) this.serveConsumers(now);
  }

  private serveConsumers(now: number): void {
    while (this.consumers.length > 0 && this.holdings.readyCount > 0) {
      const consumer = this.consumers.shift() as WaitingConsumer;
      clearTimeout(consumer.timer);
      consumer.resolve(this.holdings.take(consumer.max, consumer.visibilityMs, now));
    }
    this.armWake(now);
  }

  private giveUp(consumer: WaitingConsumer): void {
    consumer.timer = undefined;
    if (this.consumers.includes(consumer) && this.unusable() === undefined) {
      this.maintain(this.now());
    }
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    consumer.resolve([]);
    if (this.consumers.length === 0) this.disarmWake();
  }

  /** Keeps one unref'd timer set for the next retry or lease expiry while long polls wait. */
  private armWake(now: number): void {
    const due = this.consumers.length === 0 ? Number.POSITIVE_INFINITY : this.holdings.nextDue();
    this.wakeTimer.arm(due, now);
  }

  private disarmWake(): void {
    this.wakeTimer.disarm();
  }

  /** Why calls fail now: closed, or the fault that broke the connection. */
  private unusable(): Error | undefined {
    if (this.closed) return new QueueClosedError(this.name);
    return this.fault;
  }

  /** Fails the queue with `fault` (the first one wins): every waiting call rejects with it. */
  private trip(fault: Error): Error {
    if (this.fault !== undefined) return this.fault;
    this.fault = fault;
    this.disarmWake();
    for (const consumer of this.consumers.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.reject(fault);
    }
    this.producers.rejectAll(fault);
    return fault;
  }
}
