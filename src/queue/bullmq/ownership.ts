/**
 * Who may use a BullMQ queue: one process at a time, and a run only on a queue no earlier run
 * left anything in, as every durable driver has it (runs never mix).
 */
import { ConfigError } from "../../errors.js";
import type { MessageQueue } from "./connection.js";
import type { BullmqQueueUrl } from "./url.js";

/** BullMQ's states that hold a message still owed work ("wait" counts a paused queue's too). */
export const HELD_STATES = ["wait", "prioritized", "delayed", "active"] as const;

/** What a queue holds, by the driver's states. */
export interface JobCounts {
  readonly held: number;
  readonly deadLettered: number;
}

/** What `queue` holds: jobs still owed work, and failed jobs (dead letters). */
export async function countJobs(queue: MessageQueue): Promise<JobCounts> {
  const counts = await queue.getJobCounts(...HELD_STATES, "failed");
  let held = 0;
  for (const state of HELD_STATES) held += counts[state] ?? 0;
  return { held, deadLettered: counts.failed ?? 0 };
}

/**
 * BullMQ workers on the queue besides this driver's own, by the names BullMQ gives their
 * connections (`CLIENT LIST`); 0 when the server does not let this user list clients.
 */
export async function otherWorkers(queue: MessageQueue): Promise<number> {
  try {
    return Math.max(0, (await queue.getWorkersCount()) - 1);
  } catch {
    return 0;
  }
}

/**
 * Refuses a queue that other BullMQ workers consume: a second run, or an application's own
 * workers, would take its jobs. One process owns a queue.
 *
 * @throws {ConfigError} naming how many there are.
 */
export function refuseOtherWorkers(others: number, url: BullmqQueueUrl): void {
  if (others === 0) return;
  throw new ConfigError(
    `BullMQ queue "${url.queue}" at ${url.target} is in use by ${others} other worker(s): stop them or use another queue`,
  );
}

/**
 * Refuses a queue an earlier run left jobs or dead letters in, as every durable driver refuses
 * its own: runs never mix.
 *
 * @throws {ConfigError} saying what the queue holds and how to clear it.
 */
export function refuseEarlierRun(counts: JobCounts, url: BullmqQueueUrl): void {
  const what = `BullMQ queue "${url.queue}" at ${url.target}`;
  if (counts.held > 0) {
    throw new ConfigError(
      `${what} still holds ${counts.held} message(s) from an earlier run: resume that run (run --resume), purge it (swarm-stress queue purge URL) or use another queue`,
    );
  }
  if (counts.deadLettered > 0) {
    throw new ConfigError(
      `${what} holds ${counts.deadLettered} dead letter(s) from an earlier run: purge it (swarm-stress queue purge URL) or use another queue`,
    );
  }
}
