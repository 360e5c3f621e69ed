import { RuntimeError } from "../../errors.js";
import type { RedisQueueUrl } from "./url.js";

/**
 * Why Redis can no longer serve a run: `lost` (the connection did not come back within the
 * retry window), `state-lost` (Redis came back without the run's keys), `refused` (Redis
 * answered a command with an error it never should, such as out of memory), `closed` (a call
 * after this process closed the connection itself).
 */
export type RedisFaultKind = "lost" | "state-lost" | "refused" | "closed";

/**
 * Redis failed the run. A {@link RuntimeError} (the CLI prints its one-line message and exits
 * 3) that names the server, never its password, and says which way it failed.
 */
export class RedisFault extends RuntimeError {
  constructor(
    message: string,
    /** Which way Redis failed. */
    readonly kind: RedisFaultKind,
  ) {
    super(message);
  }
}

/**
 * `Redis at HOST:PORT lost the run's state (restarted without persistence, or flushed?)`: its
 * keys vanished while the connection stood or came back, which only a restart without
 * persistence, a FLUSHALL or eviction does.
 */
export function stateLostLine(target: Pick<RedisQueueUrl, "target">): string {
  return `Redis at ${target.target} lost the run's state (restarted without persistence, or flushed?)`;
}

/**
 * The first Redis fault of a run, shared by all of its connections (a coordinator has one for
 * the run store and one for the queue), so that whichever finds the fault fails the others
 * with the same error, at once, rather than each finding out on its own later or never (a
 * store reading an emptied Redis would see nothing wrong, only zeros).
 */
export class RedisFaultLatch {
  private fault: RedisFault | undefined;
  private readonly listeners: (() => void)[] = [];

  /** The fault, once one tripped the latch. */
  get error(): RedisFault | undefined {
    return this.fault;
  }

  /** Latches `fault` unless another came first, and returns the one latched. */
  trip(fault: RedisFault): RedisFault {
    if (this.fault !== undefined) return this.fault;
    this.fault = fault;
    for (const listener of this.listeners.splice(0)) listener();
    return fault;
  }

  /** Calls `listener` once, when the latch trips. */
  onTrip(listener: () => void): void {
    if (this.fault === undefined) this.listeners.push(listener);
  }
}
