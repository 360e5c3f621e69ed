/**
 * The bucket layout of an HDR histogram with a lowest discernible value of 1, computed the way
 * HdrHistogram does, so counts kept here read, encode and decode exactly as HdrHistogram's own.
 * Each slot holds a range of whole values: one value wide below twice the sub-bucket count,
 * doubling in width with each bucket above.
 */
export class HdrBuckets {
  /** Number of count slots. */
  readonly length: number;
  private readonly halfCountMagnitude: number;
  private readonly halfCount: number;
  private readonly mask: number;
  private readonly base: number;

  /**
   * `digits`: significant digits; `highest`: largest value tracked. {@link indexOf} needs it
   * below 2^32; a layout read from an encoding may reach higher and is only read by slot.
   */
  constructor(
    readonly digits: number,
    readonly highest: number,
  ) {
    const singleUnitLimit = 2 * 10 ** digits;
    const countMagnitude = Math.ceil(Math.log2(singleUnitLimit));
    // Small whole numbers, kept as integers (`| 0`): `**`, `log2` and `ceil` give floating-point
    // numbers, which V8 would store boxed and convert back on every {@link indexOf}, five times
    // a message.
    this.halfCountMagnitude = (Math.max(countMagnitude, 1) - 1) | 0;
    const subBucketCount = 2 ** (this.halfCountMagnitude + 1);
    this.halfCount = (subBucketCount / 2) | 0;
    this.mask = (subBucketCount - 1) | 0;
    // HdrHistogram: leadingZeroCountBase = 64 - unitMagnitude - subBucketHalfCountMagnitude - 1.
    this.base = (63 - this.halfCountMagnitude) | 0;
    let smallestUntrackable = subBucketCount;
    let buckets = 1;
    while (smallestUntrackable <= highest) {
      smallestUntrackable *= 2;
      buckets++;
    }
    this.length = ((buckets + 1) * this.halfCount) | 0;
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

  /** How many whole values fall in slot `index`. */
  widthAt(index: number): number {
    return 2 ** Math.max((index >> this.halfCountMagnitude) - 1, 0);
  }

  /** The highest value that falls in slot `index` (HdrHistogram's highest equivalent value). */
  highestValueAt(index: number): number {
    return this.lowestValueAt(index) + this.widthAt(index) - 1;
  }

  /** The middle of slot `index`, rounded up (HdrHistogram's median equivalent value). */
  middleValueAt(index: number): number {
    return this.lowestValueAt(index) + Math.floor(this.widthAt(index) / 2);
  }
}
