import { nowMs } from "../../util/clock.js";
import { countErrors, DEAD_LETTER_SAMPLE } from "../broker-inspection.js";
import type { DeadLetter, QueueDepth } from "../driver.js";
import type { ErrorCount } from "../sqlite/inspect.js";
import { messageOf } from "./codec.js";
import { bullmqError, connectBullmq } from "./connection.js";
import { type BullmqQueueUrl, parseBullmqQueueUrl } from "./url.js";

/** What `queue inspect` shows of a BullMQ queue, read without changing anything. */
export interface BullmqInspection {
  readonly queue: string;
  /** The server, password hidden. */
  readonly server: string;
  /**
   * Jobs by the driver's states: ready (BullMQ's wait and prioritized), delayed, leased
   * (active), dead-lettered (failed). Completed jobs are removed, so none show.
   */
  readonly depth: QueueDepth;
  /** How long ago the oldest job still held was added, ms; undefined when none is held. */
  readonly oldestAgeMs: number | undefined;
  /** When BullMQ would promote its earliest delayed job by itself, epoch ms (wall clock). */
  readonly nextRetryAt: number | undefined;
  readonly deadLetters: {
    readonly total: number;
    /** Among the sampled dead letters, by error, most frequent first. */
    readonly byError: readonly ErrorCount[];
    /** The oldest dead letters. */
    readonly first: readonly DeadLetter[];
  };
}

/**
 * Reads what a BullMQ queue holds: counts by state, the oldest job, the next retry and the
 * oldest dead letters with their errors. Safe while a run uses the queue.
 *
 * @throws {ConfigError} when the URL is malformed.
 * @throws {RuntimeError} when Redis cannot be reached.
 */
export async function inspectBullmq(
  url: string | BullmqQueueUrl,
  now: () => number = nowMs,
): Promise<BullmqInspection> {
  const parsed = typeof url === "string" ? parseBullmqQueueUrl(url) : url;
  const { client, queue, close } = await connectBullmq(parsed, { withWorker: false });
  try {
    const counts = await queue.getJobCounts("wait", "prioritized", "delayed", "active", "failed");
    const held = await queue.getJobs(["wait", "prioritized", "delayed", "active"], 0, -1);
    // BullMQ scores a delayed job by its due time times 4096 (the low bits order equal times).
    const [nextDelayed] = await client.zRangeWithScores(queue.keys.delayed ?? "", 0, 0);
    const failed = await queue.getJobs(["failed"], 0, DEAD_LETTER_SAMPLE - 1, true);
    const oldest = held.reduce((min, job) => Math.min(min, job.timestamp), Infinity);
    const first = failed.map((job) => ({
      message: messageOf(job.data, job.id).message,
      error: job.failedReason ?? "",
    }));
    return {
      queue: parsed.queue,
      server: parsed.display,
      depth: {
        ready: (counts.wait ?? 0) + (counts.prioritized ?? 0),
        delayed: counts.delayed ?? 0,
        leased: counts.active ?? 0,
        deadLettered: counts.failed ?? 0,
      },
      oldestAgeMs: Number.isFinite(oldest) ? Math.max(0, now() - oldest) : undefined,
      nextRetryAt: nextDelayed === undefined ? undefined : Math.floor(nextDelayed.score / 0x1000),
      deadLetters: { total: counts.failed ?? 0, byError: countErrors(first), first },
    };
  } catch (error) {
    throw bullmqError(error, parsed);
  } finally {
    await close();
  }
}
