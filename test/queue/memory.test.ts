import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import type { Lease } from "../../src/queue/driver.js";
import { Deque } from "../../src/queue/memory/deque.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { MinHeap } from "../../src/queue/memory/min-heap.js";
import { PriorityFifo } from "../../src/queue/memory/priority-fifo.js";
import { QueueClosedError } from "../../src/queue/queue-closed.js";
import {
  describeQueueConformance,
  manualClock,
  seqs,
  testMessage,
  testMessages,
  watch,
} from "../conformance/queue-conformance.js";

describeQueueConformance("memory", async (options) => new MemoryQueue(options));

describe("MemoryQueue", () => {
  it("has the documented defaults", () => {
    const q = new MemoryQueue();
    expect(q.name).toBe("memory");
    expect(q.capacity).toBe(10_000);
    expect(q.visibilityMs).toBe(30_000);
    expect(q.deadLetterLimit).toBe(10_000);
  });

  it("rejects out-of-range options", () => {
    expect(() => new MemoryQueue({ capacity: 0 })).toThrow(ConfigError);
    expect(() => new MemoryQueue({ capacity: 1.5 })).toThrow(ConfigError);
    expect(() => new MemoryQueue({ visibilityMs: -1 })).toThrow(ConfigError);
    expect(() => new MemoryQueue({ deadLetterLimit: Number.NaN })).toThrow(ConfigError);
    expect(new MemoryQueue({ capacity: Number.POSITIVE_INFINITY }).capacity).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("keeps the first deadLetterLimit bodies but counts every dead letter", async () => {
    const q = new MemoryQueue({ deadLetterLimit: 2 });
    await q.enqueue(testMessages(0, 5));
    for (const lease of await q.lease(5)) await q.deadLetter(lease, `e${lease.message.seq}`);
    expect((await q.depth()).deadLettered).toBe(5);
    expect((await q.deadLetters(10)).map((d) => [d.message.seq, d.error])).toEqual([
      [0, "e0"],
      [1, "e1"],
    ]);
    const none = new MemoryQueue({ deadLetterLimit: 0 });
    await none.enqueue([testMessage(0)]);
    await none.deadLetter((await none.lease(1))[0] as Lease, "x");
    expect(await none.deadLetters(10)).toEqual([]);
    expect((await none.depth()).deadLettered).toBe(1);
  });

  it("accepts a batch that fits synchronously", async () => {
    const q = new MemoryQueue({ capacity: 4 });
    const accepted = watch(q.enqueue(testMessages(0, 4)));
    await Promise.resolve();
    expect(accepted.settled).toBe(true);
    expect(await accepted.promise).toBe(0);
  });

  it("counts one saturation event per wait", async () => {
    const q = new MemoryQueue({ capacity: 2 });
    await q.enqueue(testMessages(0, 2));
    const pending = watch(q.enqueue(testMessages(2, 3)));
    await q.ack(await q.lease(1)); // room for one of three: waits again
    await q.ack(await q.lease(2)); // room for the last two
    expect(await pending.promise).toBe(2);
  });

  it("serves waiting producers in arrival order", async () => {
    const q = new MemoryQueue({ capacity: 1 });
    await q.enqueue([testMessage(0)]);
    const first = q.enqueue([testMessage(1), testMessage(2)]);
    const second = q.enqueue([testMessage(3)]);
    const order: number[] = [];
    for (let i = 0; i < 4; i++) {
      const leases = await q.lease(1);
      order.push(...seqs(leases));
      await q.ack(leases);
    }
    expect(order).toEqual([0, 1, 2, 3]);
    expect(await first).toBe(2);
    expect(await second).toBe(1);
  });

  it("stamps enqueuedAt when a waiting producer's message is accepted", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ capacity: 1, now: clock.now });
    await q.enqueue([testMessage(0)]);
    const pending = q.enqueue([testMessage(1)]);
    clock.advance(7);
    await q.ack(await q.lease(1));
    await pending;
    const [lease] = await q.lease(1);
    expect(lease?.message.enqueuedAt).toBe(clock.now());
  });

  it("lets the caller reuse its batch array while waiting", async () => {
    const q = new MemoryQueue({ capacity: 1 });
    const batch = testMessages(0, 2);
    const pending = q.enqueue(batch);
    batch.length = 0;
    await q.ack(await q.lease(1));
    await pending;
    expect(seqs(await q.lease(1))).toEqual([1]);
  });

  it("wakes a long poll when a nacked message comes due", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ now: clock.now });
    await q.enqueue([testMessage(0)]);
    await q.nack((await q.lease(1))[0] as Lease, clock.now() + 10);
    const polling = q.lease(1, { waitMs: 50 });
    clock.advance(10);
    expect(seqs(await polling)).toEqual([0]);
  });

  it("wakes a long poll when a nack is already due", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ now: clock.now });
    await q.enqueue([testMessage(0)]);
    const [lease] = await q.lease(1);
    const polling = watch(q.lease(1, { waitMs: 50 }));
    await q.nack(lease as Lease, clock.now());
    await Promise.resolve();
    expect(polling.settled).toBe(true);
    expect(seqs(await polling.promise)).toEqual([0]);
  });

  it("wakes a long poll when a lease expires", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ now: clock.now, visibilityMs: 10 });
    await q.enqueue([testMessage(0)]);
    await q.lease(1);
    const polling = q.lease(1, { waitMs: 50 });
    clock.advance(10);
    expect(seqs(await polling)).toEqual([0]);
  });

  it("serves long polls in arrival order", async () => {
    const q = new MemoryQueue();
    const first = q.lease(5, { waitMs: 50 });
    const second = q.lease(5, { waitMs: 50 });
    await q.enqueue([testMessage(0)]);
    expect(seqs(await first)).toEqual([0]);
    await q.enqueue([testMessage(1)]);
    expect(seqs(await second)).toEqual([1]);
  });

  it("expires leases correctly when calls alternate visibility timeouts", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ now: clock.now });
    await q.enqueue(testMessages(0, 8));
    const short: Lease[] = [];
    for (let i = 0; i < 4; i++) {
      short.push(...(await q.lease(1, { visibilityMs: 100 })));
      await q.lease(1, { visibilityMs: 300 });
    }
    await q.ack([short[1] as Lease]); // settled from a bucket that is not the latest one
    clock.advance(100);
    expect(seqs(await q.lease(10, { visibilityMs: 1_000 }))).toEqual([0, 4, 6]);
    clock.advance(200);
    expect(seqs(await q.lease(10))).toEqual([1, 3, 5, 7]);
    expect(await q.depth()).toMatchObject({ ready: 0, leased: 7 });
  });

  it("settles by copy and ignores stale tokens after a batch's settled leases are dropped", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ now: clock.now, visibilityMs: 100 });
    await q.enqueue(testMessages(0, 200));
    const leases = await q.lease(200);
    const kept = new Set([0, 50, 100, 150, 199]);
    // Settling most of one batch's leases drops them from the table (fewer than a quarter left).
    await q.ack(leases.filter((_, i) => !kept.has(i)));
    const copy = (i: number): Lease => {
      const { message, token } = leases[i] as Lease;
      return { message, token };
    };
    await q.ack([copy(50), copy(51)]); // one live, found by its token; one already settled
    expect(await q.depth()).toMatchObject({ leased: 4 });
    clock.advance(100);
    const again = await q.lease(10);
    expect(seqs(again)).toEqual([0, 100, 150, 199].map((i) => (leases[i] as Lease).message.seq));
    await q.ack([leases[0] as Lease, copy(150)]); // stale: expired, handed out again
    expect(await q.depth()).toMatchObject({ leased: 4, ready: 0 });
    await q.ack(again);
    expect(await q.depth()).toMatchObject({ leased: 0 });
  });

  it("keeps settling behind a long-lived lease at the head of many hand-outs", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ now: clock.now, visibilityMs: 1_000 });
    await q.enqueue(testMessages(0, 300));
    const first = await q.lease(1);
    const rest: Lease[] = [];
    for (let i = 0; i < 299; i++) rest.push(...(await q.lease(1)));
    // Every hand-out behind the first settles: the table drops them though the head stays.
    await q.ack(rest.slice(0, 298).map(({ message, token }) => ({ message, token })));
    expect(await q.depth()).toMatchObject({ leased: 2 });
    await q.ack([{ message: (rest[298] as Lease).message, token: (rest[298] as Lease).token }]);
    await q.ack(rest); // all stale now
    expect(await q.depth()).toMatchObject({ leased: 1 });
    clock.advance(1_000);
    expect(seqs(await q.lease(10))).toEqual(seqs(first));
  });

  it("leases at most the integer part of a fractional max", async () => {
    const q = new MemoryQueue();
    await q.enqueue(testMessages(0, 5));
    expect(seqs(await q.lease(2.7))).toEqual([0, 1]);
  });

  it("leases nothing for a non-positive max", async () => {
    const q = new MemoryQueue();
    await q.enqueue([testMessage(0)]);
    expect(await q.lease(0, { waitMs: 50 })).toEqual([]);
    expect(await q.lease(-3)).toEqual([]);
    expect(await q.lease(Number.NaN)).toEqual([]);
    // Nothing was handed out: the message is still there for a real lease.
    expect(seqs(await q.lease(Number.POSITIVE_INFINITY))).toEqual([0]);
  });

  it("rejects a NaN retry time and a negative visibility", async () => {
    const q = new MemoryQueue();
    await q.enqueue(testMessages(0, 1));
    const [lease] = await q.lease(1);
    await expect(q.nack(lease as Lease, Number.NaN)).rejects.toThrow(RangeError);
    await expect(q.lease(1, { visibilityMs: -5 })).rejects.toThrow(RangeError);
  });

  it("throws QueueClosedError after close", async () => {
    const q = new MemoryQueue({ capacity: 1 });
    await q.enqueue([testMessage(0)]);
    const waiting = q.enqueue([testMessage(1)]);
    waiting.catch(() => {});
    await q.close();
    await expect(waiting).rejects.toThrow(QueueClosedError);
    await expect(q.ack([])).rejects.toThrow(QueueClosedError);
    await expect(q.nextRetryAt()).rejects.toThrow(QueueClosedError);
    await expect(q.deadLetters(1)).rejects.toThrow(QueueClosedError);
  });

  it("leaves no timer behind once a long poll is served or closed", async () => {
    const clock = manualClock();
    const q = new MemoryQueue({ now: clock.now });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const baseline = timers();
    await q.enqueue([testMessage(0)]);
    await q.nack((await q.lease(1))[0] as Lease, clock.now() + 60_000);
    const polling = q.lease(1, { waitMs: 60_000 });
    expect(timers()).toBeGreaterThan(baseline);
    await q.enqueue([testMessage(1)]);
    expect(seqs(await polling)).toEqual([1]);
    expect(timers()).toBe(baseline);
    const again = q.lease(1, { waitMs: 60_000 });
    await q.close();
    expect(await again).toEqual([]);
    expect(timers()).toBe(baseline);
  });
});

