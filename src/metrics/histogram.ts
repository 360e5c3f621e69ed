import type { LatencySummary } from "../result/result.js";
import { HdrBuckets } from "./hdr-buckets.js";
import { decodeCounts, type EncodedCounts, encodeCounts } from "./hdr-encoding.js";

/** Exact smallest and largest values of a histogram, ms. */
export interface Extremes {
  readonly min: number;
  readonly max: number;
}

/** A summary with no values recorded. */
export const EMPTY_LATENCY: LatencySummary = Object.freeze({
  count: 0,
  min: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p95: 0,
  p99: 0,
  p999: 0,
  max: 0,
});

/** Highest latency kept exactly: one hour, in microseconds; longer values are clamped to it. */
const HIGHEST_US = 3_600_000_000;

/** The counts of a histogram with nothing recorded yet: none of its own until a value comes. */
const NO_COUNTS = new Float64Array(0);
/**
 * Slots a histogram's counts start with: at three digits, values below ~8 ms (each further
 * 1,024 slots double the reach).
 */
const FIRST_SLOTS = 4096;

/** Bucket layouts by precision, shared by every histogram of that precision. */
const LAYOUTS = new Map<number, HdrBuckets>();

function layoutFor(digits: number): HdrBuckets {
  let layout = LAYOUTS.get(digits);
  if (!layout) {
    layout = new HdrBuckets(digits, HIGHEST_US);
    LAYOUTS.set(digits, layout);
  }
  return layout;
}

/**
 * An HDR histogram of latencies. Values go in as milliseconds and are stored as whole
 * microseconds (the resolution DESIGN.md fixes), so a 0.1 ms delay is still told apart from
 * 0.2 ms.
 *
 * The counts live in one typed array laid out exactly as HdrHistogram lays them out, and are
 * read the way it reads them, so every percentile and encoding is HdrHistogram's. Written here
 * rather than taken from hdr-histogram-js, whose WebAssembly build added ~12 MB to every
 * run's memory (loading its inlined module and instantiating it), and whose calls cost more
 * than counting in JavaScript on the hot path. The exact minimum and maximum are kept beside
 * the counts.
 *
 * The array covers the slots written so far, not the whole layout's ~23,500 (~190 kB at three
 * digits): it grows, doubling, when a value lands past its end. Latencies of a few ms never
 * reach most slots, and a run holds a dozen or more of these.
 */
export class LatencyHistogram {
  private readonly layout: HdrBuckets;
  private counts: Float64Array = NO_COUNTS;
  private total = 0;
  /** Exact extremes in microseconds; unknown (NaN) for a histogram rebuilt from its encoding. */
  private minUs = Number.POSITIVE_INFINITY;
  private maxUs = Number.NEGATIVE_INFINITY;
  /**
   * Whether every count lies in the slots of the exact extremes; false once counts from another
   * layout were added, each at its bucket's lowest value, which can lie below the minimum.
   */
  private countsWithinExtremes = true;

  /** `digits`: significant digits kept (3 = 0.1% error); fewer costs less memory. */
  constructor(private readonly digits: 1 | 2 | 3 = 3) {
    this.layout = layoutFor(digits);
  }

  /** Rebuild a histogram sent by {@link encode}; throws when `base64` is not one. */
  static decode(base64: string): LatencyHistogram {
    const result = new LatencyHistogram();
    result.addCounts(decodeCounts(base64));
    result.minUs = Number.NaN;
    result.maxUs = Number.NaN;
    return result;
  }

  /** Record one latency in milliseconds (negative values, from clock skew, count as 0). */
  record(ms: number): void {
    let us = Math.round(ms * 1000);
    if (!(us > 0)) us = 0;
    else if (us > HIGHEST_US) us = HIGHEST_US;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
    const index = this.layout.indexOf(us);
    const counts = index < this.counts.length ? this.counts : this.grow(index);
    counts[index] = (counts[index] as number) + 1;
    this.total++;
  }

  /** Values recorded. */
  get count(): number {
    return this.total;
  }

  /** Value at `percentile` (0-100), in milliseconds. */
  percentile(percentile: number): number {
    return this.valueAt(percentile) / 1000;
  }

  /**
   * The exact smallest and largest values recorded, in ms; undefined when empty or unknown
   * (a histogram rebuilt from its encoding, or after a subtraction).
   */
  get extremes(): Extremes | undefined {
    if (!(this.maxUs >= this.minUs)) return undefined;
    return { min: this.minUs / 1000, max: this.maxUs / 1000 };
  }

  /**
   * Add the values of a histogram sent by {@link encode}. `extremes`: the exact smallest and
   * largest values of the sender's whole histogram (which the added part lies within, and which
   * are values it really recorded), so the merged minimum and maximum stay exact; without them
   * they become unknown.
   */
  addEncoded(encoded: string, extremes?: Extremes): void {
    const before = this.total;
    this.addCounts(decodeCounts(encoded));
    if (this.total === before) return;
    if (extremes) {
      this.minUs = Math.min(this.minUs, Math.round(extremes.min * 1000));
      this.maxUs = Math.max(this.maxUs, Math.round(extremes.max * 1000));
    } else {
      this.minUs = Number.NaN;
      this.maxUs = Number.NaN;
    }
  }

