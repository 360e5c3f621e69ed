import type { RunConfig } from "../config/run-settings.js";

/** How often a worker reports, and every participant beats. */
export const BEAT_EVERY_MS = 1000;
/** A run's keys outlive the coordinator's last beat by this much (if it dies, they still go). */
export const RUN_KEYS_KEEP_MS = 10 * 60_000;

/** The `heartbeat` setting's floor: a beat a second needs room for one late beat. */
export const MIN_HEARTBEAT_MS = 2 * BEAT_EVERY_MS;

/** The `heartbeat` of a run described by a coordinator from before the setting. */
const HEARTBEAT_BEFORE_SETTING_MS = 5000;

/** A worker's heartbeat lasts this long (`heartbeat`): quiet for longer, it is taken for lost. */
export function workerBeatTtlMs(config: Pick<RunConfig, "heartbeat">): number {
  return Number.isFinite(config.heartbeat) ? config.heartbeat : HEARTBEAT_BEFORE_SETTING_MS;
}

/**
 * The coordinator's heartbeat and its hold on the stream last twice a worker's: a worker that
 * finds it lapsed stops, so it must not lapse for a stall a worker's own beat would survive.
 */
export function coordinatorBeatTtlMs(config: Pick<RunConfig, "heartbeat">): number {
  return 2 * workerBeatTtlMs(config);
}
