import type { DeliveryOutcome } from "../core/delivery-core.js";
import { TIMED_OUT } from "../core/delivery-core.js";
import { preciseTimer } from "../core/precise-sleep.js";

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
 * up after `timeout` ms with {@link TIMED_OUT} (honoured below a millisecond). Never rejects,
 * whatever the thenable does: a `then` that throws, calls back twice or both ways.
 */
export function settledAnswer(
  answer: PromiseLike<DeliveryOutcome>,
  timeout: number | undefined,
  now: () => number,
): Promise<SettledAnswer> {
  return new Promise<SettledAnswer>((resolve) => {
    let done = false;
    let cancel: (() => void) | undefined;
    const finish = (value: unknown, threw: boolean): void => {
      if (done) return;
      done = true;
      cancel?.();
      resolve({ value, threw, at: now() });
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
    if (timeout !== undefined && !done) {
      cancel = preciseTimer(timeout, () => finish(TIMED_OUT, false));
    }
  });
}

/**
 * Resolves after a few microtask turns: long enough for an answer that was already settled when
 * the core returned it (an async function that did its work before its first await) to have
 * run its callback, including a promise adopted from another one (two extra turns).
 */
export async function afterSettledAnswers(): Promise<void> {
  await undefined;
  await undefined;
  await undefined;
}
