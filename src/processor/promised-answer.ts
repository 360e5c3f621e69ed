import type { DeliveryOutcome } from "../delivery/delivery-core.js";
import { TIMED_OUT } from "../delivery/delivery-core.js";
import { preciseTimer } from "../util/precise-sleep.js";

/** How a promised answer ended: the value it resolved to or the reason it rejected, and when. */
export interface SettledAnswer {
  readonly value: unknown;
  /** True when the promise rejected (or its `then` threw): `value` is what was thrown. */
  readonly threw: boolean;
  /** When the answer settled, or the timeout fired, on the caller's clock. */
  readonly at: number;
}

/**
 * Wait for a promised answer, stamping the moment it settles in the callback the promise itself
 * calls, not when the caller's await resumes: between the two, other deliveries may run. Gives
 * up `timeout` ms after `startedAt` (the call's start; now by default) with {@link TIMED_OUT}
 * (honoured below a millisecond), and an answer heard after that is timed out too. Counted
 * from the call's start, not from here: a pause of the process between the two must not give
 * the core more time. Never rejects, whatever the thenable does: a `then` that throws, calls
 * back twice or both ways.
 */
export function settledAnswer(
  answer: PromiseLike<DeliveryOutcome>,
  timeout: number | undefined,
  now: () => number,
  startedAt: number = now(),
): Promise<SettledAnswer> {
  const deadline = timeout === undefined ? undefined : startedAt + timeout;
  return new Promise<SettledAnswer>((resolve) => {
    let done = false;
    let cancel: (() => void) | undefined;
    const finish = (value: unknown, threw: boolean): void => {
      if (done) return;
      done = true;
      cancel?.();
      const at = now();
      // Heard after the deadline, the answer was still pending when it passed: a pause of the
      // process (a GC, a busy machine) can run the core's timer before the timeout's, and the
      // order callbacks happen to run in must not decide the verdict.
      if (deadline !== undefined && at > deadline) resolve({ value: TIMED_OUT, threw: false, at });
      else resolve({ value, threw, at });
    };
    try {
      answer.then(
        (value) => finish(value, false),
        (error: unknown) => finish(error, true),
      );
    } catch (error) {
      finish(error, true);
      return;
    }
    if (deadline !== undefined && !done) {
      cancel = preciseTimer(Math.max(0, deadline - now()), () => finish(TIMED_OUT, false));
    }
  });
}

const NATIVE_THEN = Promise.prototype.then;

/** True for a native promise with the native `then`: it settles once and calls back once. */
export function isNativePromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise && value.then === NATIVE_THEN;
}

/**
 * The common case of {@link settledAnswer} at the cost of one `then`: a native promise and no
 * timeout. One ear per worker serves call after call, so hearing allocates no closures.
 */
export class SettlementEar implements SettledAnswer {
  value: unknown;
  threw = false;
  at = 0;

  constructor(private readonly now: () => number) {}

  private readonly onValue = (value: unknown): void => {
    this.at = this.now();
    this.value = value;
    this.threw = false;
  };

  private readonly onError = (error: unknown): void => {
    this.at = this.now();
    this.value = error;
    this.threw = true;
  };

  /**
   * Resolves once `answer` has settled; read the ear for what it came to and when. The promise
   * `then` makes is returned as it is: wrapping it in an async function would cost another
   * promise and a microtask hop per delivery.
   */
  hear(answer: Promise<unknown>): Promise<unknown> {
    return answer.then(this.onValue, this.onError);
  }
}
