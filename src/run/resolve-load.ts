import { DEFAULT_ARRIVALS, DEFAULT_MAX_BACKLOG } from "../config/open-load-defaults.js";
import type { ParsedRunSettings, RunConfig } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";

/** The settings that only mean something under open load. */
const OPEN_ONLY = ["rate", "stages", "duration", "arrivals", "maxBacklog"] as const;

/**
 * Work out the load model of `config` (every layer merged) from what the scenario and the user
 * said (`given`, without the defaults): open when told so or when a rate or stages are given,
 * else closed. An open run gets its arrival process and backlog bound, and, bounded by time,
 * no count unless the user gave one (`countGiven`: a scenario's count is for its closed run).
 * Throws a {@link ConfigError} for settings that contradict it.
 */
export function resolveLoad(
  config: RunConfig,
  given: Partial<ParsedRunSettings>,
  countGiven: boolean,
  source: string,
): RunConfig {
  const scheduled = given.rate !== undefined || given.stages !== undefined;
  const load = given.load ?? (scheduled ? "open" : "closed");
  if (load === "closed") {
    const stray = OPEN_ONLY.find((key) => given[key] !== undefined);
    if (stray !== undefined) {
      throw new ConfigError(
        given.load === "closed"
          ? `${source}: ${stray} applies to open load, and load is closed: drop ${stray} or set load to open`
          : `${source}: ${stray} applies to open load: give a rate (e.g. 2000/s) or stages as well`,
      );
    }
    return { ...config, load };
  }
  if (!scheduled) {
    throw new ConfigError(
      `${source}: open load needs a rate (e.g. 2000/s) or stages (e.g. 10s:100/s,60s:5000/s)`,
    );
  }
  if (given.duration !== undefined && given.stages !== undefined) {
    throw new ConfigError(
      `${source}: duration and stages both set how long arrivals last: give one of them`,
    );
  }
  if (given.generation === "upfront") {
    throw new ConfigError(
      `${source}: generation upfront makes every message before the run starts, open load makes them on schedule: drop one`,
    );
  }
  const timed = given.duration !== undefined || given.stages !== undefined;
  const { messagesPerAgent, ...rest } = config;
  return {
    ...rest,
    // Bounded by time, a run's count caps it only when someone gave one.
    ...(timed && !countGiven ? {} : { messagesPerAgent }),
    load,
    arrivals: config.arrivals ?? DEFAULT_ARRIVALS,
    maxBacklog: config.maxBacklog ?? DEFAULT_MAX_BACKLOG,
  };
}
