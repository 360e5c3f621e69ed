/**
 * The calls a driver has on their way to the broker: `close` waits for them, and when the
 * connection is lost they fail at once with its fault, since a flush or request sent into a
 * dead connection may never answer. Each call keeps its own way to be failed, rather than
 * `Promise.race` with one promise of the fault: every race would leave a reaction on that
 * promise, and every call ever made would stay in memory.
 */
export class InFlight {
  private readonly calls = new Set<Promise<unknown>>();
  private readonly cuts = new Set<(fault: Error) => void>();
  private lost: Error | undefined;

  /**
   * @param asFault what a call that failed rejects with, given what it threw; a promise of it
   * when that is only known later (the call stays on its way meanwhile).
   */
  constructor(private readonly asFault: (error: unknown) => Error | Promise<Error>) {}

  /** `work`, kept until it settles, failed by {@link cutAll}. */
  track<T>(work: Promise<T>): Promise<T> {
    if (this.lost !== undefined) return Promise.reject(this.lost);
    let cut: (fault: Error) => void = () => {};
    const tracked = new Promise<T>((resolve, reject) => {
      cut = reject;
      work.then(resolve, async (error: unknown) => reject(await this.asFault(error)));
    });
    this.cuts.add(cut);
    this.calls.add(tracked);
    const done = (): void => {
      this.cuts.delete(cut);
      this.calls.delete(tracked);
    };
    tracked.then(done, done);
    return tracked;
  }

  /** The connection is gone: every call on its way, and every later one, fails with `fault`. */
  cutAll(fault: Error): void {
    this.lost = fault;
    for (const cut of this.cuts) cut(fault);
  }

  /** Resolves once no call is on its way (each settled, whichever way). */
  async settled(): Promise<void> {
    while (this.calls.size > 0) await Promise.allSettled([...this.calls]);
  }
}
