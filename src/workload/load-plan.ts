import { DEFAULT_ARRIVALS } from "../config/open-load-defaults.js";
import type { RunConfig } from "../config/run-settings.js";
import { ArrivalSchedule, plannedArrivals } from "./arrival-schedule.js";
import { RateProfile } from "./rate-profile.js";

/**
 * Poisson arrivals are counted by drawing them; past this many expected, the run's bound is
 * its count (or none) and the progress shows the expected number instead.
 */
const MOST_ARRIVALS_COUNTED = 5_000_000;

/** How many messages a run makes, and on what schedule. */
export interface LoadPlan {
  /** At most this many messages: a bound that holds (Infinity when nothing bounds the count). */
  readonly most: number;
  /** About how many it makes, for progress; equal to `most` where that is exact. */
  readonly expected: number;
  /** The open load's rate over time; undefined for a closed run. */
  readonly profile: RateProfile | undefined;
  /** A new schedule of intended arrival times; undefined for a closed run. */
  schedule(): ArrivalSchedule | undefined;
}

/** The load plan of `config`. */
export function loadPlan(config: RunConfig): LoadPlan {
  const count =
    config.messagesPerAgent === undefined
      ? Number.POSITIVE_INFINITY
      : config.agents * config.messagesPerAgent;
  if (config.load === "closed") {
    return { most: count, expected: count, profile: undefined, schedule: () => undefined };
  }
  const profile = config.stages
    ? RateProfile.staged(config.rate ?? 0, config.stages)
    : RateProfile.constant(config.rate ?? 0, config.duration);
  const arrivals = config.arrivals ?? DEFAULT_ARRIVALS;
  const expected = Math.min(count, profile.totalCount);
  const countable = arrivals === "uniform" || expected <= MOST_ARRIVALS_COUNTED;
  const most = countable ? plannedArrivals(profile, arrivals, config.seed, count) : count;
  return {
    most,
    expected: Number.isFinite(most) ? most : Math.round(expected),
    profile,
    schedule: () => new ArrivalSchedule(profile, arrivals, config.seed),
  };
}
