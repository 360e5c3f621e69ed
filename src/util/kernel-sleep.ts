import { performance } from "node:perf_hooks";

/**
 * Sub-millisecond sleeps that use no CPU: the thread waits in the kernel (`Atomics.wait` is a
 * futex wait, whose timeout may be a fraction of a millisecond) instead of spinning, and
 * setTimeout cannot wait less than a millisecond. The price is lateness: a kernel sleep wakes
 * after its timeout plus timer slack (50 µs by default on Linux) plus the wake-up itself,
 * about 0.1 ms in all on a virtual machine, more when other processes hold the cores. That
 * lateness is learnt here, so a caller can sleep that much less and wait out the rest.
 */

/** The cell the thread sleeps on: nothing ever notifies it, so every wait runs to its timeout. */
const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));

/** The lateness estimate, ms, before any sleep has been measured. */
const FIRST_GUESS_MS = 0.08;
/**
 * Steps of the estimate, ms: up more than down, so that it settles near the 60th percentile
 * of what is measured (where 3 × 40% = 2 × 60%). A percentile rather than a mean, so that the
 * rare wake-up a loaded machine delays by milliseconds moves it one step only.
 */
const STEP_UP_MS = 0.003;
const STEP_DOWN_MS = 0.002;
/** Bounds of the estimate, so that a long odd moment cannot take it far. */
const LEAST_MS = 0.01;
const MOST_MS = 0.5;

let lateMs = FIRST_GUESS_MS;

/**
 * Blocks this thread in the kernel for `ms` (fractional ms honoured), using no CPU meanwhile.
 * Nothing else runs on the thread while it sleeps, not even ready I/O, so callers on the event
 * loop sleep in short slices. Each sleep updates {@link wakeLateMs}.
 */
export function kernelSleep(ms: number): void {
  const before = performance.now();
  Atomics.wait(SLEEP_CELL, 0, 0, ms);
  const late = performance.now() - before - ms;
  const next = late > lateMs ? lateMs + STEP_UP_MS : lateMs - STEP_DOWN_MS;
  lateMs = Math.min(MOST_MS, Math.max(LEAST_MS, next));
}

/**
 * How late a {@link kernelSleep} on this thread usually wakes, ms: about its 60th percentile,
 * so a sleep shortened by this much wakes a little early more often than a little late.
 */
export function wakeLateMs(): number {
  return lateMs;
}
