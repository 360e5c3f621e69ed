import type { Job } from "bullmq";
import type { JobData } from "./codec.js";

type MessageJob = Job<JobData, string, string>;

/**
 * Moves jobs to BullMQ's failed set, the dead-letter list, in the order they were given up.
 * The set is ordered by the millisecond each job failed, and jobs that failed in the same one
 * by id, which is not the order they died in. So jobs are failed one at a time, each in a
 * later millisecond than the one before: `deadLetters` reads them back oldest first. Dead
 * letters are rare; the wait is at most a millisecond each.
 */
export class FailedInOrder {
  private line: Promise<void> = Promise.resolve();
  private lastAt = 0;

  /** Fails `job` (held under `token`) with `reason`, after every job failed before it. */
  fail(job: MessageJob, reason: string, token: string): Promise<void> {
    const failed = this.line.then(() => this.failNow(job, reason, token));
    this.line = failed.catch(() => {});
    return failed;
  }

  private async failNow(job: MessageJob, reason: string, token: string): Promise<void> {
    while (Date.now() <= this.lastAt) await new Promise((resolve) => setTimeout(resolve, 1));
    await job.moveToFailed(new Error(reason), token, false);
    this.lastAt = Date.now();
  }
}
