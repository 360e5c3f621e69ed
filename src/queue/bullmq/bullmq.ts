import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { ConfigError, RuntimeError } from "../../errors.js";
import type { Message } from "../../model/message.js";
import { nowMs } from "../../util/clock.js";
import { LeaseClock } from "../amqp/lease-clock.js";
import type { DeadLetter, Lease, LeaseOptions, QueueDepth, QueueDriver } from "../driver.js";
import { checkDriverLimits, leaseVisibilityError } from "../driver-options.js";
import { QueueClosedError } from "../queue-closed.js";
import { WaitingProducers } from "../waiting-producers.js";
import { WakeTimer } from "../wake-timer.js";
import { bullmqPriority, JOB_NAME, type JobData, jobData, messageOf } from "./codec.js";
import {
  type BullmqConnection,
  bullmqError,
  connectBullmq,
  LOCK_MS,
  type MessageQueue,
  type MessageWorker,
} from "./connection.js";
import { FailedInOrder } from "./failed-in-order.js";
import {
  countJobs,
  HELD_STATES,
  type JobCounts,
  otherWorkers,
  refuseEarlierRun,
  refuseOtherWorkers,
} from "./ownership.js";
import { RetrySchedule } from "./retry-schedule.js";
import { type BullmqQueueUrl, parseBullmqQueueUrl } from "./url.js";

/** Options of {@link BullmqQueue.open}. */
export interface BullmqQueueOptions {
  /** `bullmq+redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB][?queue=NAME]`, as text or taken apart. */
  readonly url: string | BullmqQueueUrl;
  /** Most messages held at once: ready + delayed + leased. Default 10 000. */
  readonly capacity?: number;
  /** Visibility timeout of a lease whose call names none, ms. Default 30 000. */
  readonly visibilityMs?: number;
  /** Clock (epoch ms) for `enqueuedAt`, lease expiry and retry times. Default {@link nowMs}. */
  readonly now?: () => number;
  /** Longest wait to connect, ms. Default 2 500. */
  readonly connectTimeoutMs?: number;
  /** How long a connection lost mid-run is retried before every call fails, ms. Default 10 000. */
  readonly retryWindowMs?: number;
  /**
   * Carry on with what the queue already holds instead of refusing it: its waiting jobs are
   * handed out, and delayed ones once BullMQ's wall clock promotes them. Jobs an earlier
   * process held (active) go back to wait at once: no other worker is connected (that is
   * refused), so the process that held them is gone, and BullMQ's own stalled-job check would
   * wait for their locks to lapse. The hand-out they had counts in their attempts.
   */
  readonly resume?: boolean;
}

/** A job this process holds in BullMQ's active state, and its data as stored. */
interface Held {
  readonly job: MessageJob;
  readonly stored: JobData;
}

type MessageJob = Job<JobData, string, string>;

/** How often the locks of leased jobs are renewed, ms: a third of their duration. */
const LOCK_RENEW_MS = LOCK_MS / 3;
/**
 * How long after a retry time BullMQ would promote the job by itself, ms. The driver promotes
 * it at the retry time on its own clock; BullMQ's promotion (by the wall clock, at its next
 * fetch) matters only for a queue whose driver has gone, or has stalled for this long.
 */
const WALL_CLOCK_SLACK_MS = 1_000;
/** How long `close` lets calls in flight finish, ms. */
const CLOSE_GRACE_MS = 2_000;

/**
 * {@link QueueDriver} on BullMQ 6 over Redis, for one process that owns the queue, as every run
 * does. BullMQ stores every message as a job and keeps its state; the driver fetches jobs itself
 * (a `Worker` with no processor, `getNextJob`), so the run's processor stays the consumer. See
 * docs/brokers.md for the mapping; in short:
 *
 * - `enqueue`: `addBulk`, every job with a priority (BullMQ's prioritized set: highest first,
 *   FIFO within one), one attempt, removed once completed.
 * - `lease`: `getNextJob` without blocking, as many at once as are ready (BullMQ moves them to
 *   active under this process's lock, counting `attemptsStarted`). The visibility timeout is
 *   kept on the driver's clock; a lease past it goes back to wait (`moveToWait`) at the next
 *   lease or depth call, stamped ready at its expiry. BullMQ's lock is renewed meanwhile: it
 *   only tells other BullMQ workers whether this process is alive.
 * - `attempts`: BullMQ's `attemptsStarted` (every move to active) since the message was last
 *   stored, added to the attempts stored with it.
 * - `ack`: `moveToCompleted` (the job is removed). `nack`: the updated message is stored
 *   (`updateData`) and the job `moveToDelayed` until its retry time; the driver promotes it
 *   when its clock says so. `deadLetter`: `moveToFailed` with the error: BullMQ's failed set
 *   is the dead-letter list.
 *
 * After `close`, calls reject with {@link QueueClosedError}; what the queue holds stays in
 * Redis ({@link BullmqQueue.purge} deletes it). A failed BullMQ call fails the queue with one
 * line naming BullMQ, the server and the cause.
 */
