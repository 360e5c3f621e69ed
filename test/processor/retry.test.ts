import { describe, expect, it } from "vitest";
import { backoffDelay, mayRetry, retryDelay } from "../../src/processor/retry.js";

const policy = { maxAttempts: 3, baseDelay: 10, maxDelay: 100, seed: 1 };

describe("backoffDelay", () => {
  it("grows exponentially, with half of each step jittered", () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const step = 10 * 2 ** (attempt - 1);
      for (let seq = 0; seq < 200; seq++) {
        const delay = backoffDelay(policy, seq, attempt);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  it("never exceeds the maximum", () => {
    expect(backoffDelay(policy, 1, 20)).toBeLessThanOrEqual(100);
  });

  it("spreads retries of different messages and repeats for the same key", () => {
    const delays = new Set(Array.from({ length: 50 }, (_, seq) => backoffDelay(policy, seq, 1)));
    expect(delays.size).toBeGreaterThan(40);
    expect(backoffDelay(policy, 7, 2)).toBe(backoffDelay(policy, 7, 2));
  });
});

describe("mayRetry", () => {
  it("allows attempts up to maxAttempts", () => {
    expect(mayRetry(policy, 1)).toBe(true);
    expect(mayRetry(policy, 2)).toBe(true);
    expect(mayRetry(policy, 3)).toBe(false);
  });
});

describe("retryDelay", () => {
  it("is the backoff unless the receiver asked for longer, and never past the longest backoff", () => {
    const backoff = backoffDelay(policy, 7, 1);
    expect(retryDelay(policy, 7, 1, undefined)).toBe(backoff);
    expect(retryDelay(policy, 7, 1, 0)).toBe(backoff);
    expect(retryDelay(policy, 7, 1, 40)).toBe(40);
    expect(retryDelay(policy, 7, 1, 3_600_000)).toBe(100);
  });
});
