/** What {@link settledWithin} gives when the work took too long. */
export const TOO_LATE: unique symbol = Symbol("too late");

/**
 * `work`'s value, or {@link TOO_LATE} when it has not settled within `ms`; a rejection passes
 * through. The timer is cleared either way, so waiting leaves nothing behind to hold the
 * process open.
 */
export async function settledWithin<T>(
  work: PromiseLike<T>,
  ms: number,
): Promise<T | typeof TOO_LATE> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof TOO_LATE>((resolve) => {
    timer = setTimeout(() => resolve(TOO_LATE), ms);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