export class BullmqQueue implements QueueDriver {
  /** Always `bullmq`. */
  readonly name = "bullmq";
  readonly capacity: number;
  readonly visibilityMs: number;

  private readonly now: () => number;
  private readonly queue: MessageQueue;
  private readonly worker: MessageWorker;
  /** BullMQ's lock token for every job this process holds. */
  private readonly token = `swarm-stress-${randomUUID()}`;
  private readonly leases = new LeaseClock<Held>();
  private readonly retries = new RetrySchedule<MessageJob>();
  /** ready + delayed + leased, counted here: this process owns the queue. */
  private held = 0;
  private readonly producers = new WaitingProducers();
  /** Long polls waiting for something to change. */
  private readonly sleepers = new Set<() => void>();
  private readonly wakeTimer = new WakeTimer(() => this.signal());
  /** Expired leases and due retries being moved, so that later calls see them moved. */
  private maintenance: Promise<void> = Promise.resolve();
  private readonly deadLetterer = new FailedInOrder();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly lockTimer: NodeJS.Timeout;
  private closed = false;
  private fault: Error | undefined;

  private constructor(
    private readonly connection: BullmqConnection,
    private readonly url: BullmqQueueUrl,
    settings: { capacity: number; visibilityMs: number; now: () => number },
  ) {
    this.capacity = settings.capacity;
    this.visibilityMs = settings.visibilityMs;
    this.now = settings.now;
    this.queue = connection.queue;
    this.worker = connection.worker as MessageWorker;
    this.lockTimer = setInterval(() => this.renewLocks(), LOCK_RENEW_MS);
    this.lockTimer.unref();
  }

  /**
   * Connects, checks the queue is empty and opens BullMQ's queue and worker on it.
   *
   * @throws {ConfigError} for a bad URL or option, a queue other BullMQ workers are connected
   * to, or (without `resume`) a queue holding an earlier run's messages or dead letters.
   * @throws {RuntimeError} in one line naming BullMQ: Redis unreachable, wrong password, no
   * such database.
   */
  static async open(options: BullmqQueueOptions): Promise<BullmqQueue> {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const url = typeof options.url === "string" ? parseBullmqQueueUrl(options.url) : options.url;
    let driver: BullmqQueue | undefined;
    const connection = await connectBullmq(url, {
      withWorker: true,
      connectTimeoutMs: options.connectTimeoutMs,
      retryWindowMs: options.retryWindowMs,
      onLost: (error) => driver?.trip(error),
    });
    let counts: JobCounts;
    try {
      refuseOtherWorkers(await otherWorkers(connection.queue), url);
      counts = await countJobs(connection.queue);
      if (options.resume !== true) refuseEarlierRun(counts, url);
      else await requeueOrphans(connection.queue);
    } catch (error) {
      await connection.close();
      throw error instanceof ConfigError ? error : bullmqError(error, url);
    }
    driver = new BullmqQueue(connection, url, {
      capacity,
      visibilityMs,
      now: options.now ?? nowMs,
    });
    // An earlier run's jobs count against the capacity until they are settled.
    driver.held = counts.held;
    return driver;
  }

