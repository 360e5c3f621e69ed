import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, RuntimeError } from "../../src/errors.js";
import type { Message } from "../../src/model/message.js";
import type { Lease } from "../../src/queue/driver.js";
import { openQueue } from "../../src/queue/open-queue.js";
import { QueueClosedError } from "../../src/queue/queue-closed.js";
import { connectRedis, type RedisConnection } from "../../src/queue/redis/connection.js";
import { RedisQueue } from "../../src/queue/redis/redis.js";
import { nowMs } from "../../src/util/clock.js";
import {
  describeQueueConformance,
  expectLargeBatchInOrder,
  manualClock,
  seqs,
  sleep,
  testMessage,
  testMessages,
  watch,
} from "../conformance/queue-conformance.js";
import { holdingProxy, rejection } from "../support/driver-checks.js";
import { freshStream, REDIS_URL, redisAvailable, streamUrl } from "../support/redis.js";
import { until } from "../support/until.js";

/** Streams this file made, purged at the end. */
const made: string[] = [];

/** A stream no other test uses, and its URL. */
function fresh(label?: string): { stream: string; url: string } {
  const stream = freshStream(label);
  made.push(stream);
  return { stream, url: streamUrl(stream) };
}

describe.skipIf(!redisAvailable)("Redis queue", () => {
  let redis: RedisConnection;

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL);
  });

  afterAll(async () => {
    for (const stream of made) await RedisQueue.purge(REDIS_URL, stream);
    await redis?.close();
  });

  /** Every key of `stream` in the test database. */
  async function keysOf(stream: string): Promise<string[]> {
    const pattern = `{swarm-stress:${stream.replace(/[*?[\]\\]/g, "\\$&")}}:*`;
    return (await redis.sendCommand(["KEYS", pattern])) as string[];
  }

  describeQueueConformance(
    "redis",
    async (options) => RedisQueue.open({ url: fresh().url, ...options }),
    { concurrent: true },
  );

  describe("shared by several instances", () => {
    it("hands each message to one consumer, and an expired lease to another", async () => {
      const clock = manualClock();
      const { url } = fresh();
      const a = await RedisQueue.open({ url, consumer: "worker-a", now: clock.now });
      const b = await RedisQueue.open({ url, consumer: "worker-b", now: clock.now, resume: true });
      expect(a.consumer).toBe("worker-a");
      await a.enqueue(testMessages(0, 6));
      const fromA = await a.lease(2, { visibilityMs: 1_000 });
      const fromB = await b.lease(10, { visibilityMs: 5_000 });
      expect(seqs(fromA)).toEqual([0, 1]);
      expect(seqs(fromB)).toEqual([2, 3, 4, 5]);
      const consumers = (await redis.sendCommand([
        "XINFO",
        "CONSUMERS",
        `{swarm-stress:${a.stream}}:lane:1`,
        "swarm-stress",
      ])) as unknown[][];
      expect(consumers.map((c) => [c[1], c[3]])).toEqual([
        ["worker-a", 2],
        ["worker-b", 4],
      ]);

      clock.advance(1_000);
      const reclaimed = await b.lease(10);
      expect(seqs(reclaimed)).toEqual([0, 1]);
      expect(reclaimed.map((l) => l.message.enqueuedAt)).toEqual([clock.now(), clock.now()]);
      // A's settles come too late: B holds the messages now.
      await a.ack(fromA);
      await a.nack(fromA[0] as Lease, clock.now());
      await a.deadLetter(fromA[1] as Lease, "late");
      expect(await b.depth()).toEqual({ ready: 0, delayed: 0, leased: 6, deadLettered: 0 });
      await b.ack([...fromB, ...reclaimed]);
      expect(await a.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      await a.close();
      await b.close();
    });

    it("holds producers of every instance to one capacity", async () => {
      const { url } = fresh();
      const a = await RedisQueue.open({ url, capacity: 2 });
      const b = await RedisQueue.open({ url, capacity: 2, resume: true });
      expect(a.consumer).not.toBe(b.consumer);
      await a.enqueue(testMessages(0, 2));
      const waiting = watch(b.enqueue([testMessage(2)]));
      await sleep(30);
      expect(waiting.settled).toBe(false);
      await a.ack(await a.lease(1));
      expect(await waiting.promise).toBe(1);
      expect(seqs(await a.lease(5))).toEqual([1, 2]);
      await a.close();
      await b.close();
    });

    it("wakes a long poll with another instance's enqueue", async () => {
      const { url } = fresh();
      const a = await RedisQueue.open({ url });
      const b = await RedisQueue.open({ url, resume: true });
      const polling = b.lease(5, { waitMs: 2_000 });
      await sleep(10);
      await a.enqueue(testMessages(0, 2));
      expect(seqs(await polling)).toEqual([0, 1]);
      await a.close();
      await b.close();
    });

    it("leaves the consumer group when it holds nothing, and stays while it does", async () => {
      const { url, stream } = fresh();
      const a = await RedisQueue.open({ url, consumer: "gone" });
      const b = await RedisQueue.open({ url, consumer: "holding", resume: true });
      await a.enqueue(testMessages(0, 2));
      await a.ack(await a.lease(1));
      await b.lease(1);
      await a.close();
      await b.close();
      const consumers = (await redis.sendCommand([
        "XINFO",
        "CONSUMERS",
        `{swarm-stress:${stream}}:lane:1`,
        "swarm-stress",
      ])) as unknown[][];
      expect(consumers.map((c) => c[1])).toEqual(["holding"]);
    });
  });

  describe("runs never mix", () => {
    it("refuses a stream holding messages or dead letters unless resuming", async () => {
      const { url } = fresh();
      const first = await RedisQueue.open({ url });
      await first.enqueue(testMessages(0, 2));
      await first.deadLetter((await first.lease(1))[0] as Lease, "boom");
      await first.close();
      const error = await rejection(RedisQueue.open({ url }));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/still holds 1 message\(s\) from an earlier run/);
      const resumed = await RedisQueue.open({ url, resume: true });
      expect(await resumed.depth()).toEqual({ ready: 1, delayed: 0, leased: 0, deadLettered: 1 });
      await resumed.ack(await resumed.lease(1));
      await resumed.close();
      const dead = await rejection(RedisQueue.open({ url }));
      expect(dead.message).toMatch(/holds 1 dead letter\(s\)/);
    });

    it("opens through openQueue, refusing there too", async () => {
      const { url } = fresh();
      const spec = { driver: url, capacity: 10, visibilityMs: 1_000 };
      const queue = await openQueue(spec);
      expect(queue.name).toBe("redis");
      expect(queue.capacity).toBe(10);
      await queue.enqueue([testMessage(0)]);
      await queue.close();
      await expect(openQueue(spec)).rejects.toThrow(/still holds 1 message/);
      const resumed = await openQueue({ ...spec, resume: true });
      await resumed.close();
    });

    it("refuses keys that are not a queue's", async () => {
      const { url, stream } = fresh();
      await redis.sendCommand(["SET", `{swarm-stress:${stream}}:meta`, "not a hash"]);
      const error = await rejection(RedisQueue.open({ url }));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/is not a swarm-stress queue/);
    });

    it("purges every key of a stream and nothing else", async () => {
      const { url, stream } = fresh();
      const other = fresh();
      const q = await RedisQueue.open({ url });
      const keep = await RedisQueue.open({ url: other.url });
      await q.enqueue([testMessage(0, 1), testMessage(1, 3), testMessage(2, 2)]);
      const [lease] = await q.lease(1);
      await q.nack(lease as Lease, nowMs() + 60_000);
      await q.deadLetter((await q.lease(1))[0] as Lease, "x");
      await keep.enqueue([testMessage(9)]);
      await q.close();
      expect((await keysOf(stream)).length).toBeGreaterThan(5);
      expect(await RedisQueue.purge(url)).toBeGreaterThan(5);
      expect(await keysOf(stream)).toEqual([]);
      expect((await keep.depth()).ready).toBe(1);
      await keep.close();
    });
  });

  describe("on the server's clock", () => {
    it("stamps, expires and retries on Redis time, reported on this process' clock", async () => {
      const { url } = fresh();
      const q = await RedisQueue.open({ url, visibilityMs: 50 });
      const before = nowMs();
      await q.enqueue(testMessages(0, 2));
      const [retried, abandoned] = await q.lease(2);
      // The offset between the clocks is measured per call: within a few ms on one machine.
      expect(Math.abs((retried as Lease).message.enqueuedAt - before)).toBeLessThan(50);
      const retryAt = nowMs() + 30;
      await q.nack(retried as Lease, retryAt);
      expect(Math.abs(((await q.nextRetryAt()) as number) - retryAt)).toBeLessThan(10);
      expect(await q.lease(2)).toEqual([]);
      await sleep(70);
      const again = await q.lease(2);
      expect(seqs(again).sort()).toEqual([0, 1]);
      const stamp = (seq: number) => again.find((l) => l.message.seq === seq)?.message.enqueuedAt;
      expect(Math.abs((stamp(0) as number) - retryAt)).toBeLessThan(10);
      expect(stamp(1)).toBeGreaterThan(before + 40);
      await q.ack([abandoned as Lease]); // stale: its lease expired and was handed out again
      expect((await q.depth()).leased).toBe(2);
      await q.close();
    });
  });

  describe("limits", () => {
    it("stores a large batch in several scripts, in order, and leases at most 1000 at once", async () => {
      const q = await RedisQueue.open({ url: fresh().url, capacity: 5_000 });
      await expectLargeBatchInOrder(q, 2_500, 1_000);
      await q.close();
    });

    it("acks exactly the leases given, in any order, across lanes", async () => {
      const clock = manualClock();
      const q = await RedisQueue.open({ url: fresh().url, now: clock.now, visibilityMs: 100 });
      await q.enqueue(Array.from({ length: 30 }, (_, seq) => testMessage(seq, 1 + (seq % 3))));
      const leases = await q.lease(30);
      const acked = leases.filter((_, i) => i % 4 !== 1 && i !== 17);
      await q.ack(acked.reverse());
      const kept = leases.filter((l) => !acked.includes(l)).map((l) => l.message.seq);
      expect(await q.depth()).toMatchObject({ ready: 0, leased: kept.length });
      clock.advance(100);
      expect(seqs(await q.lease(30)).sort((a, b) => a - b)).toEqual(kept.sort((a, b) => a - b));
      await q.close();
    });

    it("reads back each message's own stamp and hand-outs when one lease or snapshot mixes them", async () => {
      const clock = manualClock();
      const start = clock.now();
      const q = await RedisQueue.open({ url: fresh().url, now: clock.now, visibilityMs: 100 });
      await q.enqueue(testMessages(0, 4));
      await q.lease(2);
      clock.advance(50);
      await q.enqueue(testMessages(4, 2));
      clock.advance(60); // the lease of 0 and 1 expired at +100: back at the end of the line
      const leases = await q.lease(10);
      const seen = (message: Message) => [message.seq, message.enqueuedAt - start];
      expect(leases.map((lease) => [...seen(lease.message), lease.message.attempts])).toEqual([
        [2, 0, 1],
        [3, 0, 1],
        [4, 50, 1],
        [5, 50, 1],
        [0, 100, 2],
        [1, 100, 2],
      ]);
      await q.nack(leases[1] as Lease, start + 500);
      const held = (await q.snapshot()).map(seen).sort(([a], [b]) => (a as number) - (b as number));
      expect(held).toEqual([
        [0, 100],
        [1, 100],
        [2, 0],
        [3, 500],
        [4, 50],
        [5, 50],
      ]);
      await q.close();
    });

    it("keeps held, depth and snapshot in step through a mix of operations", async () => {
      const clock = manualClock();
      const q = await RedisQueue.open({
        url: fresh().url,
        now: clock.now,
        capacity: 300,
        visibilityMs: 300,
      });
      let seq = 0;
      let state = 12345;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
      };
      for (let round = 0; round < 100; round++) {
        const room = 300 - (await q.snapshot()).length;
        const add = Math.min(room, Math.floor(random() * 20));
        await q.enqueue(Array.from({ length: add }, () => testMessage(seq++, 1 + (seq % 3))));
        const leases = await q.lease(Math.floor(random() * 15), { visibilityMs: 100 + round });
        for (const lease of leases) {
          const roll = random();
          if (roll < 0.5) await q.ack([lease]);
          else if (roll < 0.7) await q.nack(lease, clock.now() + Math.floor(random() * 200));
          else if (roll < 0.8) await q.deadLetter(lease, "no");
        }
        clock.advance(Math.floor(random() * 50));
        const depth = await q.depth();
        const held = depth.ready + depth.delayed + depth.leased;
        expect(held).toBe((await q.snapshot()).length);
        const meta = (await redis.sendCommand([
          "HGET",
          `{swarm-stress:${q.stream}}:meta`,
          "held",
        ])) as string;
        expect(Number(meta)).toBe(held);
      }
      await q.close();
    });

    it("rejects calls after close and leaves no timer behind", async () => {
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      const q = await RedisQueue.open({ url: fresh().url, capacity: 1 });
      const baseline = timers();
      const polling = q.lease(1, { waitMs: 60_000 });
      // Its first look at the stream may still be on the wire on a busy machine: the poll's
      // timer comes after it.
      expect(await settlesTo(timers, (n) => n > baseline)).toBeGreaterThan(baseline);
      await q.enqueue([testMessage(0)]);
      expect(seqs(await polling)).toEqual([0]);
      // At most: a timer of an earlier test counted in the baseline may have run out since.
      expect(await settlesTo(timers, (n) => n <= baseline)).toBeLessThanOrEqual(baseline);
      const waiting = q.enqueue([testMessage(1)]);
      waiting.catch(() => {});
      const again = q.lease(1, { waitMs: 60_000 });
      await q.close();
      await expect(waiting).rejects.toThrow(QueueClosedError);
      expect(await again).toEqual([]);
      expect(timers()).toBeLessThanOrEqual(baseline);
      await expect(q.ack([])).rejects.toThrow(QueueClosedError);
      await expect(q.snapshot()).rejects.toThrow(QueueClosedError);
      await expect(q.deadLetters(1)).rejects.toThrow(QueueClosedError);
    });
  });

  describe("a connection cut while an enqueue is on its way", () => {
    it("stores the messages once, though the script ran and is sent again", async () => {
      // A proxy in front of the real server, so the test can hold Redis' answers back and cut
      // the connection itself: the script runs, its reply never comes, and the link sends it
      // again on a new connection.
      const shared = new URL(REDIS_URL);
      const proxy = await holdingProxy(shared.hostname, Number(shared.port));
      const { url, stream } = fresh("repeat");
      const meta = `{swarm-stress:${stream}}:meta`;
      const held = async () => Number(await redis.sendCommand(["HGET", meta, "held"]));
      const q = await RedisQueue.open({
        url: url.replace(`:${shared.port}/`, `:${proxy.port}/`),
      });
      try {
        // Redis knows the script by then: the held-back call is the script itself, not a
        // NOSCRIPT answer that would keep it from being sent.
        await q.enqueue([testMessage(0)]);
        await q.ack(await q.lease(1));
        proxy.hold();
        const enqueuing = q.enqueue(testMessages(1, 5));
        await until(async () => (await held()) === 5, 5_000);
        proxy.cut();
        expect(await enqueuing).toBe(0);
        expect(await held()).toBe(5);
        expect(await q.depth()).toMatchObject({ ready: 5, leased: 0 });
        expect(seqs(await q.lease(10))).toEqual([1, 2, 3, 4, 5]);
      } finally {
        proxy.cut();
        await q.close();
        proxy.close();
      }
      // What the stream remembered of this producer's last request goes with it.
      const fields = (await redis.sendCommand(["HKEYS", meta])) as string[];
      expect(fields.filter((field) => field.startsWith("enqueued:"))).toEqual([]);
    });
  });

  describe("connecting", () => {
    let silent: Server;
    let silentPort = 0;

    beforeAll(async () => {
      // Accepts connections and never answers, like a firewall that swallows packets.
      silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      silentPort = (silent.address() as { port: number }).port;
    });

    afterAll(() => {
      silent.close();
    });

    /** A port nothing listens on: taken from the OS, then freed. */
    async function closedPort(): Promise<number> {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as { port: number }).port;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }

    /** Connects with `url` and returns the error, checked to be one line without `secret`. */
    async function failure(url: string, timeoutMs?: number): Promise<RuntimeError> {
      const started = performance.now();
      const options = timeoutMs === undefined ? { url } : { url, connectTimeoutMs: timeoutMs };
      const error = await rejection(RedisQueue.open(options));
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).not.toContain("\n");
      expect(error.message).not.toContain("secret");
      expect(performance.now() - started).toBeLessThan(3_000);
      return error as RuntimeError;
    }

    it("fails fast when Redis is down", async () => {
      const port = await closedPort();
      const error = await failure(`redis://:secret@127.0.0.1:${port}/0`);
      expect(error.message).toBe(
        `cannot connect to Redis at 127.0.0.1:${port}: connection refused`,
      );
    });

    it("fails within the timeout when the server never answers", async () => {
      const error = await failure(`redis://127.0.0.1:${silentPort}`, 300);
      expect(error.message).toBe(
        `cannot connect to Redis at 127.0.0.1:${silentPort}: no answer within 300 ms`,
      );
    });

    it("says so when the password is refused", async () => {
      const base = REDIS_URL.replace(/^redis:\/\/(?:[^@]*@)?/, "").replace(/\/.*$/, "");
      const wrongUser = await failure(`redis://nobody:secret@${base}/0`);
      expect(wrongUser.message).toMatch(/refused the user name or password \(WRONGPASS\)/);
      const wrongPassword = await failure(`redis://:secret@${base}/0`);
      // Redis 7 without a password answers "ERR AUTH ... called without any password
      // configured"; with one set, WRONGPASS.
      expect(wrongPassword.message).toMatch(/password/);
      expect(wrongPassword.message).toMatch(/^cannot connect to Redis at /);
    });

    it("says so when the database does not exist", async () => {
      const base = REDIS_URL.replace(/\/\d*(\?.*)?$/, "");
      const error = await failure(`${base}/999`);
      expect(error.message).toMatch(/has no database 999/);
    });

    it("refuses a malformed URL before connecting", async () => {
      const error = await rejection(RedisQueue.open({ url: "redis://:secret@h:port/0" }));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(
        'queue redis://:***@h:port/0: bad port "port": expected 1 to 65535',
      );
    });
  });
});

/** `read()` once `done` holds of it, or after two seconds, whatever it is then. */
async function settlesTo<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  // Generous: the first test run on a machine that just booted saw over 2 s pass.
  const deadline = Date.now() + 10_000;
  let value = read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(5);
    value = read();
  }
  return value;
}
