/**
 * The bucket layout of an HDR histogram with a lowest discernible value of 1, computed the way
 * HdrHistogram does. Recording the lowest value of a bucket lands in that same bucket, which
 * lets values be counted cheaply in JavaScript and handed to the WebAssembly histogram in bulk
 * without changing a single percentile.
 */
export class HdrBuckets {
  /** Number of count slots. */
  readonly length: number;
  private readonly halfCountMagnitude: number;
  private readonly halfCount: number;
  private readonly mask: number;
  private readonly base: number;

  /** `digits`: significant digits; `highest`: largest value tracked (below 2^32). */
  constructor(digits: number, highest: number) {
    const singleUnitLimit = 2 * 10 ** digits;
    const countMagnitude = Math.ceil(Math.log2(singleUnitLimit));
    this.halfCountMagnitude = Math.max(countMagnitude, 1) - 1;
    const subBucketCount = 2 ** (this.halfCountMagnitude + 1);
    this.halfCount = subBucketCount / 2;
    this.mask = subBucketCount - 1;
    // HdrHistogram: leadingZeroCountBase = 64 - unitMagnitude - subBucketHalfCountMagnitude - 1.
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
  indexOf(value: number): number {
    // clz of (value | mask) is clz of the larger of the two, since mask is 2^k - 1; clz32 is
    // enough because values stay below 2^32.
    const bucket = this.base - (32 + Math.clz32(Math.max(value, this.mask)));
    const subBucket = value >>> bucket;
    return ((bucket + 1) << this.halfCountMagnitude) + subBucket - this.halfCount;
  }

  /** The lowest value that falls in slot `index`. */
  lowestValueAt(index: number): number {
    let bucket = (index >> this.halfCountMagnitude) - 1;
    let subBucket = (index & (this.halfCount - 1)) + this.halfCount;
    if (bucket < 0) {
      subBucket -= this.halfCount;
      bucket = 0;
    }
    return subBucket * 2 ** bucket;
  }
}
