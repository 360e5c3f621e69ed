import { LatencyHistogram } from "./histogram.js";

/**
 * What a whole-run histogram gained since the last {@link mark}, derived by subtraction, so a
 * recorded value is recorded once, not also into a histogram per interval. Both histograms it
 * holds are refilled in place rather than made afresh every second: each is a ~190 kB array of
 * counts.
 */
export class SinceMark {
  /** What the whole held at the last mark. */
  private readonly start = new LatencyHistogram(3);
  /** What {@link read} hands out. */
  private readonly interval = new LatencyHistogram(3);

  constructor(private readonly whole: LatencyHistogram) {}

  /** Start a new interval. */
  mark(): void {
    this.start.reset();
    this.start.add(this.whole);
  }

  /**
   * The values since the last mark. The histogram belongs to this object: read it before the
   * next call, which refills it, and never destroy it.
   */
  read(): LatencyHistogram {
    this.interval.reset();
    this.interval.add(this.whole);
    this.interval.subtract(this.start);
    return this.interval;
  }
}
