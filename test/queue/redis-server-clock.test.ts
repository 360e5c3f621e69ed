import { describe, expect, it } from "vitest";
import { ServerClock } from "../../src/queue/redis/server-clock.js";

/** The server's clock runs 1,000 ms behind this process' in every case below. */
const BEHIND = 1000;

/** A call sent at `sent` that took `roundTrip` ms, answered by the server after `serverAfter`. */
function call(clock: ServerClock, sent: number, roundTrip: number, serverAfter: number): number {
  return clock.observe(sent + serverAfter - BEHIND, sent, sent + roundTrip);
}

describe("ServerClock", () => {
  it("keeps the estimate of the quickest round trip, not the latest", () => {
    const clock = new ServerClock();
    // Quick: the server answered half way, so the estimate is exact.
    expect(call(clock, 10_000, 2, 1)).toBe(BEHIND);
    // Slow and lopsided (the reply sat 120 ms in a busy process): 60 ms off if believed.
    expect(call(clock, 10_010, 130, 5)).toBe(BEHIND);
    expect(call(clock, 10_200, 1, 0.5)).toBe(BEHIND);
  });

  it("takes a slower round trip once the kept one has aged past it", () => {
    const clock = new ServerClock();
    call(clock, 0, 2, 1);
    // Ten seconds on, clocks may have parted by 5 ms: a 6 ms round trip (3 ms bound) is better.
    expect(call(clock, 10_000, 6, 2)).toBe(BEHIND + 1);
    // A minute on, even a 40 ms round trip beats the aged one.
    const later = call(clock, 70_000, 40, 30);
    expect(later).toBe(BEHIND - 10);
  });

  it("believes its first call, however slow", () => {
    expect(call(new ServerClock(), 5, 300, 100)).toBe(BEHIND + 50);
  });
});
