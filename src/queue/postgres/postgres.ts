import type { JobInsert, JobWithMetadata } from "pg-boss";
import { ConfigError, RuntimeError } from "../../errors.js";
import type { Message } from "../../model/message.js";
import { nowMs } from "../../util/clock.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../driver.js";
import { checkDriverLimits, leaseVisibilityError } from "../driver-options.js";
import { prepareCodec } from "../message-codec.js";
import { QueueClosedError } from "../queue-closed.js";
import { WaitingProducers } from "../waiting-producers.js";
import { deadData, messageOf, orderOf, workData } from "./codec.js";
import {
  connectPostgres,
  type PgBoss,
  type PostgresConnection,
  postgresError,
} from "./connection.js";
import { type Held, LeaseBook } from "./leases.js";
import { LongPolls } from "./long-polls.js";
import { JobStore, type QueueNames, queueNames } from "./store.js";
import { ensureQueues } from "./topology.js";
import { type PostgresQueueUrl, parsePostgresQueueUrl } from "./url.js";

/** Options of {@link PostgresQueue.open}. */
export interface PostgresQueueOptions {
  /** `postgres://USER:PASSWORD@HOST:5432/DB?queue=NAME`, as text or taken apart. */
  readonly url: string | PostgresQueueUrl;
  /** Most messages held at once: ready + delayed + leased. Default 10 000. */
  readonly capacity?: number;
  /** Visibility timeout of a lease whose call names none, ms. Default 30 000. */
  readonly visibilityMs?: number;
  /**
   * Clock (epoch ms) for `enqueuedAt`, lease expiry and retry times. Default: the system clock,
   * which PostgreSQL reads too; any other is pushed into PostgreSQL (see `connectPostgres`).
   */
  readonly now?: () => number;
  /** Carry on with what the queue already holds instead of refusing it. */
  readonly resume?: boolean;
}

/** Most rows one insert statement carries: a huge batch is inserted in parts, in order. */
const ROWS_PER_INSERT = 5_000;

/** Most jobs one lease fetches, whatever `max` says. */
const ROWS_PER_FETCH = 10_000;

/**
 * {@link QueueDriver} on PostgreSQL through pg-boss, for one process that owns the queue, as
 * every run does. See docs/brokers.md for the mapping; in short:
 *
 * - A message is a pg-boss job in queue `NAME` (its data the message, its priority the
 *   message's); `enqueue` is one `insert` of the batch. pg-boss's fetch hands out the highest
 *   priority first, the earliest inserted first within one; rows of one insert, which share
 *   their insert time, are kept in order by due times a microsecond apart (see `insertInParts`).
 * - `lease` is pg-boss's `fetch` (the job turns `active`); the job's `retryCount`, which pg-boss
 *   raises at every claim after the first, counts the hand-outs since the job was inserted.
 * - Visibility timeouts are kept by the driver on its clock, per lease; a lapsed lease is
 *   `fail`ed back to pg-boss, whose retry (delay 0, an unreachable retry limit) makes it ready
 *   at once, among the rows inserted with it. pg-boss's own expiry (whole seconds, checked by a supervisor
 *   every so often on the database's clock) cannot time a 100 ms lease.
 * - `ack` is `complete`; `nack` inserts the updated message as a new job due at `retryAt`
 *   (`startAfter`) and completes the old one in the same transaction: pg-boss changes a job's
 *   data only while it waits (`update`), not while it is active, and its retry keeps the old
 *   data and a delay of its own. `deadLetter` inserts
 *   the message with its error into `NAME.dead` the same way: pg-boss's dead-lettering copies
 *   the original data and only once its retry limit is spent, which the run's max attempts
 *   decides instead.
 * - Settles name the attempt fetched (`{ id, retryCount }`), so a stale one never lands.
 *
 * A database error fails every pending and later call with one RuntimeError naming PostgreSQL
 * and the cause. After `close`, calls reject with {@link QueueClosedError}; what the queue
 * holds stays in PostgreSQL ({@link PostgresQueue.purge} deletes it).
 */
export class PostgresQueue implements QueueDriver {
  /** Always `postgres`. */
  readonly name = "postgres";
  readonly capacity: number;
  readonly visibilityMs: number;

