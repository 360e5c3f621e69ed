import {
  MAX_TIMER_MS
} from "./chunk-ANFZG24T.js";

// dist/processor/core-time.js
import { performance as performance3 } from "node:perf_hooks";

// dist/util/precise-sleep.js
import { performance as performance2 } from "node:perf_hooks";

// dist/util/entry-heap.js
function earlier(a, b) {
  return a.dueAt < b.dueAt || a.dueAt === b.dueAt && a.seq < b.seq;
}
var EntryHeap = class {
  items = [];
  get size() {
    return this.items.length;
  }
  peek() {
    return this.items[0];
  }
  push(entry) {
    entry.index = this.items.length;
    this.items.push(entry);
    this.up(entry.index);
  }
  pop() {
    const top = this.items[0];
    if (top !== void 0)
      this.removeAt(0);
    return top;
  }
  remove(entry) {
    if (entry.index >= 0 && this.items[entry.index] === entry)
      this.removeAt(entry.index);
  }
  removeAt(index) {
    const items = this.items;
    const removed = items[index];
    const last = items.pop();
    removed.index = -1;
    if (last !== removed) {
      items[index] = last;
      last.index = index;
      this.down(index);
      this.up(last.index);
    }
  }
  up(start) {
    const items = this.items;
    const entry = items[start];
    let index = start;
    while (index > 0) {
      const parentIndex = index - 1 >> 1;
      const parent = items[parentIndex];
      if (!earlier(entry, parent))
        break;
      items[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    items[index] = entry;
    entry.index = index;
  }
  down(start) {
    const items = this.items;
    const length = items.length;
    const entry = items[start];
    let index = start;
    for (; ; ) {
      const left = 2 * index + 1;
      if (left >= length)
        break;
      const right = left + 1;
      let child = left;
      if (right < length && earlier(items[right], items[left]))
        child = right;
      const candidate = items[child];
      if (!earlier(candidate, entry))
        break;
      items[index] = candidate;
      candidate.index = index;
      index = child;
    }
    items[index] = entry;
    entry.index = index;
  }
};

// dist/util/kernel-sleep.js
import { performance } from "node:perf_hooks";
var SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));
var FIRST_GUESS_MS = 0.08;
var STEP_UP_MS = 3e-3;
var STEP_DOWN_MS = 2e-3;
var LEAST_MS = 0.01;
var MOST_MS = 0.5;
var lateMs = FIRST_GUESS_MS;
function kernelSleep(ms) {
  const before = performance.now();
  Atomics.wait(SLEEP_CELL, 0, 0, ms);
  const late = performance.now() - before - ms;
  const next = late > lateMs ? lateMs + STEP_UP_MS : lateMs - STEP_DOWN_MS;
  lateMs = Math.min(MOST_MS, Math.max(LEAST_MS, next));
}
function wakeLateMs() {
  return lateMs;
}

