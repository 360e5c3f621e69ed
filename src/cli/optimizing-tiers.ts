/** node:v8 loads only for a command that applies load, not for `--help`. */
const v8 = () => process.getBuiltinModule("node:v8");

/**
 * V8's optimising compilers (Maglev and TurboFan), held off in a process that applies load
 * while its work is light.
 *
 * Optimising pays when code runs hot for long: a firehose moves millions of messages a second
 * only with them. A run at the default scenario's pace (about a hundred messages a second), and
 * the start-up of every run, pay for them instead: each compiler's machine code in the node
 * binary is read into memory, and it compiles functions that then run a few hundred times.
 * Measured on the default run (`run --seed 1`, four interleaved pairs): peak RSS 76.3 -> 66.8 MB,
 * CPU 0.63 -> 0.59 s. Ignition and Sparkplug (the interpreter and the baseline compiler) run the
 * code meanwhile.
 *
 * load-tuning.ts decides from a run's settings whether its pace is light; while the tiers are
 * held, {@link releaseOptimizingTiersWhenBusy} lets them go for good once the process is busy
 * all the same ({@link BUSY_SHARE} of a core over the last {@link WINDOW_MS}): a worker whose
 * run turned out heavy, a mock core's run whose harness work is more than its pace suggests. The window is long enough that a run's own start-up (~100 ms of work)
 * does not count as busy. V8 reads these flags each time it would tier a function up, so
 * setting them after start takes effect (the bin's young-generation sizing relies on the same).
 */
const HOLD = "--no-maglev --no-turbofan";
const RELEASE = "--maglev --turbofan";

/** How often the process's CPU time is read while the tiers are held, ms. */
export const CHECK_MS = 100;
/** The span the process's CPU use is judged over, ms. */
export const WINDOW_MS = 1_000;
/** The share of one core over {@link WINDOW_MS} that counts as busy. */
export const BUSY_SHARE = 0.5;

let held = false;
let watch: NodeJS.Timeout | undefined;

/** Hold the optimising tiers. Called by the bin only, for a command that applies load. */
export function holdOptimizingTiers(): void {
  held = true;
  v8().setFlagsFromString(HOLD);
}

/** Whether the tiers are held now. */
export function optimizingTiersHeld(): boolean {
  return held;
}

/**
 * Watch the process's CPU and release the tiers once it is busy (see above); nothing when they
 * are not held or already watched. The watch is one unref'd timer, gone once it released them.
 */
export function releaseOptimizingTiersWhenBusy(): void {
  if (!held || watch !== undefined) return;
  // CPU time (µs, every thread) and wall time (ms) at each of the last readings, oldest first.
  const readings: { cpuUs: number; atMs: number }[] = [];
  const read = () => {
    const { user, system } = process.cpuUsage();
    return { cpuUs: user + system, atMs: performance.now() };
  };
  readings.push(read());
  watch = setInterval(() => {
    const now = read();
    readings.push(now);
    while (readings.length > 1 && now.atMs - (readings[1]?.atMs ?? now.atMs) >= WINDOW_MS) {
      readings.shift();
    }
    const oldest = readings[0] ?? now;
    const spanMs = now.atMs - oldest.atMs;
    if (spanMs >= WINDOW_MS && (now.cpuUs - oldest.cpuUs) / 1000 >= BUSY_SHARE * spanMs) {
      releaseOptimizingTiers();
    }
  }, CHECK_MS);
  watch.unref();
}

/** Let V8 optimise again, for good. */
export function releaseOptimizingTiers(): void {
  if (watch !== undefined) clearInterval(watch);
  watch = undefined;
  if (!held) return;
  held = false;
  v8().setFlagsFromString(RELEASE);
}