  private readonly boss: PgBoss;
  private readonly sync: PostgresConnection["sync"];
  private readonly stop: PostgresConnection["close"];
  private readonly now: () => number;
  private readonly store: JobStore;
  private readonly leases = new LeaseBook();
  /** Jobs whose lease lapsed, by id: when they became ready again, for their `enqueuedAt`. */
  private readonly lapsedAt = new Map<string, number>();
  /** ready + delayed + leased. */
  private held: number;
  /** Acceptance order of the next message: ties within one insert are broken by it. */
  private order = 0;
  /** The earliest retry time known to this process, for waking long polls. */
  private knownRetryAt = Number.POSITIVE_INFINITY;
  private readonly producers = new WaitingProducers();
  private readonly polls: LongPolls;
  private closed = false;
  private fault: Error | undefined;

  private constructor(
    connection: PostgresConnection,
    private readonly url: PostgresQueueUrl,
    private readonly names: QueueNames,
    settings: { capacity: number; visibilityMs: number; now: () => number; held: number },
  ) {
    this.boss = connection.boss;
    this.stop = connection.close;
    // A failed move of the clock is a failed statement like any other.
    this.sync = (fresh?: boolean) => this.guard(connection.sync(fresh));
    this.capacity = settings.capacity;
    this.visibilityMs = settings.visibilityMs;
    this.now = settings.now;
    this.held = settings.held;
    this.store = new JobStore(this.boss, url.schema, names);
    this.polls = new LongPolls(
      (max, visibilityMs) => this.fetch(max, visibilityMs),
      () => this.nextDue(),
      this.now,
    );
  }

  /**
   * Connects, installs pg-boss's schema if need be and creates the queues.
   *
   * @throws {ConfigError} for a bad URL or option, or (without `resume`) a queue holding an
   * earlier run's messages or dead letters.
   * @throws {RuntimeError} in one line naming PostgreSQL: unreachable, wrong user or password,
   * no such database, no permission.
   */
  static async open(options: PostgresQueueOptions): Promise<PostgresQueue> {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const url = typeof options.url === "string" ? parsePostgresQueueUrl(options.url) : options.url;
    const custom = options.now === undefined || options.now === nowMs ? undefined : options.now;
    const connection = await connectPostgres(url, custom);
    try {
      const names = queueNames(url.queue);
      prepareCodec();
      await ensureQueues(connection.boss, names);
      await connection.sync();
      const store = new JobStore(connection.boss, url.schema, names);
      const depth = await store.depth();
      const held = depth.ready + depth.delayed + depth.leased;
      if (options.resume === true) {
        // One process owns a queue: an active job belongs to a run that died holding it. Failed
        // back, its next claim counts that run's hand-out.
        const orphans = await store.activeJobs();
        if (orphans.length > 0) await connection.boss.fail(names.work, orphans);
      } else if (held > 0 || depth.deadLettered > 0) {
        const what = `PostgreSQL queue "${url.queue}" at ${url.target}/${url.database}`;
        throw new ConfigError(
          held > 0
            ? `${what} still holds ${held} message(s) from an earlier run: resume that run (run --resume), purge it (swarm-stress queue purge URL) or use another queue`
            : `${what} holds ${depth.deadLettered} dead letter(s) from an earlier run: purge it (swarm-stress queue purge URL) or use another queue`,
        );
      }
      const now = options.now ?? nowMs;
      return new PostgresQueue(connection, url, names, { capacity, visibilityMs, now, held });
    } catch (error) {
      await connection.close();
      throw postgresError(error, url);
    }
  }

  /**
   * Deletes the queue and its dead-letter queue with every job they hold; returns how many
   * messages and dead letters that was. The driver using them must be closed first.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when PostgreSQL cannot be reached or refuses.
   */
  static async purge(url: string | PostgresQueueUrl): Promise<number> {
    const parsed = typeof url === "string" ? parsePostgresQueueUrl(url) : url;
    const connection = await connectPostgres(parsed, undefined);
    try {
      const names = queueNames(parsed.queue);
      const depth = await new JobStore(connection.boss, parsed.schema, names).depth();
      for (const name of [names.work, names.dead]) {
        if ((await connection.boss.getQueue(name)) !== null) {
          await connection.boss.deleteQueue(name);
        }
      }
      return depth.ready + depth.delayed + depth.leased + depth.deadLettered;
    } catch (error) {
      throw postgresError(error, parsed);
    } finally {
      await connection.close();
    }
  }

