import type { NatsConnection } from "@nats-io/transport-node";
import { ConfigError, RuntimeError } from "../../errors.js";
import type { Message } from "../../model/message.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../driver.js";
import { checkDriverLimits, leaseVisibilityError } from "../driver-options.js";
import { prepareCodec } from "../message-codec.js";
import { QueueClosedError } from "../queue-closed.js";
import {
  decodeDeadLetter,
  decodeNatsMessage,
  decodeRetryState,
  encodeDeadLetter,
  encodeNatsMessage,
  encodeRetryState,
} from "./codec.js";
import { connectNats, describeNatsError, lostNats, NATS_RECONNECT_WINDOW_S } from "./connection.js";
import { type Holding, Holdings } from "./holdings.js";
import { InFlight } from "./in-flight.js";
import { natsNames } from "./names.js";
import { deleteQueueStreams, type LanePulled, NatsStore } from "./store.js";
import { type NatsQueueUrl, natsStreamNameProblem, parseNatsQueueUrl } from "./url.js";

/** Options of {@link NatsQueue.open}. */
export interface NatsQueueOptions {
  /** `nats://[USER:PASSWORD@]HOST[:PORT][?stream=NAME]`, as text or taken apart. */
  readonly url: string | NatsQueueUrl;
  /** Most messages held at once (ready + delayed + leased). Default 10 000. */
  readonly capacity?: number;
  /**
   * Visibility timeout of a lease whose call names none, ms; the consumers' AckWait. Default
   * 30 000.
   */
  readonly visibilityMs?: number;
  /**
   * Clock (epoch ms) for `acceptedAt`, `enqueuedAt`, lease expiry and retry times. When given,
   * retries are held by this instance until due on it (the broker's timers run on real time
   * only); when absent, `Date.now` and a nack is JetStream's nak with delay.
   */
  readonly now?: () => number;
  /** Carry on with what the queue holds; without it a queue holding anything is refused. */
  readonly resume?: boolean;
}

/** How often a waiting producer or long poll looks again, ms, when nothing here woke it. */
const POLL_MS = 20;
/** Most messages stored per round of publishes. */
const PUBLISH_WINDOW = 256;

/**
 * {@link QueueDriver} on NATS JetStream (see `names.ts` for the streams and consumers).
 *
 * - enqueue publishes each message to its priority's subject of a work-queue stream and waits
 *   for JetStream's acknowledgement; it waits for room while this instance counts `capacity`
 *   messages in the stream.
 * - lease pulls from the priority lanes' durable consumers, highest first. `attempts` is the
 *   consumer's delivery count (every hand-out counts, expired ones too) on top of what the
 *   last nack stored. A lease ends at its deadline on the driver's clock: an expired lease is
 *   nakked at the next lease or depth call and comes back with a new token. The consumers'
 *   AckWait (the visibility timeout) ends the leases of a process that is gone; a lease longer
 *   than AckWait is kept alive with progress acks.
 * - ack is JetStream's ack (the work-queue stream drops the message); nack stores the changed
 *   fields in the retry stream and naks with the delay left until `retryAt` (on an injected
 *   clock, which the broker's timers cannot follow, it holds the message until it is due there,
 *   then naks it); deadLetter publishes the message to the dead-letter stream, then acks it.
 *
 * A message that comes back (expired lease, due retry) goes ahead of its lane's messages never
 * handed out: JetStream serves redeliveries first. One process owns a queue at a time (as for
 * every driver); capacity and depth count what this instance did since it found the stream's
 * contents at open.
 */
export class NatsQueue implements QueueDriver {
  /** Always `nats`. */
  readonly name = "nats";
  readonly capacity: number;
  readonly visibilityMs: number;
  /** The queue's name (its work stream's). */
  readonly stream: string;

  private readonly holdings = new Holdings();
  private readonly wakers = new Set<() => void>();
  /** Calls on their way to the broker. */
  private readonly inFlight = new InFlight((error) => this.asFault(error));
  /** Producers store one after the other, in call order. */
  private producing: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private readonly keepAlive: NodeJS.Timeout;
  /** `HOST:PORT`, for errors. */
  private readonly target: string;
  /** Set once the connection is lost for good (the client's reconnects failed). */
  private fault: RuntimeError | undefined;
  /** Calls cut off by a disconnect, waiting to learn whether the client reconnects. */
  private readonly awaitingReconnect = new Set<() => void>();

