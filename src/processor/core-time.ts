import { performance } from "node:perf_hooks";
import { preciseSleepIdleMs } from "../util/precise-sleep.js";

/**
 * This thread's event-loop idle time so far, ms: the time it waited with nothing to run (for a
 * timer, a socket, a reply). Kept by libuv for every loop turn; reading it costs a few tens of
 * nanoseconds. The precise sleeps wait their last stretch without idling in libuv's sense:
 * asleep in the kernel between turns, or going round empty (an open run's arrival clock does
 * so before every arrival), so that time is added.
 */
export function loopIdleMs(): number {
  return performance.nodeTiming.idleTime + preciseSleepIdleMs();
}

/**
 * Milliseconds on this thread's monotonic clock, at sub-nanosecond resolution. Deliveries are
 * timed on it rather than on epoch milliseconds, whose doubles step by 244 ns today: coarser
 * than a fast core's whole call.
 */
export const preciseNow: () => number = performance.now.bind(performance);

/**
 * What one clock reading costs, ms. A call's window, from one reading to the next, holds one
 * reading's worth of the harness's own time; it is taken off so that a core that costs nothing
 * is timed at (about) nothing. Measured once, as the median of back-to-back readings.
 */
export const CLOCK_READ_MS = medianReadingCost();

function medianReadingCost(): number {
  const costs = new Float64Array(2001);
  // The first pass only warms the clock up.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < costs.length; i++) {
      const before = preciseNow();
      costs[i] = preciseNow() - before;
    }
  }
  costs.sort();
  return costs[costs.length >> 1] as number;
}

/** The core's time between two readings `started` and `ended`: the window less one reading. */
export function callMs(started: number, ended: number): number {
  return Math.max(0, ended - started - CLOCK_READ_MS);
}

/**
 * The core's share of the processor's wall time, told apart from the harness's own.
 *
 * Deliveries may overlap, so the core's time is the union of their windows: wall time with at
 * least one deliver call in flight, from the call to its outcome. A window that contains an
 * await may contain loop idle time (the core waiting on a timer or a socket); that idle is the
 * core's, and is kept apart so the processor's own idle time excludes it. Times given to it
 * are on {@link preciseNow}'s clock.
 */
export class CoreTime {
  /** Closed windows with a delivery in flight, ms. */
  private closedMs = 0;
  /** Loop idle time inside closed windows, ms. */
  private closedIdleMs = 0;
  /** Longest a single deliver call held the thread before returning, ms. */
  private worstMs = 0;
  private inFlight = 0;
  /** Start of the open window, and the loop's idle time then. */
  private since = 0;
  private idleSince = 0;

  /** A deliver call that answered synchronously: it held the thread from `started` to `ended`. */
  ranSync(started: number, ended: number): void {
    const ms = callMs(started, ended);
    if (ms > this.worstMs) this.worstMs = ms;
    // Inside an open window the time is already the core's.
    if (this.inFlight === 0) this.closedMs += ms;
  }

  /**
   * Synchronous calls one after another, with nothing asynchronous between them: the same as
   * {@link ranSync} for each, given their windows' sum and the longest one, ms.
   */
  ranSyncRun(totalMs: number, longestMs: number): void {
    if (longestMs > this.worstMs) this.worstMs = longestMs;
    if (this.inFlight === 0) this.closedMs += totalMs;
  }

  /** A deliver call started at `started` returned a promise at `returned`. */
  began(started: number, returned: number): void {
    const ms = callMs(started, returned);
    if (ms > this.worstMs) this.worstMs = ms;
    if (this.inFlight++ === 0) {
      this.since = started;
      // The synchronous part cannot contain idle time, so reading after it is exact.
      this.idleSince = loopIdleMs();
    }
  }

  /** A promised delivery came to its outcome (or its timeout) at `at`. */
  ended(at: number): void {
    if (--this.inFlight > 0) return;
    this.closedMs += callMs(this.since, at);
    this.closedIdleMs += loopIdleMs() - this.idleSince;
  }

  /** Wall time with a delivery in flight up to `at`, ms, an open window included. */
  busyMs(at: number): number {
    return this.inFlight > 0 ? this.closedMs + callMs(this.since, at) : this.closedMs;
  }

  /** Loop idle time inside delivery windows up to `idleNow` (the loop's idle time now), ms. */
  idleMs(idleNow: number): number {
    return this.inFlight > 0 ? this.closedIdleMs + (idleNow - this.idleSince) : this.closedIdleMs;
  }

  /** Longest a single deliver call held the thread before returning, ms. */
  get worstBlockMs(): number {
    return this.worstMs;
  }
}
