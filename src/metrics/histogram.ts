import type * as Hdr from "hdr-histogram-js";
import type { LatencySummary } from "../result/result.js";
import { lazyPackage, once } from "../util/lazy.js";
import { HdrBuckets } from "./hdr-buckets.js";

const loadHdr = lazyPackage<typeof Hdr>("hdr-histogram-js");

/**
 * hdr-histogram-js with its WebAssembly loaded, once per process; every histogram here uses
 * it. Loaded with the first histogram rather than on import, which it would slow by tens of ms.
 */
const wasmHdr = once((): typeof Hdr => {
  const hdr = loadHdr();
  hdr.initWebAssemblySync();
  return hdr;
});

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
 * 0.2 ms. Backed by WebAssembly memory: call {@link destroy} when done.
 *
 * Recording is the hot path of every run (several values per message), and a call into
 * WebAssembly costs far more than counting in JavaScript. So values are first counted per HDR
 * bucket in a typed array and handed over in bulk, bucket by bucket, whenever the histogram is
 * read. Since each bucket is handed over as its own lowest value, the WebAssembly histogram
 * ends up with exactly the counts it would have had; the exact minimum and maximum are kept
 * here.
 */
export class LatencyHistogram {
  private readonly histogram: Hdr.Histogram;
  private readonly layout: HdrBuckets;
  /** Counts not yet handed to the WebAssembly histogram, by bucket. */
  private readonly pending: Uint32Array;
  /** Buckets with a pending count, so a flush touches only those. */
  private readonly touched: Uint16Array;
  private touchedCount = 0;
  private pendingTotal = 0;
  /** Exact extremes in microseconds; unknown (NaN) for a histogram rebuilt from its encoding. */
  private minUs = Number.POSITIVE_INFINITY;
  private maxUs = Number.NEGATIVE_INFINITY;

  /** `digits`: significant digits kept (3 = 0.1% error); fewer costs less memory. */
  constructor(private readonly digits: 1 | 2 | 3 = 3) {
    this.histogram = wasmHdr().build({
      useWebAssembly: true,
      bitBucketSize: 64,
      lowestDiscernibleValue: 1,
      highestTrackableValue: HIGHEST_US,
      autoResize: false,
      numberOfSignificantValueDigits: digits,
    });
    this.layout = layoutFor(digits);
    this.pending = new Uint32Array(this.layout.length);
    this.touched = new Uint16Array(this.layout.length);
  }

  /** Rebuild a histogram sent by {@link encode}. */
  static decode(base64: string): LatencyHistogram {
    const decoded = wasmHdr().decodeFromCompressedBase64(base64, 64, true);
    const result = new LatencyHistogram();
    result.histogram.add(decoded);
    decoded.destroy();
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
    const pending = this.pending;
    const before = pending[index] as number;
    pending[index] = before + 1;
    if (before === 0) this.touched[this.touchedCount++] = index;
    // A bucket's count must not wrap its 32 bits: hand it over long before.
    if (++this.pendingTotal >= 0x7fffffff) this.flush();
  }

  /** Values recorded. */
  get count(): number {
    return this.histogram.totalCount + this.pendingTotal;
  }

  /** Value at `percentile` (0-100), in milliseconds. */
  percentile(percentile: number): number {
    this.flush();
    return this.histogram.getValueAtPercentile(percentile) / 1000;
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
    this.flush();
    const decoded = wasmHdr().decodeFromCompressedBase64(encoded, 64, true);
    const empty = decoded.totalCount === 0;
    this.histogram.add(decoded);
    decoded.destroy();
    if (empty) return;
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
    this.flush();
    other.flush();
    this.histogram.add(other.histogram);
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  /**
   * Take away every value of `other`, which must be an earlier state of this histogram (so
   * its counts are contained in these). The exact extremes are unknown afterwards.
   */
  subtract(other: LatencyHistogram): void {
    this.flush();
    other.flush();
    this.histogram.subtract(other.histogram);
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
    for (let i = 0; i < this.touchedCount; i++) this.pending[this.touched[i] as number] = 0;
    this.touchedCount = 0;
    this.pendingTotal = 0;
    this.minUs = Number.POSITIVE_INFINITY;
    this.maxUs = Number.NEGATIVE_INFINITY;
    this.histogram.reset();
  }

  /** The usual percentiles in milliseconds. */
  summary(): LatencySummary {
    this.flush();
    const h = this.histogram;
    if (h.totalCount === 0) return EMPTY_LATENCY;
    const max = Number.isNaN(this.maxUs) ? h.maxValue : this.maxUs;
    const min = Number.isNaN(this.minUs) ? h.getValueAtPercentile(0) : this.minUs;
    // A percentile is reported as the top of its bucket, which can lie above the exact max.
    const at = (percentile: number): number =>
      Math.min(h.getValueAtPercentile(percentile), max) / 1000;
    return {
      count: h.totalCount,
      min: min / 1000,
      mean: h.mean / 1000,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: max / 1000,
    };
  }

  /** Compressed base64 form, for results and for shipping between processes. */
  encode(): string {
    this.flush();
    return wasmHdr().encodeIntoCompressedBase64(this.histogram);
  }

  /** Free the WebAssembly memory. */
  destroy(): void {
    this.histogram.destroy();
  }

  /** Hand the pending counts to the WebAssembly histogram. */
  private flush(): void {
    const { pending, touched, layout, histogram } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const index = touched[i] as number;
      histogram.recordValueWithCount(layout.lowestValueAt(index), pending[index] as number);
      pending[index] = 0;
    }
    this.touchedCount = 0;
    this.pendingTotal = 0;
  }
}
