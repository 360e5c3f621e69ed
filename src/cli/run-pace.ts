import type { RunConfig } from "../config/run-settings.js";
import { distributionMean } from "../model/distributions.js";

/**
 * The most messages a second a run of `config` can make: its arrival rate under open load (a
 * ramp of stages counts as unbounded), else what its pause after each batch, or its mock
 * core's delay at its concurrency, allows; Infinity when nothing bounds it, and for any core
 * but the mock: code whose speed is measured (a user's core, the client of a remote agent)
 * must not run slower for the harness's sake.
 */
export function highestPace(config: RunConfig): number {
  if (config.core !== "mock") return Number.POSITIVE_INFINITY;
  if (config.load === "open") {
    return config.stages === undefined && config.rate !== undefined
      ? config.rate
      : Number.POSITIVE_INFINITY;
  }
  let pace = Number.POSITIVE_INFINITY;
  if (config.interval > 0) pace = (config.batchSize * 1000) / config.interval;
  const delay = distributionMean(config.delay);
  if (delay > 0) pace = Math.min(pace, (config.concurrency * 1000) / delay);
  return pace;
}
