import { createRandom, type Random } from "../util/random.js";
import type { RateProfile } from "./rate-profile.js";

/** How arrivals are spread at a given rate. */
export type ArrivalProcess = "uniform" | "poisson";

/** The PRNG stream of Poisson arrivals; the generator and faults use others. */
const ARRIVALS_STREAM = 3;

/**
 * The intended arrival times of an open-load run, ms from its start, one at a time: where the
 * pipeline's state never moves them. Uniform arrivals fall at whole counts of the profile
 * (at 2000/s: 0, 0.5, 1 ms, …); Poisson arrivals at counts a seeded exponential draw apart,
 * which on a changing rate is exactly a Poisson process with that rate (a time change of a
 * unit-rate one).
 */
export class ArrivalSchedule {
  private count = 0;
  private readonly random: Random | undefined;

  constructor(
    private readonly profile: RateProfile,
    process: ArrivalProcess,
    seed: number,
  ) {
    this.random = process === "poisson" ? createRandom(seed, ARRIVALS_STREAM) : undefined;
    if (this.random) this.count = exponential(this.random);
  }

  /** The next arrival's intended time, ms from the start; undefined once the profile ended. */
  next(): number | undefined {
    const at = this.profile.timeOfCount(this.count);
    if (at === undefined) return undefined;
    this.count += this.random ? exponential(this.random) : 1;
    return at;
  }
}

/**
 * How many arrivals a schedule makes in all: exact for uniform arrivals, counted by drawing
 * them for Poisson ones (the same seed draws the same times). Infinity for a profile with no
 * end; at most `cap` (counting stops there).
 */
export function plannedArrivals(
  profile: RateProfile,
  process: ArrivalProcess,
  seed: number,
  cap: number,
): number {
  if (process === "uniform") return Math.min(cap, Math.ceil(profile.totalCount));
  if (!Number.isFinite(profile.totalCount)) return cap;
  const schedule = new ArrivalSchedule(profile, process, seed);
  let n = 0;
  while (n < cap && schedule.next() !== undefined) n++;
  return n;
}

/** A unit-mean exponential draw; 1 − u keeps the logarithm finite. */
function exponential(random: Random): number {
  return -Math.log(1 - random());
}