  /**
   * Deletes the BullMQ queue and every job in it (BullMQ's `obliterate`, forced: active jobs
   * too); returns how many jobs that was. The driver using it must be closed first.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when Redis cannot be reached.
   */
  static async purge(url: string | BullmqQueueUrl): Promise<number> {
    const parsed = typeof url === "string" ? parseBullmqQueueUrl(url) : url;
    const connection = await connectBullmq(parsed, { withWorker: false });
    try {
      const counts = await countJobs(connection.queue);
      await connection.queue.obliterate({ force: true });
      return counts.held + counts.deadLettered;
    } catch (error) {
      throw bullmqError(error, parsed);
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
    const stored = accepted > 0 ? [this.accept(messages, 0, accepted)] : [];
    if (accepted === messages.length) return Promise.all(stored).then(() => 0);
    return this.producers.park(messages, accepted, stored);
  }

  async lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    this.check();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== undefined) throw badVisibility;
    const waitMs = options?.waitMs ?? 0;
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      const leases = await this.take(max, visibilityMs);
      if (leases.length > 0 || !(max >= 1) || this.closed) return leases;
      const left = giveUpAt - Date.now();
      if (!(left > 0)) return leases;
      await this.nap(left);
      if (this.closed) return [];
      this.check();
    }
  }

  async ack(leases: readonly Lease[]): Promise<void> {
    this.check();
    const settled: Held[] = [];
    for (const lease of leases) {
      const held = this.leases.take(lease.token);
      if (held !== undefined) settled.push(held);
    }
    if (settled.length === 0) return;
    await this.call(
      Promise.all(settled.map((held) => held.job.moveToCompleted("", this.token, false))),
    );
    this.free(settled.length);
  }

  async nack(lease: Lease, retryAt: number): Promise<void> {
    this.check();
    if (Number.isNaN(retryAt)) throw new RangeError("retryAt must not be NaN");
    const held = this.leases.take(lease.token);
    if (held === undefined) return;
    const { job } = held;
    // Ready again at its retry time: that is when its queue wait starts.
    const data = jobData(lease.message, job.attemptsStarted);
    data.message.enqueuedAt = retryAt;
    await this.call(job.updateData(data));
    // BullMQ's delayed set keeps it until the same moment on the wall clock, plus some slack
    // so that the driver's clock, which promotes it, always comes first.
    const wallDue = Date.now() + Math.max(0, retryAt - this.now()) + WALL_CLOCK_SLACK_MS;
    await this.call(job.moveToDelayed(wallDue, this.token));
    this.retries.add(jobId(job), job, retryAt);
    this.signal();
  }

  async deadLetter(lease: Lease, error: string): Promise<void> {
    this.check();
    const held = this.leases.take(lease.token);
    if (held === undefined) return;
    const { job } = held;
    await this.call(job.updateData(jobData(lease.message, job.attemptsStarted)));
    await this.call(this.deadLetterer.fail(job, error, this.token));
    this.free(1);
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    this.check();
    if (!(limit >= 1)) return [];
    const end = Number.isFinite(limit) ? limit - 1 : -1;
    // Decoded inside the call: a job that is not a message fails in one line, like Redis.
    return this.call(
      this.queue.getJobs(["failed"], 0, end, true).then((jobs) =>
        jobs.map((job) => ({
          message: messageOf(job.data, job.id).message,
          error: job.failedReason ?? "",
        })),
      ),
    );
  }

  async snapshot(): Promise<Message[]> {
    this.check();
    return this.call(
      this.queue
        .getJobs([...HELD_STATES], 0, -1)
        .then((jobs) => jobs.map((job) => messageOf(job.data, job.id).message)),
    );
  }

  async depth(): Promise<QueueDepth> {
    this.check();
    await this.catchUp();
    const counts = await this.call(this.queue.getJobCounts(...HELD_STATES, "failed"));
    return {
      ready: (counts.wait ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      leased: counts.active ?? 0,
      deadLettered: counts.failed ?? 0,
    };
  }

  async nextRetryAt(): Promise<number | undefined> {
    this.check();
    await this.catchUp();
    return this.retries.earliest();
  }

  /**
   * Ends waits, lets calls in flight finish (up to {@link CLOSE_GRACE_MS}), then closes BullMQ's
   * worker and queue and the connection. Jobs still leased stay active in BullMQ, their lock
   * lapsing after {@link LOCK_MS}, until a stalled-job check of some BullMQ worker (this driver
   * runs none) or a purge. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.lockTimer);
    this.wakeTimer.disarm();
    this.signal();
    this.producers.rejectAll(new QueueClosedError(this.name));
    await settleWithin([...this.inFlight], CLOSE_GRACE_MS);
    this.leases.clear();
    this.retries.clear();
    await this.connection.close();
  }

  /** Moves what is due on the driver's clock, then hands out up to `max` ready jobs. */
  private async take(max: number, visibilityMs: number): Promise<Lease[]> {
    await this.catchUp();
    const ready = this.held - this.leases.size - this.retries.size;
    const wanted = Math.floor(Math.min(max, ready));
    if (!(wanted >= 1)) return [];
    // Sent together, answered in order: BullMQ's moves to active are Lua scripts run one after
    // the other, each taking the best job left.
    const fetches: Promise<MessageJob | undefined>[] = [];
    for (let i = 0; i < wanted; i++) {
      fetches.push(this.worker.getNextJob(this.token, { block: false }));
    }
    const jobs = await this.call(Promise.all(fetches));
    const now = this.now();
    const leases: Lease[] = [];
    for (const job of jobs) {
      if (job === undefined) continue;
      // BullMQ promoted it by the wall clock first: it is no longer waiting for its retry.
      this.retries.remove(jobId(job));
      const stored = this.decode(job);
      const message: Message = {
        ...stored.message,
        attempts: stored.message.attempts + (job.attemptsStarted - stored.startsAtStore),
      };
      const token = this.leases.add({ job, stored }, visibilityMs, now);
      leases.push({ message, token });
    }
    return leases;
  }

  /**
   * The message a fetched job carries. A job this driver did not write (an application adding
   * to the same queue) fails the queue: it can be neither delivered nor accounted for.
   */
  private decode(job: MessageJob): JobData {
    try {
      return messageOf(job.data, job.id);
    } catch (error) {
      throw this.trip(
        new RuntimeError(
          `BullMQ queue "${this.url.queue}" at ${this.url.target}: ${(error as Error).message} (does something else add jobs to it?)`,
        ),
      );
    }
  }

  /** Expired leases back to wait and due retries promoted, after any such work under way. */
  private catchUp(): Promise<void> {
    const run = this.maintenance.then(() => this.moveDue(this.now()));
    this.maintenance = run.catch(() => {});
    return this.call(run);
  }

  private async moveDue(now: number): Promise<void> {
    if (this.closed || this.fault !== undefined) return;
    const expired: { held: Held; at: number }[] = [];
    this.leases.reap(now, (held, at) => expired.push({ held, at }));
    // BullMQ puts a job moved back to wait at the head of its priority: the latest hand-out
    // goes first, so the earliest ends up first in line, as it was.
    for (const { held, at } of expired.reverse()) {
      const { job, stored } = held;
      const data = jobData(stored.message, stored.startsAtStore);
      data.message.enqueuedAt = at;
      await job.updateData(data);
      await job.moveToWait(this.token);
    }
    for (const { item: job } of this.retries.takeDue(now)) {
      try {
        await job.promote();
      } catch (error) {
        // Promoted by BullMQ on the wall clock already (and perhaps handed out): nothing to do.
        if (!/not in the delayed state/.test(String(error))) throw error;
      }
    }
    if (expired.length > 0) this.signal();
  }

  /** Stamps and adds `messages[from..to)`, which fit. */
  private accept(messages: readonly Message[], from: number, to: number): Promise<void> {
    const now = this.now();
    const jobs = [];
    for (let i = from; i < to; i++) {
      const message = messages[i] as Message;
      message.enqueuedAt = now;
      message.acceptedAt = now;
      jobs.push({
        name: JOB_NAME,
        data: jobData(message, 0),
        opts: {
          priority: bullmqPriority(message.priority),
          attempts: 1,
          removeOnComplete: true,
          removeOnFail: false,
        },
      });
    }
    this.held += to - from;
    return this.call(this.queue.addBulk(jobs)).then(() => this.signal());
  }

  /** Gives `count` freed places to waiting producers. */
  private free(count: number): void {
    this.held -= count;
    this.producers.admit(
      () => this.capacity - this.held,
      (messages, from, to) => this.accept(messages, from, to),
    );
  }

  /** Waits up to `ms` for an enqueue, a settle, a lease expiring or a retry coming due. */
  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
      const due = Math.min(this.retries.earliest() ?? Infinity, this.leases.earliestExpiry());
      this.wakeTimer.arm(due, this.now());
    });
  }

  /** Wakes every long poll to look again. */
  private signal(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Renews BullMQ's locks on every job this process leases; a failure shows in the next call. */
  private renewLocks(): void {
    if (this.closed || this.leases.size === 0) return;
    const ids: string[] = [];
    this.leases.forEach((held) => {
      ids.push(jobId(held.job));
    });
    const renewal = this.worker.extendJobLocks(
      ids,
      ids.map(() => this.token),
      LOCK_MS,
    );
    renewal.catch(() => {});
  }

  /** Awaits a BullMQ call; a failure fails the queue with one line naming BullMQ. */
  private async call<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    try {
      return await work;
    } catch (error) {
      if (this.closed) throw new QueueClosedError(this.name);
      throw this.trip(
        error instanceof RuntimeError || error instanceof QueueClosedError
          ? error
          : bullmqError(error, this.url),
      );
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** @throws the reason calls fail now: closed, or the fault that broke the connection. */
  private check(): void {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
  }

  private unusable(): Error | undefined {
    if (this.closed) return new QueueClosedError(this.name);
    return this.fault;
  }

  /** Fails the queue with `fault` (the first one wins): every waiting call ends with it. */
  private trip(fault: Error): Error {
    if (this.fault !== undefined) return this.fault;
    this.fault = fault;
    this.wakeTimer.disarm();
    this.signal();
    this.producers.rejectAll(fault);
    return fault;
  }
}

/** A job's id; BullMQ gives every added job one. */
function jobId(job: MessageJob): string {
  return job.id ?? "";
}

async function settleWithin(work: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(work),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Moves every active job back to wait, whoever's lock it holds (BullMQ's token `0` skips the
 * lock check): for a resume, once no other worker is connected, they are a dead process's.
 */
async function requeueOrphans(queue: MessageQueue): Promise<void> {
  for (const job of await queue.getActive()) await job.moveToWait("0");
}