  enqueue(messages: readonly Message[]): Promise<number> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    if (messages.length === 0) return Promise.resolve(0);
    if (this.producers.size > 0) return this.producers.park(messages, 0, []);
    const accepted = Math.min(messages.length, this.capacity - this.held);
    const inserts = accepted > 0 ? [this.accept(messages, 0, accepted)] : [];
    if (accepted === messages.length) return Promise.all(inserts).then(() => 0);
    return this.producers.park(messages, accepted, inserts);
  }

  async lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== undefined) throw badVisibility;
    if (!(max >= 1)) return [];
    const waitMs = options?.waitMs ?? 0;
    if (this.polls.size === 0 || !(waitMs > 0)) {
      let leases: Lease[];
      try {
        leases = await this.fetch(max, visibilityMs);
      } catch (error) {
        // Closed while fetching: a long poll ends with nothing, as a waiting one does.
        if (this.closed && waitMs > 0) return [];
        throw error;
      }
      if (leases.length > 0 || !(waitMs > 0) || this.closed) return leases;
    }
    return this.polls.wait(max, visibilityMs, waitMs);
  }

  async ack(leases: readonly Lease[]): Promise<void> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    const done = this.release(leases);
    if (done.length === 0) return;
    await this.guard(this.boss.complete(this.names.work, done.map(attemptOf)));
    this.free(done.length);
  }

  async nack(lease: Lease, retryAt: number): Promise<void> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    if (Number.isNaN(retryAt)) throw new RangeError("retryAt must not be NaN");
    const [old] = this.release([lease]);
    if (old === undefined) return;
    const job: JobInsert = {
      data: workData(lease.message, this.order++, retryAt),
      priority: lease.message.priority,
      startAfter: new Date(retryAt),
    };
    await this.replace(old, this.names.work, job);
    if (retryAt <= this.now()) this.polls.serve();
    else {
      this.knownRetryAt = Math.min(this.knownRetryAt, retryAt);
      this.polls.arm();
    }
  }

  async deadLetter(lease: Lease, error: string): Promise<void> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    const [old] = this.release([lease]);
    if (old === undefined) return;
    await this.replace(old, this.names.dead, {
      data: deadData(lease.message, error, this.order++),
    });
    this.free(1);
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    return this.guard(this.store.deadLetters(limit));
  }

  async snapshot(): Promise<Message[]> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    const data = await this.guard(this.store.heldData());
    return data.map(messageOf);
  }

  async depth(): Promise<QueueDepth> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    await this.lapse();
    await this.sync();
    return this.guard(this.store.depth());
  }

  async nextRetryAt(): Promise<number | undefined> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    await this.sync();
    return this.guard(this.store.nextRetryAt());
  }

  /**
   * Ends waits, rejects producers still waiting, then stops pg-boss and closes its pool once
   * the calls under way are done. What the queue holds (leased jobs too, `active`) stays in
   * PostgreSQL for a purge or a run that resumes. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.polls.endAll();
    this.producers.rejectAll(new QueueClosedError(this.name));
    this.leases.clear();
    this.lapsedAt.clear();
    await this.stop(true);
  }

  /** Stamps and inserts `messages[from..to)`, which must fit, in one statement. */
  private accept(messages: readonly Message[], from: number, to: number): Promise<void> {
    const now = this.now();
    const jobs: JobInsert[] = [];
    for (let i = from; i < to; i++) {
      const message = messages[i] as Message;
      message.enqueuedAt = now;
      message.acceptedAt = now;
      jobs.push({ data: workData(message, this.order++), priority: message.priority });
    }
    this.held += to - from;
    return this.guard(this.insertInParts(jobs)).then(() => this.polls.serve());
  }

  /**
   * Inserts `jobs` in order, {@link ROWS_PER_INSERT} at a time: later parts insert later. The
   * rows of one part share their insert time, and pg-boss's fetch orders by nothing after it but
   * its index, whose next column is `startAfter`: each row is made due a microsecond after the
   * one before, all of them already due, so the index keeps them in order. Relative to the
   * database's clock, so a skewed client clock delays nothing.
   */
  private async insertInParts(jobs: readonly JobInsert[]): Promise<void> {
    for (let from = 0; from < jobs.length; from += ROWS_PER_INSERT) {
      const part = jobs.slice(from, from + ROWS_PER_INSERT);
      const staggered = part.map((job, i) => ({
        ...job,
        startAfter: `-${part.length - i} microseconds`,
      }));
      await this.sync(true);
      await this.boss.insert(this.names.work, staggered);
    }
  }

  /** Hands out up to `max` ready jobs, lapsed leases failed back first. */
  private async fetch(max: number, visibilityMs: number): Promise<Lease[]> {
    await this.lapse();
    await this.sync();
    const jobs = await this.guard(
      this.boss.fetch<unknown>(this.names.work, {
        batchSize: Math.min(Math.floor(max), ROWS_PER_FETCH),
        includeMetadata: true,
      }),
    );
    if (this.closed) return [];
    jobs.sort(handOutOrder);
    const now = this.now();
    return jobs.map((job) => {
      const message = messageOf(job.data);
      // Hand-outs before this job was inserted, then pg-boss's count of claims of it.
      message.attempts += job.retryCount + 1;
      const readyAt = this.lapsedAt.get(job.id);
      if (readyAt !== undefined) {
        message.enqueuedAt = readyAt;
        this.lapsedAt.delete(job.id);
      }
      const held: Held = {
        id: job.id,
        retryCount: job.retryCount,
        expiresAt: now + visibilityMs,
        message,
      };
      return { message, token: this.leases.add(held) };
    });
  }

  /** Fails every lease lapsed by now back to pg-boss, ready again at once. */
  private async lapse(): Promise<void> {
    const lapsed = this.leases.takeLapsed(this.now());
    if (lapsed.length === 0) return;
    for (const held of lapsed) this.lapsedAt.set(held.id, held.expiresAt);
    await this.sync();
    await this.guard(this.boss.fail(this.names.work, lapsed.map(attemptOf)));
  }

  /** In one transaction: insert `job` into `queue` and complete the attempt `old`. */
  private async replace(old: Held, queue: string, job: JobInsert): Promise<void> {
    await this.sync(true);
    const begin = this.boss.getDb().beginTransaction;
    if (begin === undefined) throw new RuntimeError("pg-boss offers no transactions here");
    const tx = await this.guard(begin.call(this.boss.getDb()));
    try {
      await this.boss.insert(queue, [job], { db: tx.db });
      await this.boss.complete(this.names.work, [attemptOf(old)], undefined, { db: tx.db });
      await tx.commit();
    } catch (error) {
      await tx.rollback().catch(() => {});
      throw this.failWith(error);
    }
  }

  /** Forgets the leases of live tokens; returns what they held. Stale tokens are ignored. */
  private release(leases: readonly Lease[]): Held[] {
    const done: Held[] = [];
    for (const lease of leases) {
      const held = this.leases.release(lease.token);
      if (held !== undefined) done.push(held);
    }
    return done;
  }

  /** Gives `count` freed places to waiting producers. */
  private free(count: number): void {
    this.held -= count;
    this.producers.admit(
      () => this.capacity - this.held,
      (messages, from, to) => this.accept(messages, from, to),
    );
  }

  /** When a lease lapses or a retry this process knows of comes due, whichever is first. */
  private nextDue(): number {
    if (this.knownRetryAt <= this.now()) this.knownRetryAt = Number.POSITIVE_INFINITY;
    return Math.min(this.leases.nextExpiry(), this.knownRetryAt);
  }

  /** `work`, its failure turned into one line naming PostgreSQL, which fails the queue. */
  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw this.failWith(error);
    }
  }

  /** The error for `error`; a database fault fails the queue (after close, nothing does). */
  private failWith(error: unknown): Error {
    if (this.closed) return new QueueClosedError(this.name);
    const fault = postgresError(error, this.url);
    if (fault instanceof RuntimeError) this.trip(fault);
    return fault;
  }

  /** Why calls fail now: closed, or the fault that broke the connection. */
  private unusable(): Error | undefined {
    if (this.closed) return new QueueClosedError(this.name);
    return this.fault;
  }

  /** Fails the queue with `fault` (the first one wins): every waiting call rejects with it. */
  private trip(fault: Error): void {
    if (this.fault !== undefined) return;
    this.fault = fault;
    this.polls.rejectAll(fault);
    this.producers.rejectAll(fault);
  }
}

/** The attempt of a job that a lease holds, as pg-boss's settle calls take it. */
function attemptOf(held: Held): { id: string; retryCount: number } {
  return { id: held.id, retryCount: held.retryCount };
}

/**
 * pg-boss's order (highest priority first, then insert time, then due time, as its fetch index
 * has them), then acceptance order: for leases failed back together, which share both times.
 */
function handOutOrder(a: JobWithMetadata<unknown>, b: JobWithMetadata<unknown>): number {
  return (
    b.priority - a.priority ||
    a.createdOn.getTime() - b.createdOn.getTime() ||
    a.startAfter.getTime() - b.startAfter.getTime() ||
    orderOf(a.data) - orderOf(b.data)
  );
}
