import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, type TestContext } from "vitest";
import type { Message } from "../../src/model/message.js";
import { type Lease, outstanding, type QueueDriver } from "../../src/queue/driver.js";
import { until } from "../support/until.js";

/** What {@link describeQueueConformance} hands the driver factory. */
export interface ConformanceDriverOptions {
  /** Most messages the driver may hold (ready + delayed + leased). */
  readonly capacity: number;
  /** Default visibility timeout of a lease, ms. */
  readonly visibilityMs: number;
  /** The clock the driver must use for `enqueuedAt`, lease expiry and retry times. */
  readonly now: () => number;
}

/** Builds a fresh, empty driver for one test. The suite closes it afterwards. */
export type MakeQueueDriver = (options: ConformanceDriverOptions) => Promise<QueueDriver>;

/** Knobs for drivers that are slower than memory. */
export interface ConformanceOptions {
  /** Messages pushed through a capacity-1000 queue by the memory-bound test. Default 40 000. */
  readonly memoryBoundMessages?: number;
  /**
   * Run the tests side by side, each on a clock and queues of its own (the memory-bound one
   * alone, since it reads the heap): for a driver on a server, whose tests wait on round trips
   * rather than on the CPU. Not for one whose queues share a clock (PostgreSQL's schema).
   */
  readonly concurrent?: boolean;
}

/** A clock that moves only when told to, so timeouts can be tested without sleeping. */
export interface ManualClock {
  /** Current time, epoch ms. */
  readonly now: () => number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
}

/** A {@link ManualClock} starting at a realistic epoch time. */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

/** A minimal valid message: `m<seq>`, a direct message from `Agent-1`, at `priority`. */
export function testMessage(seq: number, priority = 1): Message {
  const recipient = `Agent-${(seq % 7) + 2}`;
  return {
    id: `m${seq}`,
    seq,
    type: "direct",
    sender: "Agent-1",
    addressedTo: [recipient],
    recipients: [recipient],
    priority,
    payload: `payload-${seq}`,
    scheduledAt: 0,
    enqueuedAt: 0,
    attempts: 0,
  };
}

/** Messages with sequence numbers `from`, `from + 1`, … at `priority`. */
export function testMessages(from: number, count: number, priority = 1): Message[] {
  return Array.from({ length: count }, (_, i) => testMessage(from + i, priority));
}

/** The sequence numbers of leased messages, in hand-out order. */
export function seqs(leases: readonly Lease[]): number[] {
  return leases.map((lease) => lease.message.seq);
}

/**
 * Enqueue `total` messages in one call, reusing the caller's array at once, then lease and ack
 * until empty: the batch must come back whole and in order, at most `perLease` at a time. For
 * drivers that split a large batch into several transactions or scripts.
 */
