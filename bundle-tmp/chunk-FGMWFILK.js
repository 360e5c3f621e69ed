// dist/metrics/hdr-buckets.js
var HdrBuckets = class {
  digits;
  highest;
  /** Number of count slots. */
  length;
  halfCountMagnitude;
  halfCount;
  mask;
  base;
  /**
   * `digits`: significant digits; `highest`: largest value tracked. {@link indexOf} needs it
   * below 2^32; a layout read from an encoding may reach higher and is only read by slot.
   */
  constructor(digits, highest) {
    this.digits = digits;
    this.highest = highest;
    const singleUnitLimit = 2 * 10 ** digits;
    const countMagnitude = Math.ceil(Math.log2(singleUnitLimit));
    this.halfCountMagnitude = Math.max(countMagnitude, 1) - 1;
    const subBucketCount = 2 ** (this.halfCountMagnitude + 1);
    this.halfCount = subBucketCount / 2;
    this.mask = subBucketCount - 1;
    this.base = 63 - this.halfCountMagnitude;
    let smallestUntrackable = subBucketCount;
    let buckets = 1;
    while (smallestUntrackable <= highest) {
      smallestUntrackable *= 2;
      buckets++;
    }
    this.length = (buckets + 1) * this.halfCount;
  }
  /** The slot of `value` (a whole number from 0 to the highest tracked value). */
  indexOf(value) {
    const bucket = this.base - (32 + Math.clz32(Math.max(value, this.mask)));
    const subBucket = value >>> bucket;
    return (bucket + 1 << this.halfCountMagnitude) + subBucket - this.halfCount;
  }
  /** The lowest value that falls in slot `index`. */
  lowestValueAt(index) {
    let bucket = (index >> this.halfCountMagnitude) - 1;
    let subBucket = (index & this.halfCount - 1) + this.halfCount;
    if (bucket < 0) {
      subBucket -= this.halfCount;
      bucket = 0;
    }
    return subBucket * 2 ** bucket;
  }
  /** How many whole values fall in slot `index`. */
  widthAt(index) {
    return 2 ** Math.max((index >> this.halfCountMagnitude) - 1, 0);
  }
  /** The highest value that falls in slot `index` (HdrHistogram's highest equivalent value). */
  highestValueAt(index) {
    return this.lowestValueAt(index) + this.widthAt(index) - 1;
  }
  /** The middle of slot `index`, rounded up (HdrHistogram's median equivalent value). */
  middleValueAt(index) {
    return this.lowestValueAt(index) + Math.floor(this.widthAt(index) / 2);
  }
};

