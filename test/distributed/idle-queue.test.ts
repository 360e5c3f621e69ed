import { afterEach, describe, expect, it } from "vitest";
import { DelegatingQueue } from "../../src/distributed/delegating-queue.js";
import { IDLE_LOOK_MS, IdleQueue } from "../../src/distributed/idle-queue.js";
import type { Lease, LeaseOptions } from "../../src/queue/driver.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { directMessage } from "../support/direct-message.js";

/** A memory queue that counts the looks (leases without a wait) it was asked for. */
class CountingQueue extends DelegatingQueue {
  looks = 0;
  override lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    expect(options?.waitMs ?? 0).toBe(0);
    this.looks++;
    return super.lease(max, options);
  }
}

/**
 * A work signal under the test's control: announcements come from {@link announce}; a wait
 * runs its length on a real timer only when `timersRun`, else only an announcement ends it.
 */
class Signal {
  readonly live = true;
  count = 0;
  readonly waits: number[] = [];
  timersRun = true;
  private readonly pending = new Set<() => void>();

  wait(since: number, ms: number): Promise<void> {
    this.waits.push(ms);
    if (this.count !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.pending.delete(done);
        resolve();
      };
      const timer = this.timersRun ? setTimeout(done, ms) : undefined;
      this.pending.add(done);
    });
  }

  announce(): void {
    this.count++;
    for (const done of [...this.pending]) done();
  }
}

const message = (seq: number) => directMessage(seq);

describe("an idle worker's queue", () => {
  let inner: CountingQueue;
  afterEach(async () => {
    await inner?.close();
  });

  it("looks at an empty queue once per idle period however often it is long-polled", async () => {
    inner = new CountingQueue(new MemoryQueue());
    const queue = new IdleQueue(inner, new Signal());
    const started = performance.now();
    // As the processor does: a 20 ms long poll, again and again.
    while (performance.now() - started < 3 * IDLE_LOOK_MS) {
      expect(await queue.lease(10, { waitMs: 20 })).toEqual([]);
    }
    const elapsed = performance.now() - started;
    // The Redis queue's own long poll would have looked every 5 ms: some 60 times.
    expect(inner.looks).toBeGreaterThanOrEqual(1);
    expect(inner.looks).toBeLessThanOrEqual(Math.ceil(elapsed / IDLE_LOOK_MS) + 1);
  });

  it("returns from a long poll after its wait, as the caller asked", async () => {
    inner = new CountingQueue(new MemoryQueue());
    const queue = new IdleQueue(inner, new Signal());
    const started = performance.now();
    expect(await queue.lease(10, { waitMs: 30 })).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it("leases announced work at once, without waiting out its idle period", async () => {
    inner = new CountingQueue(new MemoryQueue());
    const signal = new Signal();
    // Only an announcement can end a wait: a lease that resolves proves it was heard.
    signal.timersRun = false;
    const queue = new IdleQueue(inner, signal);
    const leasing = queue.lease(10, { waitMs: 60_000 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(inner.looks).toBe(1);
    await inner.enqueue([message(1)]);
    signal.announce();
    const leases = await leasing;
    expect(leases.map((lease) => lease.message.seq)).toEqual([1]);
    expect(inner.looks).toBe(2);
  });

  it("looks again when the queue's earliest retry comes due, not a whole idle period later", async () => {
    const memory = new MemoryQueue();
    inner = new CountingQueue(memory);
    const signal = new Signal();
    const queue = new IdleQueue(inner, signal);
    await memory.enqueue([message(1)]);
    const [lease] = await memory.lease(1);
    await memory.nack(lease as Lease, performance.timeOrigin + performance.now() + 30);
    const started = performance.now();
    const leases = await queue.lease(10, { waitMs: 60_000 });
    expect(leases.map((l) => l.message.seq)).toEqual([1]);
    // One look found nothing, the next (after a wait of at most the retry's delay) found it.
    expect(signal.waits[0]).toBeLessThanOrEqual(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
