import type { Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, RuntimeError } from "../../src/errors.js";
import { BullmqQueue } from "../../src/queue/bullmq/bullmq.js";
import type { Lease } from "../../src/queue/driver.js";
import { openQueue } from "../../src/queue/open-queue.js";
import {
  describeQueueConformance,
  manualClock,
  seqs,
  sleep,
  testMessage,
  testMessages,
} from "../conformance/queue-conformance.js";
import { atMostAtOnce } from "../support/at-most-at-once.js";
import { bullmqAvailable, bullmqUrl, freshQueueName } from "../support/bullmq.js";
import { holdingProxy, listen, refusedOpen, rejection } from "../support/driver-checks.js";
import { REDIS_URL } from "../support/redis.js";

/** Queues this file made, deleted at the end. */
const made: string[] = [];

function fresh(label?: string): string {
  const queue = freshQueueName(label);
  made.push(queue);
  return bullmqUrl(queue);
}

/** Purges at the end run side by side. */
const PURGES_AT_ONCE = 6;

/**
 * After the conformance suite, the driver's own tests run side by side, each on queues of its
 * own: they wait on Redis and on timeouts, not on the CPU.
 */
const CONCURRENT = { concurrent: true };

describe.skipIf(!bullmqAvailable)("BullMQ queue", () => {
  afterAll(async () => {
    await atMostAtOnce(made.splice(0), PURGES_AT_ONCE, (queue) =>
      BullmqQueue.purge(bullmqUrl(queue)),
    );
  });

  describeQueueConformance(
    "bullmq",
    async (options) => BullmqQueue.open({ url: fresh(), ...options }),
    { memoryBoundMessages: 10_000, concurrent: true },
  );

  describe("runs never mix", CONCURRENT, () => {
    it("refuses a queue an earlier run left messages in, and purge clears it", async () => {
      const url = fresh("left");
      const first = await BullmqQueue.open({ url });
      await first.enqueue(testMessages(0, 3));
      await first.lease(1); // one held by the closed run, still active in BullMQ
      await first.close();
      const refused = await rejection(BullmqQueue.open({ url }));
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused.message).toMatch(
        /^BullMQ queue "swarm-stress-test-left-\w+" at [^ ]+ still holds 3 message\(s\) from an earlier run: resume that run \(run --resume\), purge it/,
      );
      expect(await BullmqQueue.purge(url)).toBe(3);
      expect(await BullmqQueue.purge(url)).toBe(0); // nothing left, and no error
      const again = await BullmqQueue.open({ url });
      expect(await again.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      await again.close();
    });

    it("refuses a queue another process's BullMQ worker is on, even to resume it", async () => {
      const url = fresh("owned");
      const owner = await BullmqQueue.open({ url });
      try {
        for (const resume of [false, true]) {
          const refused = await rejection(BullmqQueue.open({ url, resume }));
          expect(refused).toBeInstanceOf(ConfigError);
          expect(refused.message).toMatch(/is in use by 1 other worker\(s\): stop them/);
        }
      } finally {
        await owner.close();
      }
      await (await BullmqQueue.open({ url })).close(); // free again once the owner closed
    });

    it("refuses a queue holding an earlier run's dead letters", async () => {
      const url = fresh("dead");
      const first = await BullmqQueue.open({ url });
      await first.enqueue([testMessage(0)]);
      await first.deadLetter((await first.lease(1))[0] as Lease, "gave up");
      await first.close();
      const refused = await rejection(BullmqQueue.open({ url }));
      expect(refused.message).toMatch(/holds 1 dead letter\(s\) from an earlier run: purge it/);
    });
  });

  describe("resumed", CONCURRENT, () => {
    it("hands out what a closed run left, its active jobs moved back to wait with their hand-out counted", async () => {
      const url = fresh("resume");
      const first = await BullmqQueue.open({ url });
      await first.enqueue(testMessages(0, 3));
      const [held] = await first.lease(1);
      expect(held?.message.seq).toBe(0);
      await first.close(); // holding m0, as a run killed mid-delivery would
      const second = await BullmqQueue.open({ url, resume: true, capacity: 3 });
      try {
        // No other worker is connected: m0's holder is gone, and m0 is ready again at once.
        expect(await second.depth()).toEqual({ ready: 3, delayed: 0, leased: 0, deadLettered: 0 });
        const leases = await second.lease(5);
        const attempts = new Map(leases.map((l) => [l.message.seq, l.message.attempts]));
        expect([...attempts]).toHaveLength(3);
        expect(attempts).toEqual(
          new Map([
            [0, 2],
            [1, 1],
            [2, 1],
          ]),
        );
        await second.ack(leases);
        expect(await second.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      } finally {
        await second.close();
      }
    });
  });

  describe("on BullMQ's own terms", CONCURRENT, () => {
    it("keeps dead letters in BullMQ's failed set, oldest first, with their reasons", async () => {
      const url = fresh("failed");
      const q = await BullmqQueue.open({ url });
      try {
        await q.enqueue(testMessages(0, 4));
        const leases = await q.lease(4);
        // Failed together, as a processor's batch may: still in the order they were given up.
        await Promise.all(leases.map((lease, i) => q.deadLetter(lease, `reason ${i}`)));
        const letters = await q.deadLetters(10);
        expect(letters.map((d) => [d.message.seq, d.error])).toEqual([
          [0, "reason 0"],
          [1, "reason 1"],
          [2, "reason 2"],
          [3, "reason 3"],
        ]);
      } finally {
        await q.close();
      }
    });

    it("keeps a retry until the driver's clock says it is due, whatever the wall clock says", async () => {
      // BullMQ keeps a nacked job delayed until its retry time on the wall clock plus 1 s of
      // slack: the driver promotes it on its own clock first, even an injected one that stands
      // still while real time passes and other jobs are fetched.
      const clock = manualClock();
      const q = await BullmqQueue.open({ url: fresh("wall"), now: clock.now });
      try {
        await q.enqueue([testMessage(0)]);
        const [lease] = await q.lease(1);
        await q.nack(lease as Lease, clock.now() + 30);
        await sleep(60);
        await q.enqueue([testMessage(1)]);
        expect(seqs(await q.lease(5))).toEqual([1]);
        expect(await q.nextRetryAt()).toBe(clock.now() + 30);
        expect(await q.depth()).toEqual({ ready: 0, delayed: 1, leased: 1, deadLettered: 0 });
        clock.advance(30);
        expect(seqs(await q.lease(5))).toEqual([0]);
      } finally {
        await q.close();
      }
    });

    it("wakes a long poll when a retry comes due or a lease expires, on the real clock", async () => {
      // The lease expires 1,900 ms after the retry is due: a slow moment of a busy machine
      // between the lease and the nack cannot swap the two (400 ms did once in CI, and 900 once
      // beside the whole suite).
      const q = await BullmqQueue.open({ url: fresh("wake"), visibilityMs: 2_000 });
      try {
        await q.enqueue(testMessages(0, 2));
        const [retried, expiring] = await q.lease(2);
        const retryAt = Date.now() + 100;
        await q.nack(retried as Lease, retryAt);
        const started = Date.now();
        const retriedAgain = await q.lease(1, { waitMs: 3_000 });
        expect(seqs(retriedAgain)).toEqual([0]);
        // Not before it was due (timers may fire a little early), however long the nack took.
        expect(Date.now()).toBeGreaterThanOrEqual(retryAt - 20);
        expect(Date.now() - started).toBeLessThan(1_500);
        // Settled, so that a slow moment letting its new lease lapse too cannot put it first.
        await q.ack(retriedAgain);
        const [again] = await q.lease(1, { waitMs: 3_000 });
        expect(again?.message).toMatchObject({ id: expiring?.message.id, attempts: 2 });
        expect(Date.now() - started).toBeLessThan(3_500);
      } finally {
        await q.close();
      }
    });

    it("fails in one line when something else adds jobs to the queue", async () => {
      const name = freshQueueName("foreign");
      made.push(name);
      const q = await BullmqQueue.open({ url: bullmqUrl(name) });
      const { Queue } = await import("bullmq");
      const { createClient } = await import("@redis/client");
      const client = createClient({ url: REDIS_URL });
      await client.connect();
      const other = new Queue(name, { connection: client });
      try {
        await q.enqueue([testMessage(0)]);
        await other.add("paint", { color: "blue" }, { priority: 1 });
        const error = await rejection(q.lease(5));
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error.message).toMatch(
          /^BullMQ queue "swarm-stress-test-foreign-\w+" at \S+: BullMQ job \d+ is not a swarm-stress message \(does something else add jobs to it\?\)$/,
        );
        await expect(q.depth()).rejects.toThrow(error.message);
      } finally {
        await q.close();
        await other.close();
        await client.close();
      }
    });

    it("opens a bullmq+redis:// setting through openQueue with the run's capacity", async () => {
      const q = await openQueue({ driver: fresh("open"), capacity: 3, visibilityMs: 1_000 });
      expect(q.name).toBe("bullmq");
      expect(q.capacity).toBe(3);
      await q.enqueue(testMessages(0, 2));
      expect(seqs(await q.lease(5))).toEqual([0, 1]);
      await q.close();
    });
  });

  describe("one line naming BullMQ within 5 s, never the password", CONCURRENT, () => {
    const secret = "s3cret-pw";

    async function refusedFor(url: string): Promise<Error> {
      const error = await refusedOpen(BullmqQueue.open({ url }), /^BullMQ: /, secret);
      expect(error).toBeInstanceOf(RuntimeError);
      return error;
    }

    it("when nothing listens", async () => {
      const error = await refusedFor(`bullmq+redis://:${secret}@127.0.0.1:1/15?queue=x`);
      expect(error.message).toBe(
        "BullMQ: cannot connect to Redis at 127.0.0.1:1: connection refused",
      );
    });

    it("when the server never answers", async () => {
      const sockets: Socket[] = [];
      const { server, port } = await listen((socket) => sockets.push(socket));
      try {
        const error = await refusedFor(`bullmq+redis://:${secret}@127.0.0.1:${port}/15?queue=x`);
        expect(error.message).toMatch(
          new RegExp(`^BullMQ: cannot connect to Redis at 127\\.0\\.0\\.1:${port}: no answer`),
        );
      } finally {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
    }, 10_000);

    it("for a wrong password", async () => {
      const url = fresh("pw").replace("bullmq+redis://", `bullmq+redis://nobody:${secret}@`);
      const error = await refusedFor(url);
      expect(error.message).toMatch(/refused the user name or password|ERR AUTH|WRONGPASS/);
    });
  });

  describe("Redis going away mid-run", CONCURRENT, () => {
    it("fails every waiting and later call with one line naming BullMQ, and still closes", async () => {
      // A proxy in front of the real server, so the test can take it away.
      const target = new URL(REDIS_URL);
      const proxy = await holdingProxy(target.hostname, Number(target.port || 6379));
      const url = fresh("lost").replace(target.host, `127.0.0.1:${proxy.port}`);
      const q = await BullmqQueue.open({ url, retryWindowMs: 500 });
      await q.enqueue(testMessages(0, 2));
      expect(seqs(await q.lease(5))).toEqual([0, 1]);
      const waiting = q.lease(5, { waitMs: 10_000 });
      waiting.catch(() => {});
      proxy.close();
      proxy.cut();
      const error = await rejection(waiting);
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toMatch(/^BullMQ: lost Redis at 127\.0\.0\.1:\d+: connection refused/);
      await expect(q.depth()).rejects.toThrow(error.message);
      const closing = Date.now();
      await q.close();
      expect(Date.now() - closing).toBeLessThan(5_000);
    }, 20_000);
  });
});
