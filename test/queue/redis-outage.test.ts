import { afterEach, describe, expect, it } from "vitest";
import { RuntimeError } from "../../src/errors.js";
import type { QueueDepth } from "../../src/queue/driver.js";
import { RedisQueue } from "../../src/queue/redis/redis.js";
import { seqs, testMessages } from "../conformance/queue-conformance.js";
import { command, PrivateRedis, redisServerInstalled } from "../support/redis-server.js";

/** The error `work` rejects with, and when; fails the test when it resolves. */
async function rejection(work: Promise<unknown>): Promise<{ error: Error; at: number }> {
  try {
    await work;
  } catch (error) {
    return { error: error as Error, at: Date.now() };
  }
  throw new Error("expected a rejection");
}

describe.skipIf(!redisServerInstalled)("Redis queue when Redis goes away", () => {
  let server: PrivateRedis | undefined;
  let queue: RedisQueue | undefined;

  afterEach(async () => {
    await queue?.close();
    queue = undefined;
    await server?.dispose();
    server = undefined;
  });

  it("waits out an outage shorter than the window: calls made meanwhile go through on the data Redis kept", async () => {
    server = await PrivateRedis.start();
    queue = await RedisQueue.open({ url: server.url("outage") });
    const q = queue;
    await q.enqueue(testMessages(0, 5));
    // Calls run back to back through the restart: some are on the wire when it breaks.
    let stop = false;
    let depths = 0;
    const polling = (async () => {
      while (!stop) {
        const depth: QueueDepth = await q.depth();
        // Nothing lost across the restart: 5, and 6 once the enqueue made meanwhile went in.
        expect(depth.ready + depth.leased).toBeGreaterThanOrEqual(5);
        depths++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Longer than node-redis' own reconnect attempts (about 3 s) and well within the window.
    const restarted = server.restartWithData(4_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const leasing = q.lease(3);
    const enqueuing = q.enqueue(testMessages(5, 1));
    await restarted;
    expect(seqs(await leasing)).toEqual([0, 1, 2]);
    expect(await enqueuing).toBe(0);
    stop = true;
    await polling;
    expect(depths).toBeGreaterThan(1);
    expect(await q.depth()).toMatchObject({ ready: 3, leased: 3 });
  }, 20_000);

  it("fails every pending and later call with one RuntimeError naming the server once the window runs out", async () => {
    server = await PrivateRedis.start({ password: "s3cret" });
    queue = await RedisQueue.open({ url: server.url("gone"), retryWindowMs: 1_000 });
    await queue.enqueue(testMessages(0, 2));
    await server.stop();
    const stoppedAt = Date.now();
    const pending = [
      rejection(queue.lease(1, { waitMs: 60_000 })),
      rejection(queue.enqueue(testMessages(2, 1))),
      rejection(queue.depth()),
      rejection(queue.snapshot()),
    ];
    const failures = await Promise.all(pending);
    const line = `lost Redis at 127.0.0.1:${server.port}: connection refused (retried for 1 s)`;
    for (const { error, at } of failures) {
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toBe(line);
      expect(at - stoppedAt).toBeGreaterThanOrEqual(900);
      expect(at - stoppedAt).toBeLessThan(4_000);
    }
    // One error for all: the same object, so whoever reports it reports one line.
    expect(new Set(failures.map((f) => f.error)).size).toBe(1);
    const later = await rejection(queue.nextRetryAt());
    expect(later.error).toBe(failures[0]?.error);
    expect(later.at - Date.now()).toBeLessThan(50);
    const closing = Date.now();
    await queue.close();
    expect(Date.now() - closing).toBeLessThan(500);
  }, 15_000);

  it("fails with lost state, and makes no fresh queue, when Redis comes back empty", async () => {
    server = await PrivateRedis.start();
    queue = await RedisQueue.open({ url: server.url("emptied") });
    await queue.enqueue(testMessages(0, 3));
    const restartedAt = Date.now();
    await server.restartEmpty();
    const line = `Redis at 127.0.0.1:${server.port} lost the run's state (restarted without persistence, or flushed?)`;
    const lease = await rejection(queue.lease(3, { waitMs: 60_000 }));
    expect(lease.error).toBeInstanceOf(RuntimeError);
    expect(lease.error.message).toBe(line);
    expect(lease.at - restartedAt).toBeLessThan(3_000);
    const enqueue = await rejection(queue.enqueue(testMessages(3, 1)));
    expect(enqueue.error).toBe(lease.error);
    expect(await command(server.port, "DBSIZE")).toBe(":0");
  }, 15_000);

  it("notices a FLUSHALL while the connection stands", async () => {
    server = await PrivateRedis.start();
    queue = await RedisQueue.open({ url: server.url("flushed") });
    await queue.enqueue(testMessages(0, 3));
    await command(server.port, "FLUSHALL");
    const { error } = await rejection(queue.depth());
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toMatch(/^Redis at 127\.0\.0\.1:\d+ lost the run's state/);
  });

  it("closes at once while Redis is away, failing the calls still waiting", async () => {
    server = await PrivateRedis.start();
    queue = await RedisQueue.open({ url: server.url("closing") });
    await server.stop();
    const waiting = rejection(queue.lease(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = Date.now();
    await queue.close();
    expect(Date.now() - closing).toBeLessThan(500);
    const { error } = await waiting;
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toMatch(/^the connection to Redis at 127\.0\.0\.1:\d+ was closed$/);
  });
});