describe("Deque", () => {
  it("stays FIFO across wrap-around, growth and shrinking", () => {
    const d = new Deque<number>();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 37; i++) d.push(next++);
      for (let i = 0; i < 30; i++) expect(d.shift()).toBe(expected++);
    }
    for (let i = 0; i < 40_000; i++) d.push(next++);
    while (d.size > 0) expect(d.shift()).toBe(expected++);
    expect(expected).toBe(next);
    expect(d.shift()).toBeUndefined();
    expect(d.peek()).toBeUndefined();
  });
});

describe("MinHeap", () => {
  it("pops by key, insertion order among equal keys", () => {
    const h = new MinHeap<string>();
    const keys = [5, 1, 3, 1, 9, 3, 0, 5, 1];
    for (const [i, key] of keys.entries()) h.push(key, `${key}:${i}`);
    const out: string[] = [];
    while (h.size > 0) out.push(h.pop() as string);
    expect(out).toEqual(["0:6", "1:1", "1:3", "1:8", "3:2", "3:5", "5:0", "5:7", "9:4"]);
    expect(h.pop()).toBeUndefined();
    expect(h.peekKey()).toBeUndefined();
  });

  it("sorts many random keys", () => {
    const h = new MinHeap<number>();
    const keys = Array.from({ length: 2_000 }, (_, i) => (i * 7919) % 1_009);
    for (const key of keys) h.push(key, key);
    const out: number[] = [];
    while (h.size > 0) out.push(h.pop() as number);
    expect(out).toEqual([...keys].sort((a, b) => a - b));
  });
});

describe("PriorityFifo", () => {
  it("interleaves pushes and shifts across priorities", () => {
    const q = new PriorityFifo<string>();
    q.push(1, "a");
    q.push(2, "b");
    expect(q.shift()).toBe("b");
    q.push(1, "c");
    q.push(3, "d");
    q.push(2, "e");
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([
      "d",
      "e",
      "a",
      "c",
      undefined,
    ]);
    expect(q.size).toBe(0);
  });

  it("copes with many distinct priorities", () => {
    const q = new PriorityFifo<number>();
    for (let i = 0; i < 300; i++) q.push(i % 150, i);
    const out: number[] = [];
    while (q.size > 0) out.push(q.shift() as number);
    const expected = Array.from({ length: 300 }, (_, i) => i).sort(
      (a, b) => (b % 150) - (a % 150) || a - b,
    );
    expect(out).toEqual(expected);
  });
});
