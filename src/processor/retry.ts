import { keyedUniform } from "../util/random.js";

/** How long failed messages wait before their next attempt. */
export interface RetryPolicy {
  /** Delivery rounds per message before it is dead-lettered. */
  readonly maxAttempts: number;
  /** Backoff before the first retry, ms; doubles with each further attempt. */
  readonly baseDelay: number;
  /** Backoff never exceeds this, ms. */
  readonly maxDelay: number;
  readonly seed: number;
}

/**
 * Backoff after attempt number `attempts` (1-based) of message `seq`: exponential, capped, with
 * "equal jitter" (half fixed, half random) so retries of a failure burst spread out instead of
 * returning together. The jitter is keyed by message and attempt, so it is reproducible.
 */
export function backoffDelay(policy: RetryPolicy, seq: number, attempts: number): number {
  const exponential = Math.min(policy.maxDelay, policy.baseDelay * 2 ** (attempts - 1));
  const jitter = keyedUniform(policy.seed, seq, attempts, 0x7e7a1);
  return exponential / 2 + (exponential / 2) * jitter;
}

/**
 * The wait before the next attempt: the backoff, or longer when a receiver asked for it (an
 * HTTP `Retry-After`), but never beyond the policy's longest backoff, so a server asking for
 * an hour cannot stall a run.
 */
export function retryDelay(
  policy: RetryPolicy,
  seq: number,
  attempts: number,
  retryAfterMs: number | undefined,
): number {
  const backoff = backoffDelay(policy, seq, attempts);
  if (retryAfterMs === undefined || retryAfterMs <= backoff) return backoff;
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxDelay));
}

/** Whether a message that has had `attempts` rounds may have another. */
export function mayRetry(policy: RetryPolicy, attempts: number): boolean {
  return attempts < policy.maxAttempts;
}
