import { performance } from "node:perf_hooks";
import { type Entry, EntryHeap } from "./entry-heap.js";
import { kernelSleep, wakeLateMs } from "./kernel-sleep.js";
import { MAX_TIMER_MS } from "./timer-limit.js";

/**
 * How long before an entry is due the scheduler stops trusting setTimeout and waits in short
 * kernel sleeps instead. Node timers have millisecond granularity and read a cached loop clock,
 * so they can fire up to about a millisecond early or late; 1.5 ms covers that with a little room.
 */
const NEAR_MS = 1.5;

/**
 * Longest the near loop sleeps at once before it lets the event loop take a turn (ready I/O,
 * other callbacks): while a precise sleep is near, a socket's reply may wait this long plus
 * one wake-up's lateness. Each kernel sleep costs some 25-35 µs of CPU on a virtual machine,
 * so shorter slices cost more: measured on 2 cores, an open run at 500/s with 1 ms deliveries
 * used about 20% of a core with 0.2 ms slices and 13-16% with 0.5 ms. With 1 ms slices it used
 * about 11%, but a reply would wait up to twice as long, and be timed as the core's: kept at 0.5.
 */
const SLICE_MS = 0.5;

const heap = new EntryHeap();
let nextSeq = 0;
/** A setImmediate turn is queued: the earliest entry is close enough to wait for in slices. */
let nearQueued = false;
/**
 * Wall time the near loop spent asleep in {@link kernelSleep} or going round with nothing to
 * run, ms. Node's own idle time counts only waits in the poll phase, which a thread blocked in
 * `Atomics.wait` never makes: without this, every sleep would read as work.
 */
let nearIdle = 0;
/** performance.now() at the end of the last near turn that fired nothing; -1 after one that did. */
let emptyTurnEnded = -1;
/**
 * A gap between two empty near turns shorter than this is the loop going round with nothing
 * to do (a few microseconds); a longer one held other work, which stays work.
 */
const EMPTY_TURN_GAP_MS = 0.05;
let timer: NodeJS.Timeout | undefined;
/** performance.now() at which `timer` is expected to fire. */
let timerAt = Number.POSITIVE_INFINITY;

function stopTimer(): void {
  if (timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
  }
}

/** Chooses how to wait for the earliest entry: nothing, a coarse timer, or the near loop. */
function plan(now: number): void {
  const head = heap.peek();
  if (head === undefined) {
    // Nothing left: drop the timer so an idle process costs no CPU and can exit.
    stopTimer();
    return;
  }
  const wait = head.dueAt - now;
  if (wait <= NEAR_MS) {
    stopTimer();
    queueNearTurn();
    return;
  }
  const wakeAt = head.dueAt - NEAR_MS;
  if (timer !== undefined && timerAt <= wakeAt) return;
  stopTimer();
  // A longer wait than a timer honours wakes early and arms the next timer: waits chain.
  const delay = Math.min(Math.max(1, Math.floor(wakeAt - now)), MAX_TIMER_MS);
  timerAt = now + delay;
  timer = setTimeout(timerFired, delay);
}

/** Fires every entry due now, then plans the next wait; returns how many fired. */
function runDue(): number {
  const now = performance.now();
  // Entries scheduled by a callback during this turn wait for the next one, so a callback that
  // keeps re-arming a zero-length timer cannot starve the event loop.
  const seqLimit = nextSeq;
  let error: unknown;
  let failed = false;
  let fired = 0;
  for (;;) {
    const head = heap.peek();
    if (head === undefined || head.dueAt > now || head.seq >= seqLimit) break;
    heap.pop();
    fired++;
    try {
      head.fire();
    } catch (caught) {
      // One bad callback must not strand the others; rethrown below, as setTimeout would.
      if (!failed) {
        failed = true;
        error = caught;
      }
    }
  }
  if (fired > 0) {
    // What was woken usually schedules the next sleep a few promise hops later (a delivery that
    // ended starts the next one): plan on the next turn, once it has, rather than now. Planning
    // now would arm a timer that sleep then cancels, and would run before the waiters hear
    // their wake-up, which their clocks would count as part of the sleep.
    queueNearTurn();
  } else {
    plan(performance.now());
  }
  if (failed) throw error;
  return fired;
}

function queueNearTurn(): void {
  if (!nearQueued) {
    nearQueued = true;
    setImmediate(nearTurn);
  }
}

/**
 * One turn of the near loop: fires what is due; when nothing was, sleeps in the kernel until
 * the earliest entry less the wake-up's usual lateness, or for one slice when that is further.
 * Woken within that lateness of the entry, it waits out the rest on the clock and fires it. A
 * turn that fired something does not sleep, so the callbacks' continuations (microtasks, I/O
 * they started) run first.
 */
