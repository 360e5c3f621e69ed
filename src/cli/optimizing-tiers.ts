/** node:v8 loads only for a command that applies load, not for `--help`. */
const v8 = () => process.getBuiltinModule("node:v8");

/**
 * V8's optimising compilers (Maglev and TurboFan), held off in a process that applies load
 * while its work is light (load-tuning.ts decides).
 *
 * Optimising pays when code runs hot for long: a firehose moves millions of messages a second
 * only with them. A run at the default scenario's pace (about a hundred messages a second), and
 * the start-up of every run, pay for them instead: each compiler's machine code in the node
 * binary is read into memory, and it compiles functions that then run a few hundred times.
 * Measured on the default run (`run --seed 1`, four interleaved pairs): peak RSS 76.3 -> 66.8 MB,
 * CPU 0.63 -> 0.59 s. Ignition and Sparkplug (the interpreter and the baseline compiler) run the
 * code meanwhile. V8 reads these flags each time it would tier a function up, so setting them
 * after start takes effect (the young generation's sizing relies on the same).
 */
const HOLD = "--no-maglev --no-turbofan";
const RELEASE = "--maglev --turbofan";

let held = false;

/** Hold the optimising tiers. Called by the bin only, for a command that applies load. */
export function holdOptimizingTiers(): void {
  held = true;
  v8().setFlagsFromString(HOLD);
}

/** Whether the tiers are held now. */
export function optimizingTiersHeld(): boolean {
  return held;
}

/** Let V8 optimise again, for good; nothing when the tiers are not held. */
export function releaseOptimizingTiers(): void {
  if (!held) return;
  held = false;
  v8().setFlagsFromString(RELEASE);
}
