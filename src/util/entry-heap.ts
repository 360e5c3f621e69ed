/**
 * The pending wake-ups of the precise sleeps (src/util/precise-sleep.ts), earliest first.
 */

/** One pending wake-up. `index` is its slot in the heap (-1 once fired or cancelled). */
export interface Entry {
  readonly dueAt: number;
  /** Breaks ties between equal `dueAt`, so waits of equal length end in the order they began. */
  readonly seq: number;
  readonly fire: () => void;
  index: number;
}

function earlier(a: Entry, b: Entry): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

/**
 * Binary min-heap of entries that knows each entry's slot, so a cancelled timer is removed at
 * once (O(log n)) instead of lingering and keeping the loop alive until it would have fired.
 */
export class EntryHeap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(entry: Entry): void {
    entry.index = this.items.length;
    this.items.push(entry);
    this.up(entry.index);
  }

  pop(): Entry | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  remove(entry: Entry): void {
    if (entry.index >= 0 && this.items[entry.index] === entry) this.removeAt(entry.index);
  }

  private removeAt(index: number): void {
    const items = this.items;
    const removed = items[index] as Entry;
    const last = items.pop() as Entry;
    removed.index = -1;
    if (last !== removed) {
      items[index] = last;
      last.index = index;
      this.down(index);
      this.up(last.index);
    }
  }

  private up(start: number): void {
    const items = this.items;
    const entry = items[start] as Entry;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as Entry;
      if (!earlier(entry, parent)) break;
      items[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    items[index] = entry;
    entry.index = index;
  }

  private down(start: number): void {
    const items = this.items;
    const length = items.length;
    const entry = items[start] as Entry;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && earlier(items[right] as Entry, items[left] as Entry)) child = right;
      const candidate = items[child] as Entry;
      if (!earlier(candidate, entry)) break;
      items[index] = candidate;
      candidate.index = index;
      index = child;
    }
    items[index] = entry;
    entry.index = index;
  }
}
