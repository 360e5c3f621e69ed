/**
 * How far a clock may drift from another, ms per ms: 500 ppm, the most NTP ever slews a clock,
 * so an estimate ages no faster than two clocks can actually part.
 */
const MAX_DRIFT = 0.0005;

/**
 * What to add to a time on the Redis server's clock to put it on this process', learnt from the
 * script calls that carry the server's time. A call's estimate is off by up to half its round
 * trip, and on a busy machine one round trip can take a hundred milliseconds; so the estimate
 * kept is the one with the smallest error bound: half its round trip, plus how far the clocks
 * could have drifted since it was taken.
 */
export class ServerClock {
  private offset = 0;
  private bound = Number.POSITIVE_INFINITY;
  private at = 0;

  /**
   * Learn from a call sent at `sent` and answered at `received` (this process' clock) that
   * read `serverNow` on the server; returns the best offset known.
   */
  observe(serverNow: number, sent: number, received: number): number {
    const bound = (received - sent) / 2;
    const aged = this.bound + (received - this.at) * MAX_DRIFT;
    if (bound <= aged) {
      this.offset = (sent + received) / 2 - serverNow;
      this.bound = bound;
      this.at = received;
    }
    return this.offset;
  }
}