// dist/metrics/hdr-encoding.js
import { deflateSync, inflateSync } from "node:zlib";
var ENCODING_COOKIE = 478450435 | 16;
var COMPRESSED_COOKIE = 478450436 | 16;
var COOKIE_BASE_MASK = ~240;
var HEADER_BYTES = 40;
var MAX_NUMBER_BYTES = 9;
function encodeCounts(counts, end, layout) {
  const raw = new ByteWriter(HEADER_BYTES + end * MAX_NUMBER_BYTES);
  raw.uint32(ENCODING_COOKIE);
  raw.uint32(0);
  raw.uint32(0);
  raw.uint32(layout.digits);
  raw.uint64(1);
  raw.uint64(layout.highest);
  raw.float64(1);
  let index = 0;
  while (index < end) {
    const count = counts[index++];
    if (count !== 0) {
      raw.zigZag(count);
      continue;
    }
    let zeros = 1;
    while (index < end && counts[index] === 0) {
      zeros++;
      index++;
    }
    raw.zigZag(zeros > 1 ? -zeros : 0);
  }
  raw.patchUint32(4, raw.length - HEADER_BYTES);
  const compressed = deflateSync(raw.bytes());
  const out = new ByteWriter(8 + compressed.length);
  out.uint32(COMPRESSED_COOKIE);
  out.uint32(compressed.length);
  out.append(compressed);
  return Buffer.from(out.bytes()).toString("base64");
}
function decodeCounts(base64) {
  const outer = new ByteReader(Buffer.from(base64, "base64"));
  if ((outer.uint32() & COOKIE_BASE_MASK) !== (COMPRESSED_COOKIE & COOKIE_BASE_MASK)) {
    throw new Error("not a compressed HdrHistogram V2 encoding");
  }
  const compressedLength = outer.uint32();
  const raw = new ByteReader(inflateSync(outer.take(compressedLength)));
  if ((raw.uint32() & COOKIE_BASE_MASK) !== (ENCODING_COOKIE & COOKIE_BASE_MASK)) {
    throw new Error("not an HdrHistogram V2 encoding");
  }
  const payloadLength = raw.uint32();
  raw.uint32();
  const digits = raw.uint32();
  const lowest = raw.uint64();
  const highest = raw.uint64();
  raw.uint64();
  if (digits > 5)
    throw new Error(`HdrHistogram encoding with ${digits} significant digits`);
  if (lowest !== 1)
    throw new Error(`HdrHistogram encoding with lowest value ${lowest}, not 1`);
  if (!(highest >= 2 && highest <= Number.MAX_SAFE_INTEGER)) {
    throw new Error(`HdrHistogram encoding with highest value ${highest}`);
  }
  const layout = new HdrBuckets(digits, highest);
  const payload = new ByteReader(raw.take(payloadLength));
  const counts = [];
  while (!payload.done) {
    const count = payload.zigZag();
    const slots = count < 0 ? -count : 1;
    if (counts.length + slots > layout.length)
      throw new Error("HdrHistogram encoding beyond its range");
    if (count < 0)
      counts.length += slots;
    else
      counts.push(count);
  }
  const dense = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++)
    dense[i] = counts[i] ?? 0;
  return { layout, counts: dense };
}
var ByteWriter = class {
  buffer;
  view;
  length = 0;
  constructor(capacity) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }
  uint32(value) {
    this.view.setUint32(this.length, value >>> 0);
    this.length += 4;
  }
  uint64(value) {
    this.uint32(Math.floor(value / 2 ** 32));
    this.uint32(value % 2 ** 32);
  }
  float64(value) {
    this.view.setFloat64(this.length, value);
    this.length += 8;
  }
  patchUint32(at, value) {
    this.view.setUint32(at, value);
  }
  append(bytes) {
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** A count (whole, below 2^53) as ZigZag LEB128, arithmetic rather than 32-bit shifts. */
  zigZag(value) {
    let rest = value >= 0 ? value * 2 : -value * 2 - 1;
    for (let byte = 1; byte < MAX_NUMBER_BYTES && rest >= 128; byte++) {
      this.buffer[this.length++] = rest % 128 | 128;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }
  bytes() {
    return this.buffer.subarray(0, this.length);
  }
};
var ByteReader = class {
  buffer;
  position = 0;
  view;
  constructor(buffer) {
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
  get done() {
    return this.position >= this.buffer.length;
  }
  uint32() {
    this.need(4);
    const value = this.view.getUint32(this.position);
    this.position += 4;
    return value;
  }
  uint64() {
    return this.uint32() * 2 ** 32 + this.uint32();
  }
  take(length) {
    this.need(length);
    const bytes = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }
  zigZag() {
    let value = 0;
    let scale = 1;
    for (let byte = 0; byte < MAX_NUMBER_BYTES; byte++) {
      this.need(1);
      const next = this.buffer[this.position++];
      const last = byte === MAX_NUMBER_BYTES - 1;
      value += (last ? next : next & 127) * scale;
      if (last || (next & 128) === 0)
        break;
      scale *= 128;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
  need(bytes) {
    if (this.position + bytes > this.buffer.length) {
      throw new Error("HdrHistogram encoding cut short");
    }
  }
};

// dist/metrics/histogram.js
var EMPTY_LATENCY = Object.freeze({
  count: 0,
  min: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p95: 0,
  p99: 0,
  p999: 0,
  max: 0
});
var HIGHEST_US = 36e8;
var LAYOUTS = /* @__PURE__ */ new Map();
function layoutFor(digits) {
  let layout = LAYOUTS.get(digits);
  if (!layout) {
    layout = new HdrBuckets(digits, HIGHEST_US);
    LAYOUTS.set(digits, layout);
  }
  return layout;
}
var LatencyHistogram = class _LatencyHistogram {
  digits;
  layout;
  counts;
  total = 0;
  /** Exact extremes in microseconds; unknown (NaN) for a histogram rebuilt from its encoding. */
  minUs = Number.POSITIVE_INFINITY;
  maxUs = Number.NEGATIVE_INFINITY;
  /** `digits`: significant digits kept (3 = 0.1% error); fewer costs less memory. */
  constructor(digits = 3) {
    this.digits = digits;
    this.layout = layoutFor(digits);
    this.counts = new Float64Array(this.layout.length);
  }
  /** Rebuild a histogram sent by {@link encode}; throws when `base64` is not one. */
  static decode(base64) {
    const result = new _LatencyHistogram();
    result.addCounts(decodeCounts(base64));
    result.minUs = Number.NaN;
    result.maxUs = Number.NaN;
    return result;
  }
  /** Record one latency in milliseconds (negative values, from clock skew, count as 0). */
  record(ms) {
    let us = Math.round(ms * 1e3);
    if (!(us > 0))
      us = 0;
    else if (us > HIGHEST_US)
      us = HIGHEST_US;
    if (us < this.minUs)
      this.minUs = us;
    if (us > this.maxUs)
      this.maxUs = us;
    const counts = this.counts;
    const index = this.layout.indexOf(us);
    counts[index] = counts[index] + 1;
    this.total++;
  }
  /** Values recorded. */
  get count() {
    return this.total;
  }
  /** Value at `percentile` (0-100), in milliseconds. */
  percentile(percentile) {
    return this.valueAt(percentile) / 1e3;
  }
  /**
   * The exact smallest and largest values recorded, in ms; undefined when empty or unknown
   * (a histogram rebuilt from its encoding, or after a subtraction).
   */
  get extremes() {
    if (!(this.maxUs >= this.minUs))
      return void 0;
    return { min: this.minUs / 1e3, max: this.maxUs / 1e3 };
  }
  /**
   * Add the values of a histogram sent by {@link encode}. `extremes`: the exact smallest and
   * largest values of the sender's whole histogram (which the added part lies within, and which
   * are values it really recorded), so the merged minimum and maximum stay exact; without them
   * they become unknown.
   */
  addEncoded(encoded, extremes) {
    const before = this.total;
    this.addCounts(decodeCounts(encoded));
    if (this.total === before)
      return;
    if (extremes) {
      this.minUs = Math.min(this.minUs, Math.round(extremes.min * 1e3));
      this.maxUs = Math.max(this.maxUs, Math.round(extremes.max * 1e3));
    } else {
      this.minUs = Number.NaN;
      this.maxUs = Number.NaN;
    }
  }
  /** Add every value of `other` (exact merge, not an average of percentiles). */
  add(other) {
    this.addCounts({ layout: other.layout, counts: other.counts });
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }
  /**
   * Take away every value of `other`, which must be an earlier state of this histogram (so
   * its counts are contained in these). The exact extremes are unknown afterwards.
   */
  subtract(other) {
    if (other.digits !== this.digits)
      throw new Error("subtracting a histogram of other precision");
    const { counts } = this;
    const theirs = other.counts;
    for (let i = 0; i < counts.length; i++)
      counts[i] = counts[i] - theirs[i];
    this.total -= other.total;
    this.minUs = Number.NaN;
    this.maxUs = Number.NaN;
  }
  /** An independent copy with the same values and precision. */
  copy() {
    const copy = new _LatencyHistogram(this.digits);
    copy.add(this);
    return copy;
  }
  /** Forget every value. */
  reset() {
    this.counts.fill(0);
    this.total = 0;
    this.minUs = Number.POSITIVE_INFINITY;
    this.maxUs = Number.NEGATIVE_INFINITY;
  }
  /** The usual percentiles in milliseconds. */
  summary() {
    if (this.total === 0)
      return EMPTY_LATENCY;
    const max = Number.isNaN(this.maxUs) ? this.layout.highestValueAt(this.topIndex()) : this.maxUs;
    const min = Number.isNaN(this.minUs) ? this.valueAt(0) : this.minUs;
    const at = (percentile) => Math.min(this.valueAt(percentile), max) / 1e3;
    return {
      count: this.total,
      min: min / 1e3,
      mean: this.meanUs() / 1e3,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: max / 1e3
    };
  }
  /** HdrHistogram's V2 compressed base64 form, for results and for shipping between processes. */
  encode() {
    return encodeCounts(this.counts, this.topIndex() + 1, this.layout);
  }
  /**
   * HdrHistogram's value at a percentile, in µs: the highest value of the slot where the
   * running count first reaches the percentile's share (the lowest, for percentile 0).
   */
  valueAt(percentile) {
    if (this.total === 0)
      return 0;
    const share = Math.min(percentile, 100) / 100 * this.total;
    const wanted = Math.max(Math.ceil(share - ulp(share)), 1);
    const { counts, layout } = this;
    let running = 0;
    for (let i = 0; i < counts.length; i++) {
      running += counts[i];
      if (running >= wanted)
        return percentile === 0 ? layout.lowestValueAt(i) : layout.highestValueAt(i);
    }
    return 0;
  }
  /** The mean in µs, each slot counted at its middle, as HdrHistogram does. */
  meanUs() {
    const { counts, layout } = this;
    let sum = 0;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i];
      if (count !== 0)
        sum += layout.middleValueAt(i) * count;
    }
    return sum / this.total;
  }
  /** The highest slot with a count (-1 when empty). */
  topIndex() {
    const { counts } = this;
    let i = counts.length - 1;
    while (i >= 0 && counts[i] === 0)
      i--;
    return i;
  }
  /** Add counts kept in any layout: slot by slot when it is this one, else by value. */
  addCounts({ layout, counts }) {
    const mine = this.counts;
    const same = layout.digits === this.digits;
    let added = 0;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i];
      if (count === 0)
        continue;
      const index = same && i < mine.length ? i : this.layout.indexOf(Math.min(layout.lowestValueAt(i), HIGHEST_US));
      mine[index] = mine[index] + count;
      added += count;
    }
    this.total += added;
  }
};
function ulp(x) {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

export {
  LatencyHistogram
};
