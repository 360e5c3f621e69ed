import { performance } from "node:perf_hooks";

const origin = performance.timeOrigin;

/**
 * Wall-clock epoch milliseconds with sub-millisecond resolution. Monotonic within a process
 * (it is `performance.now()` shifted to the epoch), so latencies never go negative when the
 * system clock is adjusted mid-run.
 */
export function nowMs(): number {
  return origin + performance.now();
}
