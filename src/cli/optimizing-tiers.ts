/** node:v8 loads only for a command that applies load, not for `--help`. */
const v8 = () => process.getBuiltinModule("node:v8");

/**
 * V8's compiling tiers (Sparkplug, its baseline compiler, and Maglev and TurboFan, its
 * optimising ones), held off in a process that applies load while its work is light
 * (load-tuning.ts decides): its interpreter, Ignition, runs the code meanwhile.
 *
 * Compiling pays when code runs hot for long: a firehose moves millions of messages a second
 * only with optimised code. A run at the default scenario's pace (about a hundred messages a
 * second), and the start-up of every run, pay for it instead: each compiler's machine code in
 * the node binary is read into memory, and it compiles functions that then run a few hundred
 * times. Measured on the default run (`run --seed 1`, interleaved runs): peak RSS 76.3 -> 66.8
 * MB and CPU 0.63 -> 0.59 s without the optimising compilers, 0.8 MB less again without the
 * baseline one, at the same CPU. V8 reads these flags each time it would tier a function up, so
 * setting them after start takes effect (the young generation's sizing relies on the same).
 */
const HOLD = "--no-sparkplug --no-maglev --no-turbofan";
const RELEASE = "--sparkplug --maglev --turbofan";

let held = false;

/** Hold the compiling tiers. Called by the bin only, for a command that applies load. */
export function holdOptimizingTiers(): void {
  held = true;
  v8().setFlagsFromString(HOLD);
}

/** Whether the tiers are held now. */
export function optimizingTiersHeld(): boolean {
  return held;
}

/** Let V8 compile and optimise again, for good; nothing when the tiers are not held. */
export function releaseOptimizingTiers(): void {
  if (!held) return;
  held = false;
  v8().setFlagsFromString(RELEASE);
}