function nearTurn(): void {
  nearQueued = false;
  const started = performance.now();
  if (emptyTurnEnded >= 0 && started - emptyTurnEnded < EMPTY_TURN_GAP_MS) {
    nearIdle += started - emptyTurnEnded;
  }
  emptyTurnEnded = -1;
  if (runDue() > 0) return;
  const head = heap.peek();
  // Cancelled, or only far entries left: plan() chose a timer or nothing.
  if (head === undefined || !nearQueued) return;
  const sleepMs = Math.min(head.dueAt - started - wakeLateMs(), SLICE_MS);
  if (sleepMs > 0) kernelSleep(sleepMs);
  let woke = performance.now();
  // Closer than a kernel sleep's lateness: another sleep would overshoot, and going round the
  // loop until then costs a loop iteration per check and fires up to one iteration late. Reading
  // the clock here fires it on time, and holds the thread no longer than that lateness.
  if (head.dueAt - woke <= wakeLateMs()) {
    while (woke < head.dueAt) woke = performance.now();
  }
  nearIdle += woke - started;
  if (runDue() === 0) {
    const ended = performance.now();
    nearIdle += ended - woke;
    emptyTurnEnded = ended;
  }
}

function timerFired(): void {
  timer = undefined;
  timerAt = Number.POSITIVE_INFINITY;
  runDue();
}

function schedule(ms: number, fire: () => void): Entry {
  const now = performance.now();
  const entry: Entry = { dueAt: now + Math.max(0, ms), seq: nextSeq++, fire, index: -1 };
  heap.push(entry);
  // Only a new earliest entry can need an earlier wake-up than the one already planned.
  if (entry.index === 0) plan(now);
  return entry;
}

/**
 * Waits `ms` milliseconds with sub-millisecond precision, which setTimeout cannot offer (it
 * rounds up to whole milliseconds and often overshoots by one). Returns `undefined` for
 * `ms <= 0` (or NaN) so a caller with no delay can stay synchronous and skip the promise.
 *
 * All sleeps share one scheduler: a timer for the long part of the earliest wait, then, for its
 * last ~1.5 ms, a setImmediate loop whose turns sleep in the kernel ({@link kernelSleep}) in
 * slices of at most 0.5 ms, so that ready I/O and other callbacks still run between them. Each
 * turn resolves every due sleep. Only the last stretch a kernel sleep would overshoot (about
 * 0.1 ms) is waited out on the clock, so a 1 ms sleep costs a few percent of a core where a
 * spin cost all of it; a sleep shorter than that stretch still spins, for its fidelity. The
 * loop stops when nothing is pending, so an idle process uses no CPU and exits normally. A
 * pending sleep keeps the process alive, like setTimeout.
 */
export function preciseSleep(ms: number): Promise<void> | undefined {
  if (!(ms > 0)) return undefined;
  return new Promise<void>((resolve) => {
    schedule(ms, resolve);
  });
}

/**
 * {@link preciseSleep} that resolves to `value`: one promise where `sleep.then(() => value)`
 * would make two and add a microtask hop between the wake-up and whoever awaits the value.
 * Returns `undefined` for `ms <= 0` (or NaN), as {@link preciseSleep} does.
 */
export function preciseSleepTo<T>(ms: number, value: T): Promise<T> | undefined {
  if (!(ms > 0)) return undefined;
  return new Promise<T>((resolve) => {
    schedule(ms, () => resolve(value));
  });
}

/**
 * Calls `callback` after `ms` milliseconds on the same scheduler as {@link preciseSleep}, for a
 * timeout that races a delivery with the same precision. `ms <= 0` fires on the next turn, never
 * synchronously. Returns a function that cancels the timer; calling it after the callback ran,
 * or twice, does nothing.
 */
export function preciseTimer(ms: number, callback: () => void): () => void {
  const entry = schedule(Number.isNaN(ms) ? 0 : ms, callback);
  return () => {
    if (entry.index < 0) return;
    const wasHead = entry.index === 0;
    heap.remove(entry);
    // Removing the earliest entry may leave nothing, or only far entries, to wait for.
    if (wasHead) plan(performance.now());
  };
}

/**
 * Wall time, ms, the precise sleeps have held this thread with nothing to run since the
 * process started: asleep in the kernel between slices, or going round the loop empty while
 * the earliest sleep came due. Idle time that Node's `idleTime` does not see, since the thread
 * never waited in the poll phase meanwhile (see `loopIdleMs`).
 */
export function preciseSleepIdleMs(): number {
  return nearIdle;
}

/** Sleeps and timers not yet due; for tests and diagnostics. */
export function pendingPreciseTimers(): number {
  return heap.size;
}
