import { ConfigError } from "../errors.js";

/** Messages a queue holds at most when its options name no capacity. */
export const DEFAULT_CAPACITY = 10_000;

/** Visibility timeout of a lease, ms, when neither the call nor the queue's options name one. */
export const DEFAULT_VISIBILITY_MS = 30_000;

/** The options every driver takes, as a caller gives them. */
export interface DriverLimitOptions {
  /** A positive integer or `Infinity`. */
  readonly capacity?: number | undefined;
  /** At least 0. */
  readonly visibilityMs?: number | undefined;
}

/** {@link DriverLimitOptions} checked, with the defaults filled in. */
export interface DriverLimits {
  readonly capacity: number;
  readonly visibilityMs: number;
}

/**
 * A driver's capacity and default visibility timeout, defaults filled in. Every driver checks
 * them here, so that a bad value is refused in the same words whichever queue was asked for.
 *
 * @throws {ConfigError} naming the option and the value it got.
 */
export function checkDriverLimits(options: DriverLimitOptions): DriverLimits {
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  if (!isCount(capacity, 1)) {
    throw new ConfigError(`queue capacity must be a positive integer, got ${capacity}`);
  }
  const visibilityMs = options.visibilityMs ?? DEFAULT_VISIBILITY_MS;
  if (!(visibilityMs >= 0)) {
    throw new ConfigError(`queue visibilityMs must be >= 0, got ${visibilityMs}`);
  }
  return { capacity, visibilityMs };
}

/**
 * How many dead letters keep their body: an integer of at least 0, or `Infinity`. Each driver
 * has its own default, so this takes the value already defaulted.
 *
 * @throws {ConfigError} naming the value it got.
 */
export function checkDeadLetterLimit(limit: number): number {
  if (!isCount(limit, 0)) {
    throw new ConfigError(`queue deadLetterLimit must be an integer >= 0, got ${limit}`);
  }
  return limit;
}

/**
 * The error for a lease call's visibility timeout, or undefined when it is sound. Returned,
 * not thrown: `lease` reports it as a rejected promise, never as a synchronous throw.
 */
export function leaseVisibilityError(visibilityMs: number): RangeError | undefined {
  // Written so that NaN fails too.
  return visibilityMs >= 0
    ? undefined
    : new RangeError(`visibilityMs must be >= 0, got ${visibilityMs}`);
}

/** An integer of at least `min`, or `Infinity` (no limit). */
function isCount(value: number, min: number): boolean {
  return value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= min);
}
