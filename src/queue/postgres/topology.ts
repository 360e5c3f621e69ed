import type { PgBoss } from "./connection.js";
import type { QueueNames } from "./store.js";

/**
 * pg-boss's retry limit for the work queue: out of reach. pg-boss counts every claim after the
 * first against it, and a lapsed lease is failed back to be retried; the run's max attempts,
 * not pg-boss, decides when a message is given up on.
 */
const RETRY_LIMIT = 2_000_000_000;

/**
 * How long pg-boss lets a job stay active before its supervisor fails it, s. The driver times
 * leases itself and runs no supervisor; this only bounds how long another pg-boss instance
 * supervising the same schema would leave a dead run's jobs alone. A day: longer than any lease.
 */
const EXPIRE_SECONDS = 86_400;

/** Completed jobs are kept this long for pg-boss's maintenance to delete, s. */
const DELETE_AFTER_SECONDS = 3_600;

/**
 * Creates the work and dead-letter queues unless they exist (an earlier run's are kept as they
 * are: the caller decides whether what they hold is refused). Retries without delay and no
 * backoff, as the driver fails lapsed leases back to be handed out again at once. The work
 * queue names `NAME.dead` as pg-boss's dead-letter queue too, so that a job pg-boss itself
 * gives up on (another tool's `fail` past the limit) lands with the driver's dead letters.
 */
export async function ensureQueues(boss: PgBoss, names: QueueNames): Promise<void> {
  if ((await boss.getQueue(names.dead)) === null) {
    await boss.createQueue(names.dead, { retryLimit: 0, deleteAfterSeconds: DELETE_AFTER_SECONDS });
  }
  if ((await boss.getQueue(names.work)) === null) {
    await boss.createQueue(names.work, {
      retryLimit: RETRY_LIMIT,
      retryDelay: 0,
      retryBackoff: false,
      deadLetter: names.dead,
      expireInSeconds: EXPIRE_SECONDS,
      deleteAfterSeconds: DELETE_AFTER_SECONDS,
    });
  }
}
