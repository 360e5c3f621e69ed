import { Deque } from "./deque.js";

/**
 * Idle lanes kept for reuse before empty ones are dropped. Real workloads use a handful of
 * priorities; the cap only stops a stream of ever-new priority values from leaking lanes.
 */
const MAX_LANES = 64;

/**
 * Items by priority, higher first, FIFO within a priority: one {@link Deque} per priority and
 * a short sorted list of the priorities that currently hold items. With few distinct
 * priorities both `push` and `shift` are O(1) amortised.
 */
export class PriorityFifo<T> {
  private readonly lanes = new Map<number, Deque<T>>();
  /** Priorities with at least one item, highest first. */
  private readonly active: number[] = [];
  private top: Deque<T> | undefined;
  // Consecutive pushes usually share a priority; caching the lane skips the map lookup.
  private lastPriority = Number.NaN;
  private lastLane: Deque<T> | undefined;
  private count = 0;

  /** Number of items held. */
  get size(): number {
    return this.count;
  }

  /** Appends `item` behind the items of the same priority. */
  push(priority: number, item: T): void {
    let lane = priority === this.lastPriority ? this.lastLane : undefined;
    if (lane === undefined) {
      lane = this.lanes.get(priority);
      if (lane === undefined) {
        lane = new Deque<T>();
        this.lanes.set(priority, lane);
      }
      this.lastPriority = priority;
      this.lastLane = lane;
    }
    if (lane.size === 0) this.activate(priority, lane);
    lane.push(item);
    this.count++;
  }

  /** Removes and returns the oldest item of the highest priority, or `undefined` when empty. */
  shift(): T | undefined {
    const lane = this.top;
    if (lane === undefined) return undefined;
    const item = lane.shift();
    this.count--;
    if (lane.size === 0) this.retireTop();
    return item;
  }

  /** Calls `visit` on every item, in no particular order, without removing any. */
  forEach(visit: (item: T) => void): void {
    for (const lane of this.lanes.values()) lane.forEach(visit);
  }

  /** Drops every item. */
  clear(): void {
    this.lanes.clear();
    this.active.length = 0;
    this.top = undefined;
    this.lastPriority = Number.NaN;
    this.lastLane = undefined;
    this.count = 0;
  }

  private activate(priority: number, lane: Deque<T>): void {
    const active = this.active;
    let i = 0;
    while (i < active.length && (active[i] as number) > priority) i++;
    active.splice(i, 0, priority);
    if (i === 0) this.top = lane;
  }

  private retireTop(): void {
    const priority = this.active.shift() as number;
    const next = this.active[0];
    this.top = next === undefined ? undefined : this.lanes.get(next);
    if (this.lanes.size > MAX_LANES) {
      this.lanes.delete(priority);
      if (this.lastPriority === priority) {
        this.lastPriority = Number.NaN;
        this.lastLane = undefined;
      }
    }
  }
}
