import { MAX_SIZE_BYTES } from "../config/size.js";

/**
 * Longest payload the generator makes; larger draws are clamped (a heavy tail can ask for GBs).
 * The same as the largest size a setting accepts, so a fixed size is never clamped.
 */
export const MAX_PAYLOAD_BYTES = MAX_SIZE_BYTES;

/**
 * Hands out payload strings of a requested length without allocating each one: every payload is
 * a slice of one shared base string, which V8 stores as a cheap view.
 */
export class PayloadSource {
  private base = "";

  private lastLength = -1;
  private lastPayload = "";

  /** A payload of `bytes` ASCII characters (clamped to {@link MAX_PAYLOAD_BYTES}). */
  take(bytes: number): string {
    const length = Math.min(Math.max(0, Math.round(bytes)), MAX_PAYLOAD_BYTES);
    // A fixed size (the common case) asks for the same length every time: reuse the slice.
    if (length === this.lastLength) return this.lastPayload;
    if (length > this.base.length) this.grow(length);
    this.lastLength = length;
    this.lastPayload = length === this.base.length ? this.base : this.base.slice(0, length);
    return this.lastPayload;
  }

  private grow(length: number): void {
    // Doubling keeps the number of rebuilds logarithmic in the largest payload asked for.
    const target = Math.min(MAX_PAYLOAD_BYTES, Math.max(length, this.base.length * 2, 1024));
    const pattern = "swarm-stress-payload-";
    this.base = pattern.repeat(Math.ceil(target / pattern.length)).slice(0, target);
  }
}
