/**
 * `queue inspect` on Redis, RabbitMQ and NATS queues: what each can tell without handing a
 * message out, read twice to show that reading changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmqpQueue } from "../../src/queue/amqp/amqp.js";
import type { BrokerInspection } from "../../src/queue/broker-inspection.js";
import type { Lease, QueueDriver } from "../../src/queue/driver.js";
import { NatsQueue } from "../../src/queue/nats/nats.js";
import { RedisQueue } from "../../src/queue/redis/redis.js";
import type { QueueInspection } from "../../src/queue/sqlite/inspect.js";
import { testMessages } from "../conformance/queue-conformance.js";
import { amqpAvailable, freshQueueName, queueUrl } from "../support/amqp.js";
import { cli } from "../support/cli-in-process.js";
import { freshNatsStream, natsAvailable, natsStreamUrl } from "../support/nats.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-inspect-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Three messages stored, one of them dead-lettered with `error`, the queue closed. */
async function leaveThree(queue: QueueDriver, error: string): Promise<void> {
  await queue.enqueue(testMessages(0, 3));
  const [first] = await queue.lease(1);
  await queue.deadLetter(first as Lease, error);
  await queue.close();
}

async function inspect(url: string): Promise<BrokerInspection> {
  const outcome = await cli(["queue", "inspect", url, "--json"], dir);
  expect(outcome.status, outcome.stderr).toBe(0);
  return JSON.parse(outcome.stdout) as BrokerInspection;
}

function expectLeftThree(found: BrokerInspection, queue: string, error: string): void {
  expect(found).toMatchObject({ queue, held: 2, deadLetters: { total: 1 } });
  expect(found.deadLetters.byError).toEqual([{ error, count: 1 }]);
  expect(found.deadLetters.first.map((dead) => dead.message.id)).toEqual(["m0"]);
  expect(found.server).not.toContain("guest:guest");
}

describe.skipIf(!amqpAvailable)("queue inspect on RabbitMQ", () => {
  it("counts what the queue holds and its dead letters, and puts the dead letters back", async () => {
    const name = freshQueueName("inspect");
    const url = queueUrl(name);
    try {
      await leaveThree(await AmqpQueue.open({ url }), "agent gone");
      const first = await inspect(url);
      expectLeftThree(first, name, "agent gone");
      expect(first).toMatchObject({ broker: "RabbitMQ", consumers: 0 });
      expect(await inspect(url)).toEqual(first);
      const text = await cli(["queue", "inspect", url], dir);
      expect(text.stdout).toMatch(/^RabbitMQ queue \S+ at amqp:\/\/guest:\*\*\*@/);
      expect(text.stdout).toMatch(/held {13}2 {2}\(ready and waiting for a retry/);
    } finally {
      await AmqpQueue.purge(url);
    }
  });

  it("refuses a queue that does not exist, in one line, exit 2", async () => {
    const outcome = await cli(["queue", "inspect", queueUrl(freshQueueName("none"))], dir);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toMatch(
      /^swarm-stress: no RabbitMQ queue "\S+" at amqp:\/\/guest:\*\*\*@/,
    );
  });
});

describe.skipIf(!natsAvailable)("queue inspect on NATS JetStream", () => {
  it("counts what the streams hold and their dead letters, without consuming", async () => {
    const stream = freshNatsStream("inspect");
    const url = natsStreamUrl(stream);
    try {
      await leaveThree(await NatsQueue.open({ url }), "agent gone");
      const first = await inspect(url);
      expectLeftThree(first, stream, "agent gone");
      expect(first.broker).toBe("NATS JetStream");
      expect(first.handedOut).toBeGreaterThanOrEqual(0);
      expect(first.handedOut).toBeLessThanOrEqual(2);
      expect(await inspect(url)).toEqual(first);
    } finally {
      await NatsQueue.purge(url);
    }
  });

  it("refuses a queue that does not exist, in one line, exit 2, and creates nothing", async () => {
    const url = natsStreamUrl(freshNatsStream("none"));
    const outcome = await cli(["queue", "inspect", url], dir);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toMatch(/^swarm-stress: no NATS queue \S+ at nats:\/\//);
    expect(await NatsQueue.purge(url)).toBe(0);
  });
});

describe.skipIf(!redisAvailable)("queue inspect on a Redis stream", () => {
  it("shows depth by state and priority as stored, the oldest message and dead letters, moving nothing", async () => {
    const url = streamUrl(freshStream("inspect"));
    try {
      const q = await RedisQueue.open({ url, visibilityMs: 200 });
      await q.enqueue([...testMessages(0, 3, 1), ...testMessages(3, 2, 5)]);
      const [high, ...rest] = await q.lease(3);
      await q.deadLetter(high as Lease, "agent gone");
      await q.nack(rest[0] as Lease, Date.now() + 60_000);
      // Highest priority first: m3 dead, m4 waiting for its retry, m0 still leased.
      await q.close();
      // Past the held lease's visibility timeout, on Redis's clock as on this one.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const outcome = await cli(["queue", "inspect", url, "--json"], dir);
      expect(outcome.status, outcome.stderr).toBe(0);
      const found = JSON.parse(outcome.stdout) as QueueInspection;
      expect(found.depth).toEqual({ ready: 2, delayed: 1, leased: 1, deadLettered: 1 });
      expect(found.byPriority).toEqual([
        { priority: 5, ready: 0, delayed: 1, leased: 0 },
        { priority: 1, ready: 2, delayed: 0, leased: 1 },
      ]);
      expect(found.deadLetters.first.map((dead) => [dead.message.id, dead.error])).toEqual([
        ["m3", "agent gone"],
      ]);
      expect(found.expiredLeases).toBe(1);
      expect(found.oldestAgeMs).toBeGreaterThanOrEqual(350);
      expect(Math.abs((found.nextRetryAt ?? 0) - (Date.now() + 60_000))).toBeLessThan(5_000);
      expect(found.dueRetries).toBe(0);
      expect(found.path).toMatch(/^Redis stream "\S+" at /);
      // Read again: the expired lease was not moved back by the first read.
      const again = JSON.parse((await cli(["queue", "inspect", url, "--json"], dir)).stdout);
      expect(again.depth).toEqual(found.depth);
      const text = await cli(["queue", "inspect", url], dir);
      expect(text.stdout).toMatch(/dead-lettered {4}1/);
    } finally {
      await RedisQueue.purge(url);
    }
  });

  it("refuses a stream that is not a queue, in one line, exit 2, and makes none", async () => {
    const url = streamUrl(freshStream("none"));
    const outcome = await cli(["queue", "inspect", url], dir);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toMatch(/^swarm-stress: no queue at Redis stream "\S+" at /);
    expect(await RedisQueue.purge(url)).toBe(0);
  });
});
