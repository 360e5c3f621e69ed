import * as hdr from "hdr-histogram-js";

let wasmReady = false;

/** Loads hdr-histogram-js's WebAssembly once per process; every histogram here uses it. */
function ensureWasm(): void {
  if (!wasmReady) {
    hdr.initWebAssemblySync();
    wasmReady = true;
  }
}

/** Percentiles of a latency distribution, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
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

/**
 * An HDR histogram of latencies. Values go in as milliseconds and are stored as whole
 * microseconds (the resolution DESIGN.md fixes), so a 0.1 ms delay is still told apart from
 * 0.2 ms. Backed by WebAssembly memory: call {@link destroy} when done.
 */
export class LatencyHistogram {
  private readonly histogram: hdr.Histogram;

  /** `digits`: significant digits kept (3 = 0.1% error); fewer costs less memory. */
  constructor(digits: 1 | 2 | 3 = 3) {
    ensureWasm();
    this.histogram = hdr.build({
      useWebAssembly: true,
      bitBucketSize: 64,
      lowestDiscernibleValue: 1,
      highestTrackableValue: HIGHEST_US,
      autoResize: false,
      numberOfSignificantValueDigits: digits,
    });
  }

  /** Rebuild a histogram sent by {@link encode}. */
  static decode(base64: string): LatencyHistogram {
    ensureWasm();
    const decoded = hdr.decodeFromCompressedBase64(base64, 64, true);
    const result = new LatencyHistogram();
    result.histogram.add(decoded);
    decoded.destroy();
    return result;
  }

  /** Record one latency in milliseconds (negative values, from clock skew, count as 0). */
  record(ms: number): void {
    const us = Math.round(ms * 1000);
    this.histogram.recordValue(us <= 0 ? 0 : Math.min(us, HIGHEST_US));
  }

  /** Values recorded. */
  get count(): number {
    return this.histogram.totalCount;
  }

  /** Value at `percentile` (0-100), in milliseconds. */
  percentile(percentile: number): number {
    return this.histogram.getValueAtPercentile(percentile) / 1000;
  }

  /** Add every value of `other` (exact merge, not an average of percentiles). */
  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  /** Forget every value. */
  reset(): void {
    this.histogram.reset();
  }

  /** The usual percentiles in milliseconds. */
  summary(): LatencySummary {
    const h = this.histogram;
    if (h.totalCount === 0) return EMPTY_LATENCY;
    const max = h.maxValue;
    // A percentile is reported as the top of its bucket, which can lie above the exact max.
    const at = (percentile: number): number =>
      Math.min(h.getValueAtPercentile(percentile), max) / 1000;
    return {
      count: h.totalCount,
      min: at(0),
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
    return hdr.encodeIntoCompressedBase64(this.histogram);
  }

  /** Free the WebAssembly memory. */
  destroy(): void {
    this.histogram.destroy();
  }
}
