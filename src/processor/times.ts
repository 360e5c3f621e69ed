import { CoreTime, loopIdleMs, preciseNow } from "./core-time.js";

/**
 * Where the processor's wall time went, for telling the harness's own cost apart:
 * `spanMs = deliveringMs + pausedMs + idleMs + the harness's own work`.
 */
export interface ProcessorTimes {
  /** Batches delivered. */
  readonly batches: number;
  /** From the start of processing to its end (or to now), ms. */
  readonly spanMs: number;
  /** The core's time: wall time with at least one deliver call in flight, ms. */
  readonly deliveringMs: number;
  /** In the configured pauses between batches, ms. */
  readonly pausedMs: number;
  /**
   * The thread had nothing to run outside deliveries and pauses (waiting on an empty queue, on
   * a queue server's reply, for a retry to come due), ms.
   */
  readonly idleMs: number;
  /** Longest a single deliver call held the thread before returning, ms. */
  readonly coreBlockMaxMs: number;
}

/** Times of a processor that has not started. */
export const NO_TIMES: ProcessorTimes = {
  batches: 0,
  spanMs: 0,
  deliveringMs: 0,
  pausedMs: 0,
  idleMs: 0,
  coreBlockMaxMs: 0,
};

/** What the processor did between two readings of its times: counts and ms since `before`. */
export function timesSince(now: ProcessorTimes, before: ProcessorTimes): ProcessorTimes {
  return {
    batches: now.batches - before.batches,
    spanMs: now.spanMs - before.spanMs,
    deliveringMs: now.deliveringMs - before.deliveringMs,
    pausedMs: now.pausedMs - before.pausedMs,
    idleMs: now.idleMs - before.idleMs,
    // A longest block is not a sum: every reading carries the longest so far.
    coreBlockMaxMs: now.coreBlockMaxMs,
  };
}

/** The times of several processors (the workers of a distributed run), added up. */
export function addTimes(a: ProcessorTimes, b: ProcessorTimes): ProcessorTimes {
  return {
    batches: a.batches + b.batches,
    spanMs: a.spanMs + b.spanMs,
    deliveringMs: a.deliveringMs + b.deliveringMs,
    pausedMs: a.pausedMs + b.pausedMs,
    idleMs: a.idleMs + b.idleMs,
    coreBlockMaxMs: Math.max(a.coreBlockMaxMs, b.coreBlockMaxMs),
  };
}

/** Keeps where one processor's wall time goes, for {@link ProcessorTimes}. */
export class TimeLedger {
  /** The core's share, fed by the delivery rounds. */
  readonly core = new CoreTime();
  batches = 0;
  private pausedMs = 0;
  /** Loop idle time during pauses: a pause's, not the processor's idle time. */
  private pausedIdleMs = 0;
  /** When processing began and ended, with the loop's idle time then. */
  private startedAt: number | undefined;
  private idleAtStart = 0;
  private endedAt: number | undefined;
  private preciseEndedAt = 0;
  private idleAtEnd = 0;

  /** `now`: the processor's clock, epoch ms. */
  constructor(private readonly now: () => number) {}

  /** Processing begins. */
  start(): void {
    this.startedAt = this.now();
    this.idleAtStart = loopIdleMs();
  }

  /** Processing ended: the times stop here. */
  end(): void {
    this.endedAt = this.now();
    this.preciseEndedAt = preciseNow();
    this.idleAtEnd = loopIdleMs();
  }

  /** Sit out `pause`, begun at `pausedAt`, as pause time; resolves with when it ended. */
  async paused(pausedAt: number, pause: Promise<void>): Promise<number> {
    const idleBefore = loopIdleMs();
    await pause;
    const resumedAt = this.now();
    this.pausedIdleMs += loopIdleMs() - idleBefore;
    this.pausedMs += resumedAt - pausedAt;
    return resumedAt;
  }

  /** Where the wall time went so far (up to the end, once processing ended). */
  times(): ProcessorTimes {
    if (this.startedAt === undefined) return NO_TIMES;
    const running = this.endedAt === undefined;
    const at = this.endedAt ?? this.now();
    const idleNow = running ? loopIdleMs() : this.idleAtEnd;
    const core = this.core;
    return {
      batches: this.batches,
      spanMs: at - this.startedAt,
      deliveringMs: core.busyMs(running ? preciseNow() : this.preciseEndedAt),
      pausedMs: this.pausedMs,
      idleMs: Math.max(0, idleNow - this.idleAtStart - core.idleMs(idleNow) - this.pausedIdleMs),
      coreBlockMaxMs: core.worstBlockMs,
    };
  }
}
