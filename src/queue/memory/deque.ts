/** Smallest backing array; also the size a {@link Deque} starts with. */
const MIN_SLOTS = 16;

/**
 * Below this many slots a deque never shrinks: re-growing a small buffer every time a batch
 * drains would cost more than the memory it gives back.
 */
const SHRINK_FLOOR = 1 << 14;

/**
 * FIFO ring buffer with amortised O(1) `push` and `shift`. It exists because
 * `Array.prototype.shift` moves every remaining element, which turns a queue of a million
 * messages into a quadratic hot spot.
 */
export class Deque<T> {
  private slots: (T | undefined)[];
  private head = 0;
  private mask: number;
  private count = 0;

  /** @param initialSlots rounded up to a power of two so an index wraps with a bit mask. */
  constructor(initialSlots = MIN_SLOTS) {
    const slots = powerOfTwoAtLeast(Math.max(MIN_SLOTS, initialSlots));
    this.slots = new Array<T | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /** Number of items held. */
  get size(): number {
    return this.count;
  }

  /** Appends at the tail. */
  push(item: T): void {
    if (this.count === this.slots.length) this.resize(this.slots.length * 2);
    this.slots[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** Removes and returns the head, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.slots[this.head];
    // Clear the slot so a consumed item can be garbage-collected while the buffer lives on.
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    const length = this.slots.length;
    if (length > SHRINK_FLOOR && this.count < length >>> 3) this.resize(length >>> 1);
    return item;
  }

  /** The head without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.slots[this.head];
  }

  /** The item `index` places behind the head (0 is the head), or `undefined` past the tail. */
  at(index: number): T | undefined {
    return index >= 0 && index < this.count
      ? this.slots[(this.head + index) & this.mask]
      : undefined;
  }

  /** Calls `visit` on every item, head first, without removing any. */
  forEach(visit: (item: T) => void): void {
    for (let i = 0; i < this.count; i++) visit(this.slots[(this.head + i) & this.mask] as T);
  }

  /** Drops every item and returns to the initial footprint. */
  clear(): void {
    this.slots = new Array<T | undefined>(MIN_SLOTS).fill(undefined);
    this.mask = MIN_SLOTS - 1;
    this.head = 0;
    this.count = 0;
  }

  private resize(slots: number): void {
    const next = new Array<T | undefined>(slots).fill(undefined);
    for (let i = 0; i < this.count; i++) next[i] = this.slots[(this.head + i) & this.mask];
    this.slots = next;
    this.head = 0;
    this.mask = slots - 1;
  }
}

function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
