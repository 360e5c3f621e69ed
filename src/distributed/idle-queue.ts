import type { Lease, LeaseOptions, QueueDriver } from "../queue/driver.js";
import { nowMs } from "../util/clock.js";
import { DelegatingQueue } from "./delegating-queue.js";
import type { WorkListener } from "./work-signal.js";

/**
 * Longest an idle worker goes without looking at the queue when nobody announced work: what
 * no announcement covers (another worker's lease that expired, its retry coming due, an
 * announcement lost to a broken connection) waits at most this long.
 */
export const IDLE_LOOK_MS = 100;
/**
 * Shortest wait before a look: a retry is due by this clock but the queue did not hand it out
 * (its clock, or the clock of the worker that set the retry, may be behind this one).
 */
const DUE_LOOK_MS = 5;

/**
 * A worker's queue that waits for the coordinator's announcements ({@link WorkListener})
 * instead of polling Redis while it is idle. The Redis queue's long poll looks every 5 ms, a
 * script each time, some 250 a second and a tenth of a core per idle worker; this one looks
 * when work was announced, when the queue's earliest retry comes due, and otherwise every
 * {@link IDLE_LOOK_MS}. A long poll still returns after its `waitMs`, so the caller looks
 * around (a stop, the end of the run) as often as before, and it takes work as soon as it is
 * announced rather than at the next poll.
 */
export class IdleQueue extends DelegatingQueue {
  /** The last look found nothing: announcements heard by then, and when to look again. */
  private idle: { readonly heard: number; readonly lookAt: number } | undefined;

  constructor(
    queue: QueueDriver,
    private readonly listener: Pick<WorkListener, "live" | "count" | "wait">,
    private readonly now: () => number = nowMs,
  ) {
    super(queue);
  }

  override async lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    const waitMs = options?.waitMs ?? 0;
    if (!(waitMs > 0) || !this.listener.live) return this.queue.lease(max, options);
    const look = options?.visibilityMs === undefined ? {} : { visibilityMs: options.visibilityMs };
    const deadline = this.now() + waitMs;
    for (;;) {
      let idle = this.idle;
      if (idle === undefined || this.listener.count !== idle.heard || this.now() >= idle.lookAt) {
        const heard = this.listener.count;
        const leases = await this.queue.lease(max, look);
        if (leases.length > 0) {
          this.idle = undefined;
          return leases;
        }
        const retryAt = await this.queue.nextRetryAt();
        idle = { heard, lookAt: this.now() + this.lookIn(retryAt) };
        this.idle = idle;
      }
      const left = deadline - this.now();
      if (left <= 0) return [];
      await this.listener.wait(idle.heard, Math.min(left, idle.lookAt - this.now()));
    }
  }

  /** How long until the next look: {@link IDLE_LOOK_MS}, or less when a retry comes due. */
  private lookIn(retryAt: number | undefined): number {
    const due = retryAt === undefined ? Number.POSITIVE_INFINITY : retryAt - this.now();
    return Math.max(DUE_LOOK_MS, Math.min(IDLE_LOOK_MS, due));
  }
}