  /** Add every value of `other` (exact merge, not an average of percentiles). */
  add(other: LatencyHistogram): void {
    this.addCounts({ layout: other.layout, counts: other.counts });
    if (!other.countsWithinExtremes) this.countsWithinExtremes = false;
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  /**
   * Take away every value of `other`, which must be an earlier state of this histogram (so
   * its counts are contained in these). The exact extremes are unknown afterwards.
   */
  subtract(other: LatencyHistogram): void {
    if (other.digits !== this.digits) throw new Error("subtracting a histogram of other precision");
    const theirs = other.counts;
    // Theirs may be the longer, with nothing but zeros past the end of these.
    const counts = theirs.length <= this.counts.length ? this.counts : this.grow(theirs.length - 1);
    for (let i = 0; i < theirs.length; i++)
      counts[i] = (counts[i] as number) - (theirs[i] as number);
    this.total -= other.total;
    this.minUs = Number.NaN;
    this.maxUs = Number.NaN;
  }

  /** An independent copy with the same values and precision. */
  copy(): LatencyHistogram {
    const copy = new LatencyHistogram(this.digits);
    copy.add(this);
    return copy;
  }

  /** Forget every value. */
  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.countsWithinExtremes = true;
    this.minUs = Number.POSITIVE_INFINITY;
    this.maxUs = Number.NEGATIVE_INFINITY;
  }

  /**
   * The largest value in milliseconds: exact when known, else the top of the highest bucket
   * with a count; 0 when empty. Cheaper than {@link summary} for a live check.
   */
  get max(): number {
    return this.total === 0 ? 0 : this.maxValueUs() / 1000;
  }

  /** The usual percentiles in milliseconds. */
  summary(): LatencySummary {
    if (this.total === 0) return EMPTY_LATENCY;
    const max = this.maxValueUs();
    const min = Number.isNaN(this.minUs) ? this.valueAt(0) : this.minUs;
    // A percentile is reported as the top of its bucket, which can lie above the exact max.
    const at = (percentile: number): number => Math.min(this.valueAt(percentile), max) / 1000;
    return {
      count: this.total,
      min: min / 1000,
      mean: this.meanUs() / 1000,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: max / 1000,
    };
  }

  /** HdrHistogram's V2 compressed base64 form, for results and for shipping between processes. */
  encode(): string {
    return encodeCounts(this.counts, this.topIndex() + 1, this.layout);
  }

  /**
   * HdrHistogram's value at a percentile, in µs: the highest value of the slot where the
   * running count first reaches the percentile's share (the lowest, for percentile 0).
   */
  private valueAt(percentile: number): number {
    if (this.total === 0) return 0;
    const share = (Math.min(percentile, 100) / 100) * this.total;
    // Round up, without letting the last bit of floating-point error skip a count.
    const wanted = Math.max(Math.ceil(share - ulp(share)), 1);
    const { counts, layout } = this;
    const [low, high] = this.filledRange();
    let running = 0;
    for (let i = low; i <= high; i++) {
      running += counts[i] as number;
      if (running >= wanted)
        return percentile === 0 ? layout.lowestValueAt(i) : layout.highestValueAt(i);
    }
    return 0;
  }

  /** The largest value in µs, exact or its bucket's top; the histogram must not be empty. */
  private maxValueUs(): number {
    return Number.isNaN(this.maxUs) ? this.layout.highestValueAt(this.topIndex()) : this.maxUs;
  }

  /** The mean in µs, each slot counted at its middle, as HdrHistogram does. */
  private meanUs(): number {
    const { counts, layout } = this;
    const [low, high] = this.filledRange();
    let sum = 0;
    for (let i = low; i <= high; i++) {
      const count = counts[i] as number;
      if (count !== 0) sum += layout.middleValueAt(i) * count;
    }
    return sum / this.total;
  }

  /**
   * The slots that can hold a count: those of the exact extremes when they are known (live
   * reads of a long run scan a few thousand slots, not all ~23,000), else all.
   */
  private filledRange(): [low: number, high: number] {
    if (!(this.countsWithinExtremes && this.maxUs >= this.minUs)) {
      return [0, this.counts.length - 1];
    }
    return [this.layout.indexOf(this.minUs), this.layout.indexOf(this.maxUs)];
  }

  /** The highest slot with a count (-1 when empty). */
  private topIndex(): number {
    const { counts } = this;
    let i = this.filledRange()[1];
    while (i >= 0 && counts[i] === 0) i--;
    return i;
  }

  /**
   * Make the counts reach slot `index` (within the layout): twice as many slots, or as many as
   * `index` needs, at least {@link FIRST_SLOTS} and at most the layout's. Returns the new array.
   */
  private grow(index: number): Float64Array {
    const length = Math.min(
      this.layout.length,
      Math.max(index + 1, this.counts.length * 2, FIRST_SLOTS),
    );
    const grown = new Float64Array(length);
    grown.set(this.counts);
    this.counts = grown;
    return grown;
  }

  /** Add counts kept in any layout: slot by slot when it is this one, else by value. */
  private addCounts({ layout, counts }: EncodedCounts): void {
    const same = layout.digits === this.digits;
    let added = 0;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i] as number;
      if (count === 0) continue;
      let index = i;
      if (!same || i >= this.layout.length) {
        index = this.layout.indexOf(Math.min(layout.lowestValueAt(i), HIGHEST_US));
        this.countsWithinExtremes = false;
      }
      const mine = index < this.counts.length ? this.counts : this.grow(index);
      mine[index] = (mine[index] as number) + count;
      added += count;
    }
    this.total += added;
  }
}

/** The gap from `x` to the next larger double (x > 0), as HdrHistogram computes it. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}
