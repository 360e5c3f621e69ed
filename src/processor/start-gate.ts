/**
 * Microtask turns a start holds the next one back: enough for an answer that was already
 * settled when the core returned it (an async function that did its work before its first
 * await) to have run its callback, including a promise adopted from another one (two extra
 * turns).
 */
export const SETTLE_HOPS = 3;

const RESOLVED = Promise.resolve();

/**
 * When the workers of a delivery round may start their next call. After each promised start
 * the gate stays shut for {@link SETTLE_HOPS} microtask turns, so that an answer already settled
 * is heard (and stamped) before another call runs; while the loop breathes it stays shut until
 * the breath is over.
 *
 * Every start of a busy round shuts it, so it is built to cost little: the turns are counted by
 * one chain of reactions to a settled promise, without a closure or an async function per start,
 * and the workers that find it shut wait in line, each opening waking only the first. Waking
 * them all would have every other worker await each successive shutting, a cost that grows with
 * the square of the workers waiting.
 */
export class StartGate {
  /** Microtask turns still to wait after the last promised start; 0 when none is pending. */
  private hops = 0;
  private breath: Promise<void> | undefined;
  private readonly parked: (() => void)[] = [];

  private readonly park = (wake: () => void): void => {
    this.parked.push(wake);
  };

  private readonly hop = (): void => {
    if (--this.hops > 0) {
      void RESOLVED.then(this.hop);
      return;
    }
    if (this.breath === undefined) this.wakeOne();
  };

  /** True while no call may start. */
  get shut(): boolean {
    return this.hops > 0 || this.breath !== undefined;
  }

  /**
   * Resolves when the caller's turn comes, after those already waiting; the gate may be shut
   * again by then (a worker not in line started first), so check {@link shut} and wait again.
   */
  wait(): Promise<void> {
    return new Promise<void>(this.park);
  }

  /** A call just returned a promise: shut for {@link SETTLE_HOPS} microtask turns. */
  startedPromise(): void {
    // One chain at a time: a start while it runs only makes it go on for longer.
    if (this.hops === 0) void RESOLVED.then(this.hop);
    this.hops = SETTLE_HOPS;
  }

  /** The loop breathes: shut until `breath` resolves. */
  breathe(breath: Promise<void>): void {
    if (breath === this.breath) return;
    this.breath = breath;
    void breath.then(() => {
      if (this.breath !== breath) return;
      this.breath = undefined;
      if (this.hops === 0) this.wakeOne();
    });
  }

  /** A worker has nothing left to deliver: the next in line gets to find that out too. */
  leave(): void {
    this.wakeOne();
  }

  private wakeOne(): void {
    this.parked.shift()?.();
  }
}
