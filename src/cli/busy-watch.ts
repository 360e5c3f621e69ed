/** How often the process's CPU time is read while it is watched, ms. */
export const CHECK_MS = 100;
/** The span the process's CPU use is judged over, ms. */
export const WINDOW_MS = 1_000;
/** The share of one core over {@link WINDOW_MS} that counts as busy. */
export const BUSY_SHARE = 0.25;
/**
 * CPU time since the watch began, ms, that counts as busy at any pace: by then a run has done
 * enough work that compiling it pays. Without V8's compilers a soak at 1,000 messages a second
 * cost 22.5% of a core against 17.3% with them; compiling a run costs ~0.1 s of CPU.
 */
export const WORK_MS = 2_000;

let watch: NodeJS.Timeout | undefined;

/**
 * Call `onBusy` once this process is busy: {@link BUSY_SHARE} of a core (every thread's CPU
 * time) over the last {@link WINDOW_MS}, or {@link WORK_MS} of CPU since the watch began, read
 * every {@link CHECK_MS}. The window is long enough that a run's own start-up (~100 ms of work)
 * does not count. One watch at a time, an unref'd
 * timer: nothing when one is already on.
 */
export function whenBusy(onBusy: () => void): void {
  if (watch !== undefined) return;
  // CPU time (µs) and wall time (ms) at each reading of the last window, oldest first.
  const readings: { cpuUs: number; atMs: number }[] = [];
  const read = () => {
    const { user, system } = process.cpuUsage();
    return { cpuUs: user + system, atMs: performance.now() };
  };
  const first = read();
  readings.push(first);
  watch = setInterval(() => {
    const now = read();
    readings.push(now);
    while (readings.length > 1 && now.atMs - (readings[1]?.atMs ?? now.atMs) >= WINDOW_MS) {
      readings.shift();
    }
    const oldest = readings[0] ?? now;
    const spanMs = now.atMs - oldest.atMs;
    const busyNow = spanMs >= WINDOW_MS && (now.cpuUs - oldest.cpuUs) / 1000 >= BUSY_SHARE * spanMs;
    if (busyNow || (now.cpuUs - first.cpuUs) / 1000 >= WORK_MS) {
      stopWatching();
      onBusy();
    }
  }, CHECK_MS);
  watch.unref();
}

/** Stop a watch that is on, without calling it. */
export function stopWatching(): void {
  if (watch !== undefined) clearInterval(watch);
  watch = undefined;
}
