import { performance } from "node:perf_hooks";
import { MAX_TIMER_MS } from "./timer-limit.js";

/**
 * How long before an entry is due the scheduler stops trusting setTimeout and spins instead.
 * Node timers have millisecond granularity and read a cached loop clock, so they can fire up to
 * about a millisecond early or late; 1.5 ms covers that with a little room.
 */
const SPIN_MS = 1.5;

/** One pending wake-up. `index` is its slot in the heap (-1 once fired or cancelled). */
interface Entry {
  readonly dueAt: number;
  /** Breaks ties between equal `dueAt`, so waits of equal length end in the order they began. */
  readonly seq: number;
  readonly fire: () => void;
  index: number;
}

function earlier(a: Entry, b: Entry): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

/**
 * Binary min-heap of entries that knows each entry's slot, so a cancelled timer is removed at
 * once (O(log n)) instead of lingering and keeping the loop alive until it would have fired.
 */
class EntryHeap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(entry: Entry): void {
    entry.index = this.items.length;
    this.items.push(entry);
    this.up(entry.index);
  }

  pop(): Entry | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  remove(entry: Entry): void {
    if (entry.index >= 0 && this.items[entry.index] === entry) this.removeAt(entry.index);
  }

  private removeAt(index: number): void {
    const items = this.items;
    const removed = items[index] as Entry;
    const last = items.pop() as Entry;
    removed.index = -1;
    if (last !== removed) {
      items[index] = last;
      last.index = index;
      this.down(index);
      this.up(last.index);
    }
  }

  private up(start: number): void {
    const items = this.items;
    const entry = items[start] as Entry;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as Entry;
      if (!earlier(entry, parent)) break;
      items[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    items[index] = entry;
    entry.index = index;
  }

  private down(start: number): void {
    const items = this.items;
    const length = items.length;
    const entry = items[start] as Entry;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && earlier(items[right] as Entry, items[left] as Entry)) child = right;
      const candidate = items[child] as Entry;
      if (!earlier(candidate, entry)) break;
      items[index] = candidate;
      candidate.index = index;
      index = child;
    }
    items[index] = entry;
    entry.index = index;
  }
}

const heap = new EntryHeap();
let nextSeq = 0;
/** A setImmediate turn is queued: the earliest entry is close enough to spin for. */
let spinning = false;
/**
 * Wall time the spin loop waited with nothing else to run, ms. Node's own idle time counts
 * only waits in the poll phase, which a spinning loop never makes: without this, every spin
 * would read as work.
 */
let spinIdle = 0;
/** performance.now() at the end of the last spin turn that fired nothing; -1 after one that did. */
let emptyTurnEnded = -1;
/**
 * A gap between two empty spin turns shorter than this is the loop going round with nothing
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

/** Chooses how to wait for the earliest entry: nothing, a coarse timer, or the spin loop. */
function plan(now: number): void {
  const head = heap.peek();
  if (head === undefined) {
    // Nothing left: drop the timer so an idle process costs no CPU and can exit.
    stopTimer();
    return;
  }
  const wait = head.dueAt - now;
  if (wait <= SPIN_MS) {
    stopTimer();
    if (!spinning) {
      spinning = true;
      setImmediate(spinTurn);
    }
    return;
  }
  const wakeAt = head.dueAt - SPIN_MS;
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
  plan(performance.now());
  if (failed) throw error;
  return fired;
}

function spinTurn(): void {
  spinning = false;
  const started = performance.now();
  if (emptyTurnEnded >= 0 && started - emptyTurnEnded < EMPTY_TURN_GAP_MS) {
    spinIdle += started - emptyTurnEnded;
  }
  emptyTurnEnded = -1;
  const fired = runDue();
  if (fired === 0) {
    const ended = performance.now();
    spinIdle += ended - started;
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
 * All sleeps share one scheduler: a timer for the long part of the earliest wait and a single
 * setImmediate loop for its last ~1.5 ms, resolving every due sleep on each turn. The loop spins
 * only while something is due soon and stops when nothing is pending, so an idle process uses
 * no CPU and exits normally. A pending sleep keeps the process alive, like setTimeout.
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
 * Wall time, ms, the scheduler's spin loop has waited with nothing to run since the process
 * started: idle time that Node's `idleTime` does not see (see `loopIdleMs`).
 */
export function spinIdleMs(): number {
  return spinIdle;
}

/** Sleeps and timers not yet due; for tests and diagnostics. */
export function pendingPreciseTimers(): number {
  return heap.size;
}