  /**
   * On resume, the sequence numbers the dead-letter stream held: a message among them is only
   * acked when dead-lettered again, so that it is a dead letter once, as if the earlier process
   * had not died between storing its dead letter and acking it.
   */
  private deadAtResume: ReadonlySet<number> | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly store: NatsStore,
    private readonly now: () => number,
    private readonly brokerTimers: boolean,
    /** Messages in the work stream (ready, delayed, leased). */
    private held: number,
    private dead: number,
    settings: { capacity: number; visibilityMs: number; stream: string; target: string },
  ) {
    void nc.closed().then((error) => {
      const fault = lostNats(settings.target, error);
      // Calls still on their way fail now, closing or not: the connection will never answer.
      this.inFlight.cutAll(fault);
      if (this.closing === undefined) this.fault = fault;
      this.reconnectDecided();
      this.wake();
    });
    void this.watchReconnects(nc);
    this.target = settings.target;
    this.capacity = settings.capacity;
    this.visibilityMs = settings.visibilityMs;
    this.stream = settings.stream;
    // A holding gets a progress ack once it is a third of AckWait old, looked at every third:
    // it is never more than two thirds of AckWait (and a timer's lateness) without one.
    const every = Math.max(25, Math.floor(this.visibilityMs / 3));
    this.keepAlive = setInterval(() => this.sendProgress(every), every);
    this.keepAlive.unref();
  }

  /**
   * Connects and opens the queue's streams, creating them when new.
   *
   * @throws {ConfigError} for a bad URL or option, a stream of that name that is not a queue's,
   * or (without `resume`) a queue still holding messages or dead letters.
   * @throws {RuntimeError} when NATS cannot be reached, refuses the credentials or has no
   * JetStream, within 5 s.
   */
  static async open(options: NatsQueueOptions): Promise<NatsQueue> {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const url = typeof options.url === "string" ? parseNatsQueueUrl(options.url) : options.url;
    const problem = natsStreamNameProblem(url.stream);
    if (problem !== undefined) throw new ConfigError(`queue ${problem}`);
    const nc = await connectNats(url);
    try {
      const store = await NatsStore.open(nc, natsNames(url.stream), visibilityMs);
      const { held, dead } = await store.counts();
      if (options.resume !== true) refuseEarlierRun(store.describe(url.target), held, dead);
      prepareCodec();
      const queue = new NatsQueue(
        nc,
        store,
        options.now ?? Date.now,
        options.now === undefined,
        held,
        dead,
        { capacity, visibilityMs, stream: url.stream, target: url.target },
      );
      if (options.resume === true && dead > 0) {
        const records = await store.deadLetters(dead);
        queue.deadAtResume = new Set(records.map((record) => decodeDeadLetter(record).message.seq));
      }
      return queue;
    } catch (error) {
      await nc.close().catch(() => {});
      throw error;
    }
  }

  /**
   * Deletes a queue's streams (messages, dead letters, retry states) and consumers; how many
   * streams there were. No instance may be using it.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when NATS cannot be reached.
   */
  static async purge(url: string | NatsQueueUrl, stream?: string): Promise<number> {
    const parsed = typeof url === "string" ? parseNatsQueueUrl(url) : url;
    const name = stream ?? parsed.stream;
    const problem = natsStreamNameProblem(name);
    if (problem !== undefined) throw new ConfigError(`queue ${problem}`);
    const nc = await connectNats(parsed);
    try {
      return await deleteQueueStreams(nc, natsNames(name));
    } finally {
      await nc.close().catch(() => {});
    }
  }

  /**
   * Stores the messages in order, waiting behind any producer already waiting and, whenever
   * the queue is full, for room. Resolves to the number of times it found the queue full.
   */
  enqueue(messages: readonly Message[]): Promise<number> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    if (messages.length === 0) return Promise.resolve(0);
    const batch = messages.slice(); // the caller may reuse its array at once
    const stored = this.producing.then(() => this.produce(batch));
    this.producing = stored.catch(() => {});
    return this.track(stored);
  }

  /** Hands out up to `max` ready messages, highest priority first; see the class comment. */
  async lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const bad = leaseVisibilityError(visibilityMs);
    if (bad !== undefined) throw bad;
    if (!(max >= 1)) return [];
    const waitUntil = performance.now() + (options?.waitMs ?? 0);
    for (;;) {
      const leases = await this.track(this.leaseNow(max, visibilityMs));
      if (leases.length > 0 || this.closing !== undefined) return leases;
      const left = waitUntil - performance.now();
      if (left <= 0) return [];
      await this.nap(Math.min(left, POLL_MS));
      if (this.closing !== undefined) return [];
    }
  }

  /** Acknowledges the messages for good; stale tokens are ignored. */
  async ack(leases: readonly Lease[]): Promise<void> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    const drops: Promise<void>[] = [];
    let freed = 0;
    for (const lease of leases) {
      const holding = this.holdings.take(lease.token);
      if (holding === undefined) continue;
      this.store.ack(holding.reply);
      freed++;
      if (holding.retried) drops.push(this.store.dropRetry(holding.seq));
    }
    if (freed === 0) return;
    this.held -= freed;
    await this.track(Promise.all([this.store.flush(), ...drops]));
    this.wake();
  }

  /**
   * Returns the message for another attempt at `retryAt`, keeping the attempts, recipients and
   * last error of `lease.message`; a stale token is ignored.
   */
  async nack(lease: Lease, retryAt: number): Promise<void> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    if (Number.isNaN(retryAt)) throw new RangeError("retryAt must not be NaN");
    const holding = this.holdings.take(lease.token);
    if (holding === undefined) return;
    const now = this.now();
    const dueAt = Math.max(retryAt, now);
    const state = encodeRetryState(lease.message, holding.deliveries, dueAt);
    // Stored before the nak: a message handed out again always finds its changes.
    await this.track(this.store.putRetry(holding.seq, state));
    this.holdings.returns.set(holding.seq, {
      readyAt: dueAt,
      retry: decodeRetryState(state),
    });
    const heldHere = !this.brokerTimers && dueAt > now;
    if (!heldHere) await this.track(this.store.nak(holding.reply, dueAt - now));
    if (dueAt > now) {
      this.holdings.delayed.set(holding.seq, {
        seq: holding.seq,
        reply: holding.reply,
        dueAt,
        heldHere,
        aliveAt: holding.aliveAt,
      });
    }
    this.wake();
  }

  /** Moves the message, as `lease.message` has it, to the dead-letter stream with `error`. */
  async deadLetter(lease: Lease, error: string): Promise<void> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    const holding = this.holdings.take(lease.token);
    if (holding === undefined) return;
    // An earlier process that stored the dead letter and died before its ack left both.
    const stored = this.deadAtResume?.has(lease.message.seq) === true;
    if (!stored) {
      await this.track(this.store.addDeadLetter(encodeDeadLetter(lease.message, error)));
      this.dead++;
    }
    this.store.ack(holding.reply);
    this.held--;
    await this.track(
      Promise.all([
        this.store.flush(),
        holding.retried ? this.store.dropRetry(holding.seq) : undefined,
      ]),
    );
    this.wake();
  }

  /** Up to `limit` dead letters, oldest first. */
  async deadLetters(limit: number): Promise<DeadLetter[]> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    const records = await this.track(this.store.deadLetters(limit));
    return records.map((record) => decodeDeadLetter(record));
  }

  /**
   * Every message held, read from the work stream (one request per message: for the end of a
   * run, not a hot path), leased ones as their holder has them.
   */
  async snapshot(): Promise<Message[]> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    const out: Message[] = [];
    const stored = await this.track(this.store.allHeld());
    for (const { seq, data } of stored) {
      const token = this.holdings.tokenOf.get(seq);
      const holding = token === undefined ? undefined : this.holdings.leases.get(token);
      if (holding !== undefined) {
        out.push(holding.message);
        continue;
      }
      const message = decodeNatsMessage(data);
      const back = this.holdings.returns.get(seq);
      if (back?.retry !== undefined) message.applyRetry(back.retry);
      out.push(message);
    }
    return out;
  }

  /** Current contents by state, after expired leases and due retries have become ready. */
  async depth(): Promise<QueueDepth> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    await this.track(this.settleDue());
    const leased = this.holdings.leases.size;
    const delayed = this.holdings.delayed.size;
    return {
      ready: Math.max(0, this.held - leased - delayed),
      delayed,
      leased,
      deadLettered: this.dead,
    };
  }

  /** Retry time of the earliest message still delayed. */
  async nextRetryAt(): Promise<number | undefined> {
    if (this.closing !== undefined || this.fault !== undefined) return this.rejectClosed();
    await this.track(this.settleDue());
    return this.holdings.nextDue();
  }

  /**
   * Ends long polls with nothing and rejects waiting producers, hands retries held here to the
   * broker (nak with the delay left), waits for calls on their way and disconnects. Leases
   * still held end with AckWait, as a crashed process's would. Idempotent.
   */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    clearInterval(this.keepAlive);
    this.closing = (async () => {
      this.wake();
      await this.inFlight.settled();
      const now = this.now();
      const naks = [...this.holdings.delayed.values()]
        .filter((delayed) => delayed.heldHere)
        .map((delayed) => this.store.nak(delayed.reply, delayed.dueAt - now));
      await Promise.allSettled(naks);
      if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
    })();
    return this.closing;
  }

  private async produce(batch: readonly Message[]): Promise<number> {
    let waits = 0;
    let blocked = false;
    for (let next = 0; next < batch.length; ) {
      if (this.closing !== undefined) throw new QueueClosedError(this.name);
      if (this.fault !== undefined) throw this.fault;
      const room = this.capacity - this.held;
      if (room <= 0) {
        if (!blocked) waits++;
        blocked = true;
        await this.nap(POLL_MS);
        continue;
      }
      blocked = false;
      const take = Math.min(room, batch.length - next, PUBLISH_WINDOW);
      const window = batch.slice(next, next + take);
      for (const message of window) await this.store.ensureLane(message.priority);
      const at = this.now();
      this.held += take; // counted before the await, so that a concurrent check sees it
      try {
        await this.store.publish(
          window.map((message) => encodeNatsMessage(message, at)),
          window.map((message) => message.priority),
        );
      } catch (error) {
        this.held -= take;
        throw error;
      }
      next += take;
      this.wake();
    }
    return waits;
  }

  private async leaseNow(max: number, visibilityMs: number): Promise<Lease[]> {
    await this.settleDue();
    const pulled = await this.store.pull(max);
    if (pulled.length === 0) return [];
    if (this.closing !== undefined) {
      // Answered with nothing at close: the messages need not wait out AckWait.
      await Promise.allSettled(pulled.map((p) => this.store.nak(p.reply, 0)));
      return [];
    }
    const now = this.now();
    const leases: Lease[] = [];
    for (const p of pulled) leases.push(await this.handOut(p, now + visibilityMs));
    return leases;
  }

  /** Builds the lease of a pulled message, with what its earlier hand-outs left for it. */
  private async handOut(p: LanePulled, deadline: number): Promise<Lease> {
    const message = decodeNatsMessage(p.data);
    const back = this.holdings.returns.get(p.streamSeq);
    this.holdings.returns.delete(p.streamSeq);
    let retry = back?.retry;
    if (retry === undefined && back === undefined && p.deliveries > 1) {
      // Handed out before by another process (or before a restart): its changes are stored.
      const stored = await this.store.getRetry(p.streamSeq);
      retry = stored === undefined ? undefined : decodeRetryState(stored);
    }
    const token = this.holdings.nextToken();
    const earlier = this.holdings.tokenOf.get(p.streamSeq);
    const stale = earlier === undefined ? undefined : this.holdings.leases.get(earlier);
    if (retry !== undefined) {
      message.applyRetry(retry);
      message.attempts = retry[0] + (p.deliveries - retry[3]);
      message.enqueuedAt = retry[4];
    } else {
      message.attempts += p.deliveries;
    }
    if (back !== undefined) message.enqueuedAt = back.readyAt;
    else if (stale !== undefined) message.enqueuedAt = Math.min(stale.deadline, this.now());
    else if (p.deliveries > 1 && retry === undefined) message.enqueuedAt = this.now();
    const holding: Holding = {
      token,
      seq: p.streamSeq,
      reply: p.reply,
      deliveries: p.deliveries,
      deadline,
      message,
      retried: retry !== undefined,
      aliveAt: performance.now(),
    };
    // When the broker handed it out again by itself (AckWait passed), the older lease goes stale.
    this.holdings.add(holding);
    return { message, token };
  }

  /** Expired leases and retries held here that are due go back to the broker, in order. */
  private async settleDue(): Promise<void> {
    const now = this.now();
    const naks: Promise<void>[] = [];
    for (const holding of this.holdings.expired(now)) {
      this.holdings.take(holding.token);
      this.holdings.returns.set(holding.seq, {
        readyAt: holding.deadline,
        ...(holding.retried ? { retry: this.retryOf(holding) } : {}),
      });
      naks.push(this.store.nak(holding.reply, 0));
    }
    for (const delayed of this.holdings.due(now)) {
      this.holdings.delayed.delete(delayed.seq);
      if (delayed.heldHere) naks.push(this.store.nak(delayed.reply, 0));
    }
    // Sent in order (the broker hands them out again in that order), answered together.
    await Promise.all(naks);
  }

  /** The retry state an expired lease of a retried message passes on. */
  private retryOf(holding: Holding) {
    const m = holding.message;
    return [
      m.attempts,
      m.lastError ?? null,
      m.recipients,
      holding.deliveries,
      m.enqueuedAt,
    ] as const;
  }

  /** Progress acks for what this instance has held `every` ms since its last sign of life. */
  private sendProgress(every: number): void {
    if (this.closing !== undefined) return;
    const stale = performance.now() - every;
    for (const holding of this.holdings.leases.values()) {
      if (holding.aliveAt <= stale) {
        this.store.progress(holding.reply);
        holding.aliveAt = performance.now();
      }
    }
    for (const delayed of this.holdings.delayed.values()) {
      if (delayed.heldHere && delayed.aliveAt <= stale) {
        this.store.progress(delayed.reply);
        delayed.aliveAt = performance.now();
      }
    }
  }

  /** Resolves after `ms`, or sooner when this instance stores, frees or returns something. */
  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    return this.inFlight.track(work);
  }

  /**
   * What a call that failed on the broker rejects with: the lost connection's fault, or a
   * {@link RuntimeError} naming NATS (the run ends in one line, exit 3); the driver's own
   * errors as they are.
   */
  private asFault(error: unknown): Error | Promise<Error> {
    if (
      error instanceof RuntimeError ||
      error instanceof ConfigError ||
      error instanceof QueueClosedError ||
      error instanceof RangeError
    ) {
      return error;
    }
    const failed = () =>
      this.fault ?? new RuntimeError(`NATS at ${this.target} failed: ${describeNatsError(error)}`);
    if (this.closing !== undefined || this.fault !== undefined || !cutByDisconnect(error)) {
      return failed();
    }
    // The client rejects what waits on the server (a flush's ping) the moment the connection
    // drops, before its reconnects succeed or fail: such a call waits for that outcome, so that
    // a server gone for good ends the run with the lost-NATS fault, whichever call noticed.
    return new Promise<Error>((resolve) => {
      const decided = () => {
        clearTimeout(timer);
        this.awaitingReconnect.delete(decided);
        resolve(failed());
      };
      // Bounded: a reconnect that came before this call's failure is not heard again.
      const timer = setTimeout(decided, NATS_RECONNECT_WINDOW_S * 1000 + 2_000);
      timer.unref();
      this.awaitingReconnect.add(decided);
    });
  }

  /** Tells the calls cut off by a disconnect that the client reconnected, or gave up. */
  private reconnectDecided(): void {
    for (const decided of [...this.awaitingReconnect]) decided();
  }

  private async watchReconnects(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === "reconnect") this.reconnectDecided();
    }
  }

  /** After `close`, a {@link QueueClosedError}; after the connection was lost, its fault. */
  private rejectClosed<T>(): Promise<T> {
    if (this.closing === undefined && this.fault !== undefined) return Promise.reject(this.fault);
    return Promise.reject(new QueueClosedError(this.name));
  }
}

/** Whether the client failed a call because the connection dropped (it may yet reconnect). */
function cutByDisconnect(error: unknown): boolean {
  return error instanceof Error && /\bdisconnected\b/i.test(error.message);
}

/** Refuses a queue an earlier run left messages or dead letters in, so runs never mix. */
function refuseEarlierRun(described: string, held: number, dead: number): void {
  if (held > 0) {
    throw new ConfigError(
      `${described} still holds ${held} message(s) from an earlier run: resume that run (run --resume), purge the queue (swarm-stress queue purge URL) or use another stream`,
    );
  }
  if (dead > 0) {
    throw new ConfigError(
      `${described} holds ${dead} dead letter(s) from an earlier run: purge the queue (swarm-stress queue purge URL) or use another stream`,
    );
  }
}
