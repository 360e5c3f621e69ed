/** How often a worker reports, and every participant beats. */
export const BEAT_EVERY_MS = 1000;
/** A worker's heartbeat lasts this long: quiet for longer, it is taken for lost. */
export const WORKER_BEAT_TTL_MS = 5000;
/** The coordinator's heartbeat and its hold on the stream last this long without renewal. */
export const COORDINATOR_BEAT_TTL_MS = 10_000;
/** A run's keys outlive the coordinator's last beat by this much (if it dies, they still go). */
export const RUN_KEYS_KEEP_MS = 10 * 60_000;
