/**
 * The deadlines of a network core's calls under way, and how each call gives up at its own.
 *
 * A call's timer can run late: the processor holds its own deadline for the same call, and on a
 * busy event loop it can give up first and end the run before the core's timer has fired. The
 * core's figures (`connections.errors.timeout`) are then read with that call still counted as
 * under way. {@link CallDeadlines.giveUpOverdue}, called where the figures are read, gives up
 * every call already past its deadline, so the core's count of timeouts equals the calls timed
 * out.
 */
export class CallDeadlines {
  private readonly pending = new Map<() => void, { at: number; timer: NodeJS.Timeout }>();

  /** Call `giveUp` once `ms` have passed, unless {@link end} came first. */
  start(giveUp: () => void, ms: number): void {
    this.pending.set(giveUp, { at: performance.now() + ms, timer: setTimeout(giveUp, ms) });
  }

  /** The call settled (or gave up): its deadline no longer applies. */
  end(giveUp: () => void): void {
    const entry = this.pending.get(giveUp);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.pending.delete(giveUp);
  }

  /** Give up now on every call past its deadline whose timer has not run yet. */
  giveUpOverdue(): void {
    const now = performance.now();
    for (const [giveUp, { at }] of [...this.pending]) if (at <= now) giveUp();
  }
}
