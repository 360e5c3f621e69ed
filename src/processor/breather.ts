/**
 * Longest stretch the processor runs without letting the event loop turn. With a synchronous
 * core, or awaits that resolve as microtasks, a batch could otherwise hold the loop for as long
 * as it lasts: timers (timeouts, the sampler, the progress bar) would wait, and the harness
 * would show event-loop lag that is its own doing.
 */
export const MAX_BUSY_MS = 10;

/** Lets the event loop turn at least every {@link MAX_BUSY_MS} of busy work. */
export class Breather {
  private since: number;
  /** The breath being taken, shared by everyone who finds one due meanwhile. */
  private breath: Promise<void> | undefined;

  constructor(private readonly now: () => number) {
    this.since = now();
  }

  /** The loop has just turned (a pause, a wait on a timer): the stretch starts again at `at`. */
  rested(at: number): void {
    this.since = at;
  }

  /**
   * The moment (on the clock given to {@link due}) after which {@link due} has a breath to
   * take; -Infinity while one is being taken. Lets a run of synchronous deliveries know with
   * one comparison when to stop for it.
   */
  get dueAfter(): number {
    return this.breath === undefined ? this.since + MAX_BUSY_MS : Number.NEGATIVE_INFINITY;
  }

  /**
   * A promise to await before going on when the loop has not turned for longer than
   * {@link MAX_BUSY_MS} by `at`; undefined while it has time left.
   */
  due(at: number): Promise<void> | undefined {
    if (this.breath !== undefined) return this.breath;
    if (at - this.since <= MAX_BUSY_MS) return undefined;
    // Two turns, not one: an immediate set during the check phase runs after the next timers
    // phase, so timers (timeouts, the sampler) have had their turn whatever phase this is.
    this.breath = new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve))).then(
      () => {
        this.breath = undefined;
        this.since = this.now();
      },
    );
    return this.breath;
  }
}