// dist/util/precise-sleep.js
var NEAR_MS = 1.5;
var SLICE_MS = 0.5;
var ioExpected = 0;
var ioFree = 0;
function expectLoopIo(expected) {
  if (expected)
    ioExpected++;
  else
    ioFree++;
  let released = false;
  return () => {
    if (released)
      return;
    released = true;
    if (expected)
      ioExpected--;
    else
      ioFree--;
  };
}
function sliceMs() {
  return ioFree > 0 && ioExpected === 0 ? Number.POSITIVE_INFINITY : SLICE_MS;
}
var heap = new EntryHeap();
var nextSeq = 0;
var nearQueued = false;
var nearIdle = 0;
var emptyTurnEnded = -1;
var EMPTY_TURN_GAP_MS = 0.05;
var timer;
var timerAt = Number.POSITIVE_INFINITY;
function stopTimer() {
  if (timer !== void 0) {
    clearTimeout(timer);
    timer = void 0;
    timerAt = Number.POSITIVE_INFINITY;
  }
}
function plan(now) {
  const head = heap.peek();
  if (head === void 0) {
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
  if (timer !== void 0 && timerAt <= wakeAt)
    return;
  stopTimer();
  const delay = Math.min(Math.max(1, Math.floor(wakeAt - now)), MAX_TIMER_MS);
  timerAt = now + delay;
  timer = setTimeout(timerFired, delay);
}
function runDue() {
  const now = performance2.now();
  const seqLimit = nextSeq;
  let error;
  let failed = false;
  let fired = 0;
  for (; ; ) {
    const head = heap.peek();
    if (head === void 0 || head.dueAt > now || head.seq >= seqLimit)
      break;
    heap.pop();
    fired++;
    try {
      head.fire();
    } catch (caught) {
      if (!failed) {
        failed = true;
        error = caught;
      }
    }
  }
  if (fired > 0) {
    queueNearTurn();
  } else {
    plan(performance2.now());
  }
  if (failed)
    throw error;
  return fired;
}
function queueNearTurn() {
  if (!nearQueued) {
    nearQueued = true;
    setImmediate(nearTurn);
  }
}
function nearTurn() {
  nearQueued = false;
  const started = performance2.now();
  if (emptyTurnEnded >= 0 && started - emptyTurnEnded < EMPTY_TURN_GAP_MS) {
    nearIdle += started - emptyTurnEnded;
  }
  emptyTurnEnded = -1;
  if (runDue() > 0)
    return;
  const head = heap.peek();
  if (head === void 0 || !nearQueued)
    return;
  const sleepMs = Math.min(head.dueAt - started - wakeLateMs(), sliceMs());
  if (sleepMs > 0)
    kernelSleep(sleepMs);
  let woke = performance2.now();
  if (head.dueAt - woke <= wakeLateMs()) {
    while (woke < head.dueAt)
      woke = performance2.now();
  }
  nearIdle += woke - started;
  if (runDue() === 0) {
    const ended = performance2.now();
    nearIdle += ended - woke;
    emptyTurnEnded = ended;
  }
}
function timerFired() {
  timer = void 0;
  timerAt = Number.POSITIVE_INFINITY;
  runDue();
}
function schedule(ms, fire) {
  const now = performance2.now();
  const entry = { dueAt: now + Math.max(0, ms), seq: nextSeq++, fire, index: -1 };
  heap.push(entry);
  if (entry.index === 0)
    plan(now);
  return entry;
}
function preciseSleep(ms) {
  if (!(ms > 0))
    return void 0;
  return new Promise((resolve) => {
    schedule(ms, resolve);
  });
}
function preciseSleepTo(ms, value) {
  if (!(ms > 0))
    return void 0;
  return new Promise((resolve) => {
    schedule(ms, () => resolve(value));
  });
}
function preciseTimer(ms, callback) {
  const entry = schedule(Number.isNaN(ms) ? 0 : ms, callback);
  return () => {
    if (entry.index < 0)
      return;
    const wasHead = entry.index === 0;
    heap.remove(entry);
    if (wasHead)
      plan(performance2.now());
  };
}
function preciseSleepIdleMs() {
  return nearIdle;
}

// dist/processor/core-time.js
function loopIdleMs() {
  return performance3.nodeTiming.idleTime + preciseSleepIdleMs();
}
var preciseNow = performance3.now.bind(performance3);
var CLOCK_READ_MS = medianReadingCost();
function medianReadingCost() {
  const costs = new Float64Array(2001);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < costs.length; i++) {
      const before = preciseNow();
      costs[i] = preciseNow() - before;
    }
  }
  costs.sort();
  return costs[costs.length >> 1];
}
function callMs(started, ended) {
  return Math.max(0, ended - started - CLOCK_READ_MS);
}
var CoreTime = class {
  /** Closed windows with a delivery in flight, ms. */
  closedMs = 0;
  /** Loop idle time inside closed windows, ms. */
  closedIdleMs = 0;
  /** Longest a single deliver call held the thread before returning, ms. */
  worstMs = 0;
  inFlight = 0;
  /** Start of the open window, and the loop's idle time then. */
  since = 0;
  idleSince = 0;
  /** A deliver call that answered synchronously: it held the thread from `started` to `ended`. */
  ranSync(started, ended) {
    const ms = callMs(started, ended);
    if (ms > this.worstMs)
      this.worstMs = ms;
    if (this.inFlight === 0)
      this.closedMs += ms;
  }
  /** A deliver call started at `started` returned a promise at `returned`. */
  began(started, returned) {
    const ms = callMs(started, returned);
    if (ms > this.worstMs)
      this.worstMs = ms;
    if (this.inFlight++ === 0) {
      this.since = started;
      this.idleSince = loopIdleMs();
    }
  }
  /** A promised delivery came to its outcome (or its timeout) at `at`. */
  ended(at) {
    if (--this.inFlight > 0)
      return;
    this.closedMs += callMs(this.since, at);
    this.closedIdleMs += loopIdleMs() - this.idleSince;
  }
  /** Wall time with a delivery in flight up to `at`, ms, an open window included. */
  busyMs(at) {
    return this.inFlight > 0 ? this.closedMs + callMs(this.since, at) : this.closedMs;
  }
  /** Loop idle time inside delivery windows up to `idleNow` (the loop's idle time now), ms. */
  idleMs(idleNow) {
    return this.inFlight > 0 ? this.closedIdleMs + (idleNow - this.idleSince) : this.closedIdleMs;
  }
  /** Longest a single deliver call held the thread before returning, ms. */
  get worstBlockMs() {
    return this.worstMs;
  }
};

