import { stopWatching, whenBusy } from "./busy-watch.js";
import {
  holdOptimizingTiers,
  optimizingTiersHeld,
  releaseOptimizingTiers,
} from "./optimizing-tiers.js";
import { appliesLoad, holdYoungGeneration, letYoungGenerationGrow } from "./young-generation.js";

/**
 * How the bin sizes V8 for a command that applies load: held small and lean while it starts
 * (young-generation.ts, optimizing-tiers.ts), let go as the work calls for once it runs. A
 * program that runs the command line in its own process (`main(argv, io)`) keeps its own
 * settings: only the bin holds, and {@link startingLoad} lets go only what was held.
 */

/**
 * The fastest pace, messages a second, at which a run keeps V8's compiling tiers held: the
 * harness's own work is then a few percent of a core without them.
 */
export const LEAN_PACE_PER_SEC = 2_000;

/**
 * Hold both when `args` (the bin's arguments) name a command that applies load. Only then:
 * changing a V8 flag once Node.js runs costs some 12 ms of start-up (measured: it seems to cost
 * V8 its cached compilations), which a run's start-up absorbs and `--help` should not pay.
 */
export function holdForLoadCommand(args: readonly string[]): void {
  if (!appliesLoad(args)) return;
  holdYoungGeneration();
  holdOptimizingTiers();
}

/**
 * The load starts. Work that may be heavy (`highestPace` above {@link LEAN_PACE_PER_SEC}, see
 * run-pace.ts, or Infinity: a search, a suite, a run nothing bounds) gets both now: the young
 * generation may grow and V8 compiles and optimises again. A lean run keeps them held until the
 * process turns out busy or has worked for a while (busy-watch.ts): the default run peaks ~2 MB lower with its young
 * generation at its start-up size, and ~10 MB lower without V8's compilers (optimizing-tiers.ts).
 * `highestPace` undefined: not known here (a worker learns its run's settings later), the CPU
 * decides until a later call says.
 */
export function startingLoad(highestPace: number | undefined): void {
  // Nothing held (only the bin holds, with both; a run lets go of both at once): nothing to let
  // go, and no watch left ticking in a program that runs the command line in its own process.
  if (!optimizingTiersHeld()) return;
  if (highestPace === undefined || highestPace <= LEAN_PACE_PER_SEC) {
    whenBusy(letGo);
  } else {
    letGo();
  }
}

/** Let the young generation grow and V8 compile and optimise again. */
function letGo(): void {
  stopWatching();
  letYoungGenerationGrow();
  releaseOptimizingTiers();
}