export async function expectLargeBatchInOrder(
  q: QueueDriver,
  total: number,
  perLease: number,
): Promise<void> {
  const batch = testMessages(0, total);
  const stored = q.enqueue(batch);
  batch.length = 0; // the caller may reuse its array once the call returns
  expect(await stored).toBe(0);
  const order: number[] = [];
  for (
    let leases = await q.lease(2 * total);
    leases.length > 0;
    leases = await q.lease(2 * total)
  ) {
    expect(leases.length).toBeLessThanOrEqual(perLease);
    order.push(...seqs(leases));
    await q.ack(leases);
  }
  expect(order).toEqual(Array.from({ length: total }, (_, i) => i));
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets a promise be checked for settlement without awaiting it. */
export function watch<T>(promise: Promise<T>): {
  readonly settled: boolean;
  readonly promise: Promise<T>;
} {
  const watched = { settled: false, promise };
  promise.then(
    () => {
      watched.settled = true;
    },
    () => {
      watched.settled = true;
    },
  );
  return watched;
}

/**
 * A function that runs a full garbage collection, or `undefined`. Uses `global.gc` when node
 * runs with `--expose-gc`; otherwise turns the flag on at run time and takes `gc` from a fresh
 * context, as jest's leak detector does. Heap readings without a collection first are too
 * noisy to tell a leak from garbage.
 */
export function exposeGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Real time given to a driver to show it is not going to settle something. */
const QUIET_MS = 20;
const CAPACITY = 8;
const VISIBILITY_MS = 1_000;
const MB = 1024 * 1024;

/**
 * Registers the conformance suite every {@link QueueDriver} must pass, unchanged. Time is the
 * injected manual clock wherever the contract allows; the few real waits are at most 50 ms,
 * except that a broken long poll may make a test wait up to a second before failing.
 *
 * Messages are compared by `seq`, never by identity, so drivers that serialise pass too.
 */
export function describeQueueConformance(
  name: string,
  makeDriver: MakeQueueDriver,
  options: ConformanceOptions = {},
): void {
  const concurrent = options.concurrent ?? false;
  describe(`QueueDriver conformance: ${name}`, { concurrent }, () => {
    /** A test's own clock, and drivers on it that are closed when the test ends. */
    const session = (onTestFinished: TestContext["onTestFinished"]) => {
      const clock = manualClock();
      const open = async (capacity = CAPACITY): Promise<QueueDriver> => {
        const driver = await makeDriver({ capacity, visibilityMs: VISIBILITY_MS, now: clock.now });
        onTestFinished(() => driver.close());
        return driver;
      };
      return { clock, open };
    };

    it("reports a name and the capacity it was given", async ({ onTestFinished }) => {
      const { open } = session(onTestFinished);
      const q = await open(5);
      expect(q.name).toMatch(/\S/);
      expect(q.capacity).toBe(5);
      expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      expect(await q.nextRetryAt()).toBeUndefined();
    });

    describe("ordering", () => {
      it("hands out higher priority first", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        const priorities = [1, 3, 2, 1, 3, 2];
        await q.enqueue(priorities.map((p, seq) => testMessage(seq, p)));
        expect(seqs(await q.lease(6))).toEqual([1, 4, 2, 5, 0, 3]);
      });

      it("lets a later, higher-priority message overtake earlier ones", async ({
        onTestFinished,
      }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 3, 1));
        expect(seqs(await q.lease(1))).toEqual([0]);
        await q.enqueue([testMessage(3, 5)]);
        expect(seqs(await q.lease(3))).toEqual([3, 1, 2]);
      });

      it("keeps FIFO order within a priority across batches and partial leases", async ({
        onTestFinished,
      }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 3));
        await q.enqueue(testMessages(3, 2));
        const order: number[] = [];
        for (let leases = await q.lease(2); leases.length > 0; leases = await q.lease(2)) {
          order.push(...seqs(leases));
          await q.ack(leases);
          if (order.length === 4) await q.enqueue(testMessages(5, 3));
        }
        expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      });

      it("stamps enqueuedAt with the clock at enqueue and counts the hand-out in attempts", async ({
        onTestFinished,
      }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        const at = clock.now();
        await q.enqueue(testMessages(0, 2));
        clock.advance(5);
        const leases = await q.lease(2);
        expect(leases.map((l) => l.message.enqueuedAt)).toEqual([at, at]);
        expect(leases.map((l) => l.message.attempts)).toEqual([1, 1]);
        expect(leases.map((l) => l.message.id)).toEqual(["m0", "m1"]);
      });
    });

    describe("lease and ack", () => {
      it("leases at most max messages", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open(16);
        await q.enqueue(testMessages(0, 10));
        expect(await q.lease(0)).toEqual([]);
        expect(seqs(await q.lease(3))).toEqual([0, 1, 2]);
        expect(seqs(await q.lease(100))).toEqual([3, 4, 5, 6, 7, 8, 9]);
        expect(await q.lease(5)).toEqual([]);
        expect(await q.depth()).toMatchObject({ ready: 0, leased: 10 });
      });

      it("gives every hand-out its own token", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 4));
        const tokens = [...(await q.lease(2)), ...(await q.lease(2))].map((l) => l.token);
        expect(new Set(tokens).size).toBe(4);
      });

      it("resolves an empty lease at once without waitMs", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        const result = await Promise.race([q.lease(5), sleep(1_000).then(() => "timed out")]);
        expect(result).toEqual([]);
      });

      it("removes acked messages for good", async ({ onTestFinished }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 3));
        const leases = await q.lease(3);
        await q.ack([leases[0] as Lease, leases[2] as Lease]);
        expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 1, deadLettered: 0 });
        clock.advance(VISIBILITY_MS + 1);
        expect(seqs(await q.lease(10))).toEqual([1]);
        await q.ack(leases); // stale or already acked: all ignored
        expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 1, deadLettered: 0 });
      });

      it("ignores a second ack of the same lease", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 2));
        const leases = await q.lease(1);
        await q.ack(leases);
        await q.ack(leases);
        expect(await q.depth()).toEqual({ ready: 1, delayed: 0, leased: 0, deadLettered: 0 });
      });
    });

    describe("nack and retry", () => {
      it("returns a nacked message no earlier than retryAt, with its updated fields", async ({
        onTestFinished,
      }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue([testMessage(0)]);
        const [lease] = await q.lease(1);
        if (!lease) throw new Error("expected a lease");
        const retryAt = clock.now() + 500;
        const updated: Message = {
          ...lease.message,
          attempts: 1,
          recipients: ["Agent-9"],
          lastError: "recipient offline",
        };
        await q.nack({ message: updated, token: lease.token }, retryAt);
        expect(await q.depth()).toEqual({ ready: 0, delayed: 1, leased: 0, deadLettered: 0 });
        expect(await q.nextRetryAt()).toBe(retryAt);
        expect(await q.lease(1)).toEqual([]);
        clock.advance(499);
        expect(await q.lease(1)).toEqual([]);
        clock.advance(1);
        const [again] = await q.lease(1);
        expect(again?.message).toMatchObject({
          id: "m0",
          attempts: 2,
          recipients: ["Agent-9"],
          lastError: "recipient offline",
        });
        expect(again?.token).not.toBe(lease.token);
        expect(await q.nextRetryAt()).toBeUndefined();
      });

      it("keeps changes made to the leased message object itself", async ({ onTestFinished }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue([testMessage(0)]);
        const [lease] = await q.lease(1);
        if (!lease) throw new Error("expected a lease");
        lease.message.attempts = 2;
        lease.message.recipients = ["Agent-4"];
        lease.message.lastError = "timeout";
        await q.nack(lease, clock.now());
        const [again] = await q.lease(1);
        expect(again?.message).toMatchObject({
          attempts: 3,
          recipients: ["Agent-4"],
          lastError: "timeout",
        });
      });

      it("reports the earliest retry time in nextRetryAt", async ({ onTestFinished }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 3));
        const [a, b, c] = await q.lease(3);
        const t = clock.now();
        await q.nack(a as Lease, t + 500);
        await q.nack(b as Lease, t + 200);
        await q.nack(c as Lease, t + 900);
        expect(await q.nextRetryAt()).toBe(t + 200);
        clock.advance(200);
        expect(seqs(await q.lease(5))).toEqual([1]);
        expect(await q.nextRetryAt()).toBe(t + 500);
        clock.advance(700);
        expect(seqs(await q.lease(5))).toEqual([0, 2]);
        expect(await q.nextRetryAt()).toBeUndefined();
      });

      it("puts a due retry back in its priority's place", async ({ onTestFinished }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue([testMessage(0, 1), testMessage(1, 3), testMessage(2, 1)]);
        const [high] = await q.lease(1);
        expect(high?.message.seq).toBe(1);
        await q.nack(high as Lease, clock.now() + 100);
        clock.advance(100);
        expect(seqs(await q.lease(3))).toEqual([1, 0, 2]);
      });
    });

    describe("dead letters", () => {
      it("moves messages to the dead-letter list with their errors, oldest first", async ({
        onTestFinished,
      }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 3));
        const [a, b, c] = await q.lease(3);
        await q.deadLetter(c as Lease, "gave up on m2");
        await q.deadLetter(a as Lease, "gave up on m0");
        expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 1, deadLettered: 2 });
        const letters = await q.deadLetters(10);
        expect(letters.map((d) => [d.message.seq, d.error])).toEqual([
          [2, "gave up on m2"],
          [0, "gave up on m0"],
        ]);
        expect((await q.deadLetters(1)).map((d) => d.message.seq)).toEqual([2]);
        expect(await q.deadLetters(0)).toEqual([]);
        await q.ack([b as Lease]);
        expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 2 });
      });

      it("keeps the dead-lettered message's updated fields", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        await q.enqueue([testMessage(0)]);
        const [lease] = await q.lease(1);
        if (!lease) throw new Error("expected a lease");
        lease.message.attempts = 3;
        lease.message.lastError = "boom";
        await q.deadLetter(lease, "boom");
        const [letter] = await q.deadLetters(1);
        expect(letter?.message).toMatchObject({ id: "m0", attempts: 3, lastError: "boom" });
      });
    });

    it("counts depth by state", async ({ onTestFinished }) => {
      const { clock, open } = session(onTestFinished);
      const q = await open();
      await q.enqueue(testMessages(0, 6));
      const [a, b, c] = await q.lease(4);
      await q.ack([a as Lease]);
      await q.nack(b as Lease, clock.now() + 1_000);
      await q.deadLetter(c as Lease, "no");
      const depth = await q.depth();
      expect(depth).toEqual({ ready: 2, delayed: 1, leased: 1, deadLettered: 1 });
      expect(outstanding(depth)).toBe(4);
    });

    it("lists every held message in snapshot, whatever its state, but no dead letters", async ({
      onTestFinished,
    }) => {
      const { clock, open } = session(onTestFinished);
      const q = await open();
      await q.enqueue(testMessages(0, 6));
      const [a, b, c] = await q.lease(4);
      await q.ack([a as Lease]);
      await q.nack(b as Lease, clock.now() + 1_000);
      await q.deadLetter(c as Lease, "no");
      const held = (await q.snapshot()).map((m) => m.seq).sort((x, y) => x - y);
      expect(held).toEqual([1, 3, 4, 5]);
    });

    it("restamps enqueuedAt when a retry comes due and when a lease expires", async ({
      onTestFinished,
    }) => {
      const { clock, open } = session(onTestFinished);
      const q = await open();
      await q.enqueue(testMessages(0, 2));
      const [retried, abandoned] = await q.lease(2);
      const retryAt = clock.now() + 200;
      await q.nack(retried as Lease, retryAt);
      clock.advance(VISIBILITY_MS + 500);
      const again = await q.lease(2);
      const stamps = Object.fromEntries(again.map((l) => [l.message.seq, l.message.enqueuedAt]));
      expect(stamps[retried?.message.seq as number]).toBe(retryAt);
      expect(stamps[abandoned?.message.seq as number]).toBeGreaterThanOrEqual(
        retryAt - 200 + VISIBILITY_MS,
      );
      expect(stamps[abandoned?.message.seq as number]).toBeLessThanOrEqual(clock.now());
    });

    it("keeps acceptedAt, when the queue first took a message, through retries and expired leases", async ({
      onTestFinished,
    }) => {
      const { clock, open } = session(onTestFinished);
      const q = await open();
      const first = clock.now();
      await q.enqueue(testMessages(0, 2));
      clock.advance(10);
      await q.enqueue([testMessage(2)]);
      const acceptedBySeq = async (): Promise<Record<number, number | undefined>> => {
        const leases = await q.lease(3);
        expect(leases).toHaveLength(3);
        const retried = leases[0] as Lease;
        const message = { ...retried.message, lastError: "busy" };
        await q.nack({ message, token: retried.token }, clock.now() + 50);
        clock.advance(VISIBILITY_MS + 100);
        return Object.fromEntries(leases.map((l) => [l.message.seq, l.message.acceptedAt]));
      };
      const expected = { 0: first, 1: first, 2: first + 10 };
      expect(await acceptedBySeq()).toEqual(expected);
      // Now one came back from a retry and two from expired leases; then again.
      expect(await acceptedBySeq()).toEqual(expected);
      expect(await acceptedBySeq()).toEqual(expected);
    });

    describe("visibility timeout", () => {
      it("hands out again a lease not settled in time, and ignores its stale token", async ({
        onTestFinished,
      }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue([testMessage(0)]);
        const [first] = await q.lease(1);
        if (!first) throw new Error("expected a lease");
        clock.advance(VISIBILITY_MS - 1);
        expect(await q.lease(1)).toEqual([]);
        clock.advance(2);
        const [second] = await q.lease(1);
        expect(second?.message.id).toBe("m0");
        // The expired hand-out counts: a message whose deliveries always outlast the
        // visibility timeout still runs out of attempts.
        expect(second?.message.attempts).toBe(2);
        expect(second?.token).not.toBe(first.token);

        await q.ack([first]);
        await q.nack(first, clock.now());
        await q.deadLetter(first, "stale");
        expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 1, deadLettered: 0 });
        expect(await q.deadLetters(10)).toEqual([]);

        await q.ack([second as Lease]);
        expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      });

      it("counts every hand-out in attempts, whether it expired or was settled", async ({
        onTestFinished,
      }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue([testMessage(0)]);
        const handOuts: number[] = [];
        let [lease] = await q.lease(1);
        handOuts.push(lease?.message.attempts ?? -1);
        clock.advance(VISIBILITY_MS + 1); // expired
        [lease] = await q.lease(1);
        handOuts.push(lease?.message.attempts ?? -1);
        await q.nack(lease as Lease, clock.now()); // settled with the count it carries
        [lease] = await q.lease(1);
        handOuts.push(lease?.message.attempts ?? -1);
        clock.advance(VISIBILITY_MS + 1); // expired again
        [lease] = await q.lease(1);
        handOuts.push(lease?.message.attempts ?? -1);
        expect(handOuts).toEqual([1, 2, 3, 4]);
        await q.deadLetter(lease as Lease, "poison");
        expect((await q.deadLetters(1))[0]?.message.attempts).toBe(4);
      });

      it("counts an expired lease as ready again in depth", async ({ onTestFinished }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 2));
        await q.lease(2);
        clock.advance(VISIBILITY_MS + 1);
        expect(await q.depth()).toEqual({ ready: 2, delayed: 0, leased: 0, deadLettered: 0 });
      });

      it("honours a per-call visibilityMs, also when calls mix timeouts", async ({
        onTestFinished,
      }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open();
        await q.enqueue(testMessages(0, 2));
        expect(seqs(await q.lease(1, { visibilityMs: 5_000 }))).toEqual([0]);
        expect(seqs(await q.lease(1, { visibilityMs: 100 }))).toEqual([1]);
        clock.advance(101);
        expect(seqs(await q.lease(5, { visibilityMs: 10_000 }))).toEqual([1]);
        clock.advance(4_900);
        expect(seqs(await q.lease(5))).toEqual([0]);
      });
    });

    describe("capacity and backpressure", () => {
      it("does not wait while there is room", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open(4);
        expect(await q.enqueue(testMessages(0, 4))).toBe(0);
        expect(await q.enqueue([])).toBe(0);
        expect(await q.depth()).toMatchObject({ ready: 4 });
      });

      it("accepts what fits, then waits until acks free space", async ({ onTestFinished }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open(4);
        expect(await q.enqueue(testMessages(0, 4))).toBe(0);
        const pending = watch(q.enqueue(testMessages(4, 3)));
        await sleep(QUIET_MS);
        expect(pending.settled).toBe(false);
        expect(outstanding(await q.depth())).toBe(4);

        // Leasing and nacking move messages between states but free nothing.
        const [m0, m1] = await q.lease(2);
        await q.nack(m0 as Lease, clock.now() + 10_000);
        await sleep(QUIET_MS);
        expect(pending.settled).toBe(false);
        expect(outstanding(await q.depth())).toBe(4);

        // The ack frees one place, which the waiting producer takes, however long it takes to
        // notice on a busy machine; the rest of its batch still waits.
        await q.ack([m1 as Lease]);
        await until(async () => outstanding(await q.depth()) === 4, 5_000, 10);
        await sleep(QUIET_MS);
        expect(pending.settled).toBe(false);
        expect(outstanding(await q.depth())).toBe(4);

        const rest = await q.lease(4);
        expect(seqs(rest)).toEqual([2, 3, 4]);
        await q.ack(rest);
        expect(await pending.promise).toBeGreaterThanOrEqual(1);
        expect(await q.depth()).toEqual({ ready: 2, delayed: 1, leased: 0, deadLettered: 0 });
        expect(seqs(await q.lease(4))).toEqual([5, 6]);
      });

      it("frees space on deadLetter", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open(1);
        await q.enqueue([testMessage(0)]);
        const pending = watch(q.enqueue([testMessage(1)]));
        await sleep(QUIET_MS);
        expect(pending.settled).toBe(false);
        const [lease] = await q.lease(1);
        await q.deadLetter(lease as Lease, "dropped");
        expect(await pending.promise).toBeGreaterThanOrEqual(1);
        expect(seqs(await q.lease(1))).toEqual([1]);
      });

      it("keeps messages whose lease expired while the queue is full", async ({
        onTestFinished,
      }) => {
        const { clock, open } = session(onTestFinished);
        const q = await open(2);
        await q.enqueue(testMessages(0, 2));
        await q.lease(2);
        const pending = watch(q.enqueue([testMessage(2)]));
        clock.advance(VISIBILITY_MS + 1);
        const again = await q.lease(2);
        expect(seqs(again)).toEqual([0, 1]);
        expect(pending.settled).toBe(false);
        await q.ack(again);
        expect(await pending.promise).toBeGreaterThanOrEqual(1);
        expect(await q.depth()).toEqual({ ready: 1, delayed: 0, leased: 0, deadLettered: 0 });
      });
    });

    describe("long poll", () => {
      it("resolves early when a message is enqueued", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        const polling = q.lease(5, { waitMs: 10_000 });
        await sleep(10);
        await q.enqueue(testMessages(0, 2));
        const result = await Promise.race([polling, sleep(1_000).then(() => "timed out")]);
        expect(result).not.toBe("timed out");
        expect(seqs(result as Lease[])).toEqual([0, 1]);
        expect(await q.depth()).toMatchObject({ ready: 0, leased: 2 });
      });

      it("resolves empty after waitMs and leaves later messages ready", async ({
        onTestFinished,
      }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        expect(await q.lease(5, { waitMs: 30 })).toEqual([]);
        await q.enqueue([testMessage(0)]);
        expect(await q.depth()).toMatchObject({ ready: 1, leased: 0 });
      });

      it("returns ready messages at once even with waitMs", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        await q.enqueue([testMessage(0)]);
        const result = await Promise.race([
          q.lease(5, { waitMs: 10_000 }),
          sleep(1_000).then(() => "timed out"),
        ]);
        expect(seqs(result as Lease[])).toEqual([0]);
      });
    });

    it.sequential("keeps depth within capacity and memory flat while many messages pass through", async ({
      onTestFinished,
    }) => {
      const { open } = session(onTestFinished);
      const total = options.memoryBoundMessages ?? 40_000;
      const capacity = 1_000;
      const q = await open(capacity);
      const seen = new Uint8Array(total);
      const gc = exposeGc();
      let maxOutstanding = 0;

      /** Push `count` messages from `from` through the queue: a producer and a consumer at once. */
      async function pass(from: number, count: number): Promise<void> {
        let produced = false;
        const producer = (async () => {
          for (let seq = from; seq < from + count; seq += 250) {
            await q.enqueue(testMessages(seq, Math.min(250, from + count - seq)));
          }
          produced = true;
        })();
        let received = 0;
        let idlePolls = 0;
        while (received < count && idlePolls < 20) {
          const leases = await q.lease(400, { waitMs: 50 });
          idlePolls = leases.length === 0 && produced ? idlePolls + 1 : 0;
          for (const lease of leases) {
            const seq = lease.message.seq;
            if (seq < total) seen[seq] = (seen[seq] ?? 0) + 1;
          }
          received += leases.length;
          await q.ack(leases);
          maxOutstanding = Math.max(maxOutstanding, outstanding(await q.depth()));
        }
        await producer;
      }

      // The first half brings every buffer that grows on demand to its steady size; what the
      // second half adds to the heap is then what its messages left behind. Measured on every
      // driver: -9 to +58 bytes a message, the most a client buffer resizing once (0.6 MB);
      // a driver keeping each message it was given leaves about 400.
      const half = Math.floor(total / 2);
      await pass(0, half);
      gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      await pass(half, total - half);
      gc?.();
      const growth = process.memoryUsage().heapUsed - heapBefore;

      expect(seen.every((count) => count === 1)).toBe(true);
      expect(maxOutstanding).toBeLessThanOrEqual(capacity);
      expect(outstanding(await q.depth())).toBe(0);
      // Without a gc to call, 70-100 MB of uncollected garbage is normal here, so the
      // fallback bound only catches a leak far grosser than keeping every message.
      expect(growth).toBeLessThan(gc ? (total - half) * 100 + MB : 256 * MB);
      // Tens of thousands of messages through a broker: a busy shared machine can take a minute.
    }, 60_000);

    describe("close", () => {
      it("resolves waiting long polls with nothing and rejects later calls", async ({
        onTestFinished,
      }) => {
        const { open } = session(onTestFinished);
        const q = await open();
        const polling = q.lease(5, { waitMs: 10_000 });
        await sleep(5);
        await q.close();
        expect(await polling).toEqual([]);
        await q.close();
        await expect(q.enqueue([testMessage(0)])).rejects.toThrow();
        await expect(q.lease(1)).rejects.toThrow();
        await expect(q.depth()).rejects.toThrow();
      });

      it("rejects a producer still waiting for space", async ({ onTestFinished }) => {
        const { open } = session(onTestFinished);
        const q = await open(1);
        await q.enqueue([testMessage(0)]);
        const pending = q.enqueue([testMessage(1)]);
        pending.catch(() => {}); // checked below; keeps the rejection from counting as unhandled
        await sleep(5);
        await q.close();
        await expect(pending).rejects.toThrow();
      });
    });
  });
}