// dist/processor/times.js
var NO_TIMES = {
  batches: 0,
  spanMs: 0,
  deliveringMs: 0,
  pausedMs: 0,
  idleMs: 0,
  coreBlockMaxMs: 0
};
function timesSince(now, before) {
  return {
    batches: now.batches - before.batches,
    spanMs: now.spanMs - before.spanMs,
    deliveringMs: now.deliveringMs - before.deliveringMs,
    pausedMs: now.pausedMs - before.pausedMs,
    idleMs: now.idleMs - before.idleMs,
    // A longest block is not a sum: every reading carries the longest so far.
    coreBlockMaxMs: now.coreBlockMaxMs
  };
}
function addTimes(a, b) {
  return {
    batches: a.batches + b.batches,
    spanMs: a.spanMs + b.spanMs,
    deliveringMs: a.deliveringMs + b.deliveringMs,
    pausedMs: a.pausedMs + b.pausedMs,
    idleMs: a.idleMs + b.idleMs,
    coreBlockMaxMs: Math.max(a.coreBlockMaxMs, b.coreBlockMaxMs)
  };
}
var TimeLedger = class {
  now;
  /** The core's share, fed by the delivery rounds. */
  core = new CoreTime();
  batches = 0;
  pausedMs = 0;
  /** Loop idle time during pauses: a pause's, not the processor's idle time. */
  pausedIdleMs = 0;
  /** When processing began and ended, with the loop's idle time then. */
  startedAt;
  idleAtStart = 0;
  endedAt;
  preciseEndedAt = 0;
  idleAtEnd = 0;
  /** `now`: the processor's clock, epoch ms. */
  constructor(now) {
    this.now = now;
  }
  /** Processing begins. */
  start() {
    this.startedAt = this.now();
    this.idleAtStart = loopIdleMs();
  }
  /** Processing ended: the times stop here. */
  end() {
    this.endedAt = this.now();
    this.preciseEndedAt = preciseNow();
    this.idleAtEnd = loopIdleMs();
  }
  /** Sit out `pause`, begun at `pausedAt`, as pause time; resolves with when it ended. */
  async paused(pausedAt, pause) {
    const idleBefore = loopIdleMs();
    await pause;
    const resumedAt = this.now();
    this.pausedIdleMs += loopIdleMs() - idleBefore;
    this.pausedMs += resumedAt - pausedAt;
    return resumedAt;
  }
  /** Where the wall time went so far (up to the end, once processing ended). */
  times() {
    if (this.startedAt === void 0)
      return NO_TIMES;
    const running = this.endedAt === void 0;
    const at = this.endedAt ?? this.now();
    const idleNow = running ? loopIdleMs() : this.idleAtEnd;
    const core = this.core;
    return {
      batches: this.batches,
      spanMs: at - this.startedAt,
      deliveringMs: core.busyMs(running ? preciseNow() : this.preciseEndedAt),
      pausedMs: this.pausedMs,
      idleMs: Math.max(0, idleNow - this.idleAtStart - core.idleMs(idleNow) - this.pausedIdleMs),
      coreBlockMaxMs: core.worstBlockMs
    };
  }
};

// dist/queue/driver.js
function outstanding(depth) {
  return depth.ready + depth.delayed + depth.leased;
}

export {
  outstanding,
  expectLoopIo,
  preciseSleep,
  preciseSleepTo,
  preciseTimer,
  preciseNow,
  callMs,
  NO_TIMES,
  timesSince,
  addTimes,
  TimeLedger
};
