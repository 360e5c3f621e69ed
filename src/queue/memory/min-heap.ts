/**
 * Binary min-heap of values keyed by a number. Equal keys come out in insertion order, so
 * messages sent back with the same retry time keep the order they were nacked in.
 *
 * Keys, tie-breakers and values live in parallel arrays: a push allocates no entry object,
 * and `pop` shrinks the arrays so a drained heap holds no stale references.
 */
export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly ticks: number[] = [];
  private readonly values: T[] = [];
  private inserted = 0;

  /** Number of values held. */
  get size(): number {
    return this.values.length;
  }

  /** Smallest key, or `undefined` when empty. */
  peekKey(): number | undefined {
    return this.keys[0];
  }

  /** Adds `value` under `key`. `key` must not be NaN: it would break the heap order. */
  push(key: number, value: T): void {
    const tick = this.inserted++;
    let i = this.values.length;
    this.keys.push(key);
    this.ticks.push(tick);
    this.values.push(value);
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!less(key, tick, this.keys[parent] as number, this.ticks[parent] as number)) break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, key, tick, value);
  }

  /** Removes and returns the value with the smallest key, or `undefined` when empty. */
  pop(): T | undefined {
    if (this.values.length === 0) return undefined;
    const top = this.values[0];
    // The last entry leaves the arrays (shrinking them) and is sifted down from the root.
    const key = this.keys.pop() as number;
    const tick = this.ticks.pop() as number;
    const value = this.values.pop() as T;
    const size = this.values.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        const right = child + 1;
        if (right < size && this.slotLess(right, child)) child = right;
        if (!less(this.keys[child] as number, this.ticks[child] as number, key, tick)) break;
        this.move(child, i);
        i = child;
      }
      this.place(i, key, tick, value);
    }
    return top;
  }

  /** Calls `visit` on every value, in no particular order, without removing any. */
  forEach(visit: (value: T) => void): void {
    for (const value of this.values) visit(value);
  }

  /** Drops every value. */
  clear(): void {
    this.keys.length = 0;
    this.ticks.length = 0;
    this.values.length = 0;
  }

  private slotLess(a: number, b: number): boolean {
    return less(
      this.keys[a] as number,
      this.ticks[a] as number,
      this.keys[b] as number,
      this.ticks[b] as number,
    );
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] as number;
    this.ticks[to] = this.ticks[from] as number;
    this.values[to] = this.values[from] as T;
  }

  private place(i: number, key: number, tick: number, value: T): void {
    this.keys[i] = key;
    this.ticks[i] = tick;
    this.values[i] = value;
  }
}

function less(keyA: number, tickA: number, keyB: number, tickB: number): boolean {
  return keyA < keyB || (keyA === keyB && tickA < tickB);
}
