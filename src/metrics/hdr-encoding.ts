import type * as Zlib from "node:zlib";
import { HdrBuckets } from "./hdr-buckets.js";

/** zlib loads with the first encoding or decoding, not with the library (~3 ms of start-up). */
const zlib = (): typeof Zlib => process.getBuiltinModule("node:zlib");

/**
 * HdrHistogram's V2 compressed encoding (the form Java, Go, Rust and hdr-histogram-js read and
 * write): a cookie, the length of a zlib stream, and in that stream a header (precision, range)
 * followed by the counts as ZigZag LEB128 numbers, a run of empty slots written as one negative
 * number. Kept here so a result's histograms stay readable by any HdrHistogram library, and
 * results written by earlier builds (which used hdr-histogram-js) read back unchanged.
 */

const ENCODING_COOKIE = 0x1c849303 | 0x10;
const COMPRESSED_COOKIE = 0x1c849304 | 0x10;
const COOKIE_BASE_MASK = ~0xf0;
const HEADER_BYTES = 40;
/** A ZigZag LEB128 number of up to 64 bits takes at most 9 bytes. */
const MAX_NUMBER_BYTES = 9;

/** The counts of an encoded histogram and the layout they were counted in. */
export interface EncodedCounts {
  readonly layout: HdrBuckets;
  /** Count per slot, from slot 0 up to the highest slot with a count. */
  readonly counts: Float64Array;
}

/** Encode slots 0 to `end - 1` of `counts`, counted in `layout`. */
export function encodeCounts(counts: Float64Array, end: number, layout: HdrBuckets): string {
  const raw = new ByteWriter(HEADER_BYTES + end * MAX_NUMBER_BYTES);
  raw.uint32(ENCODING_COOKIE);
  raw.uint32(0); // payload length, written below
  raw.uint32(0); // normalizing index offset
  raw.uint32(layout.digits);
  raw.uint64(1); // lowest discernible value
  raw.uint64(layout.highest);
  raw.float64(1); // integer to double value conversion ratio
  let index = 0;
  while (index < end) {
    const count = counts[index++] as number;
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
  const compressed = zlib().deflateSync(raw.bytes());
  const out = new ByteWriter(8 + compressed.length);
  out.uint32(COMPRESSED_COOKIE);
  out.uint32(compressed.length);
  out.append(compressed);
  return Buffer.from(out.bytes()).toString("base64");
}

/** Decode a histogram written by {@link encodeCounts} or any HdrHistogram library. */
export function decodeCounts(base64: string): EncodedCounts {
  const outer = new ByteReader(Buffer.from(base64, "base64"));
  if ((outer.uint32() & COOKIE_BASE_MASK) !== (COMPRESSED_COOKIE & COOKIE_BASE_MASK)) {
    throw new Error("not a compressed HdrHistogram V2 encoding");
  }
  const compressedLength = outer.uint32();
  const raw = new ByteReader(zlib().inflateSync(outer.take(compressedLength)));
  if ((raw.uint32() & COOKIE_BASE_MASK) !== (ENCODING_COOKIE & COOKIE_BASE_MASK)) {
    throw new Error("not an HdrHistogram V2 encoding");
  }
  const payloadLength = raw.uint32();
  raw.uint32(); // normalizing index offset: only shifted (double) histograms use it
  const digits = raw.uint32();
  const lowest = raw.uint64();
  const highest = raw.uint64();
  raw.uint64(); // conversion ratio: only double histograms use it
  if (digits > 5) throw new Error(`HdrHistogram encoding with ${digits} significant digits`);
  if (lowest !== 1) throw new Error(`HdrHistogram encoding with lowest value ${lowest}, not 1`);
  if (!(highest >= 2 && highest <= Number.MAX_SAFE_INTEGER)) {
    throw new Error(`HdrHistogram encoding with highest value ${highest}`);
  }
  const layout = new HdrBuckets(digits, highest);
  const payload = new ByteReader(raw.take(payloadLength));
  const counts: number[] = [];
  while (!payload.done) {
    const count = payload.zigZag();
    const slots = count < 0 ? -count : 1;
    if (counts.length + slots > layout.length)
      throw new Error("HdrHistogram encoding beyond its range");
    if (count < 0) counts.length += slots;
    else counts.push(count);
  }
  const dense = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) dense[i] = counts[i] ?? 0;
  return { layout, counts: dense };
}

/** Big-endian bytes into a buffer sized for the worst case. */
class ByteWriter {
  private readonly buffer: Uint8Array;
  private readonly view: DataView;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  uint32(value: number): void {
    this.view.setUint32(this.length, value >>> 0);
    this.length += 4;
  }

  uint64(value: number): void {
    this.uint32(Math.floor(value / 2 ** 32));
    this.uint32(value % 2 ** 32);
  }

  float64(value: number): void {
    this.view.setFloat64(this.length, value);
    this.length += 8;
  }

  patchUint32(at: number, value: number): void {
    this.view.setUint32(at, value);
  }

  append(bytes: Uint8Array): void {
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A count (whole, below 2^53) as ZigZag LEB128, arithmetic rather than 32-bit shifts. */
  zigZag(value: number): void {
    let rest = value >= 0 ? value * 2 : -value * 2 - 1;
    for (let byte = 1; byte < MAX_NUMBER_BYTES && rest >= 0x80; byte++) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Big-endian reads that fail on a short buffer instead of reading zeros. */
class ByteReader {
  private position = 0;
  private readonly view: DataView;

  constructor(private readonly buffer: Uint8Array) {
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  get done(): boolean {
    return this.position >= this.buffer.length;
  }

  uint32(): number {
    this.need(4);
    const value = this.view.getUint32(this.position);
    this.position += 4;
    return value;
  }

  uint64(): number {
    return this.uint32() * 2 ** 32 + this.uint32();
  }

  take(length: number): Uint8Array {
    this.need(length);
    const bytes = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }

  zigZag(): number {
    let value = 0;
    let scale = 1;
    for (let byte = 0; byte < MAX_NUMBER_BYTES; byte++) {
      this.need(1);
      const next = this.buffer[this.position++] as number;
      // The ninth byte carries a full 8 bits.
      const last = byte === MAX_NUMBER_BYTES - 1;
      value += (last ? next : next & 0x7f) * scale;
      if (last || (next & 0x80) === 0) break;
      scale *= 0x80;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  private need(bytes: number): void {
    if (this.position + bytes > this.buffer.length) {
      throw new Error("HdrHistogram encoding cut short");
    }
  }
}
