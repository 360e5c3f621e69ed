import { MinHeap } from "../memory/min-heap.js";

interface Entry<T> {
  readonly id: string;
  readonly item: T;
  readonly dueAt: number;
}

/**
 * Retry times of nacked jobs on the driver's clock. BullMQ keeps them in its delayed set too,
 * by the same moment on the wall clock; the driver promotes a job itself when its clock says
 * it is due, so the contract's clock (which tests inject) rules, and BullMQ's own promotion
 * (at the same moment, on a real clock) changes nothing but who gets there first. Earliest
 * first; FIFO among equal times. Removing is O(1): a removed entry is skipped when it comes up.
 */
export class RetrySchedule<T> {
  private readonly byId = new Map<string, Entry<T>>();
  private heap = new MinHeap<Entry<T>>();
  /** Entries removed but still in the heap. */
  private stale = 0;

  /** Jobs waiting for their retry time. */
  get size(): number {
    return this.byId.size;
  }

  /** `item`, job `id`, is due at `dueAt`. */
  add(id: string, item: T, dueAt: number): void {
    const entry = { id, item, dueAt };
    this.byId.set(id, entry);
    this.heap.push(dueAt, entry);
    if (this.heap.size > 2 * this.byId.size + 1_024) this.rebuild();
  }

  /** Forgets job `id` (BullMQ handed it out already); false when it was not scheduled. */
  remove(id: string): boolean {
    const removed = this.byId.delete(id);
    if (removed) this.stale++;
    return removed;
  }

  /** Takes every entry due by `now`, earliest first. */
  takeDue(now: number): { item: T; dueAt: number }[] {
    const due: { item: T; dueAt: number }[] = [];
    for (let at = this.heap.peekKey(); at !== undefined && at <= now; at = this.heap.peekKey()) {
      const entry = this.heap.pop() as Entry<T>;
      if (this.byId.get(entry.id) !== entry) continue;
      this.byId.delete(entry.id);
      due.push({ item: entry.item, dueAt: entry.dueAt });
    }
    return due;
  }

  /** The earliest retry time, or undefined when none waits. */
  earliest(): number | undefined {
    // Removal is rare (BullMQ promoted a job by the wall clock before the driver's clock said
    // so): the heap is rebuilt then, rather than its top ever being a removed entry.
    if (this.stale > 0) this.rebuild();
    return this.heap.peekKey();
  }

  clear(): void {
    this.byId.clear();
    this.heap.clear();
    this.stale = 0;
  }

  private rebuild(): void {
    this.stale = 0;
    const heap = new MinHeap<Entry<T>>();
    for (const entry of this.byId.values()) heap.push(entry.dueAt, entry);
    this.heap = heap;
  }
}
