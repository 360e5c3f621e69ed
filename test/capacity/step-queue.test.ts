import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stepQueue } from "../../src/capacity/step-queue.js";
import { AmqpQueue } from "../../src/queue/amqp/amqp.js";
import { BullmqQueue } from "../../src/queue/bullmq/bullmq.js";
import { outstanding } from "../../src/queue/driver.js";
import { NatsQueue } from "../../src/queue/nats/nats.js";
import { openQueue } from "../../src/queue/open-queue.js";
import { PostgresQueue } from "../../src/queue/postgres/postgres.js";
import { parseQueueSpecOf } from "../../src/queue/queue-spec.js";
import { RedisQueue } from "../../src/queue/redis/redis.js";
import { openRunLedger } from "../../src/queue/run-ledger.js";
import { testMessage } from "../conformance/queue-conformance.js";
import { amqpAvailable, freshQueueName, queueUrl } from "../support/amqp.js";
import {
  bullmqAvailable,
  bullmqUrl,
  freshQueueName as freshBullmqQueue,
} from "../support/bullmq.js";
import { freshNatsStream, natsAvailable, natsStreamUrl } from "../support/nats.js";
import * as postgres from "../support/postgres.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";

const dir = mkdtempSync(join(tmpdir(), "swarm-step-queue-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Open `queue`, leave `count` messages in it, close it. */
async function leave(queue: string, count: number): Promise<void> {
  const driver = await openQueue({ driver: queue, capacity: 100, visibilityMs: 1000 });
  await driver.enqueue(Array.from({ length: count }, (_, seq) => testMessage(seq)));
  await driver.close();
}

/** How many messages `queue` holds, opened to resume what is there. */
async function held(queue: string): Promise<number> {
  const driver = await openQueue({
    driver: queue,
    capacity: 100,
    visibilityMs: 1000,
    resume: true,
  });
  try {
    return outstanding(await driver.depth());
  } finally {
    await driver.close();
  }
}

describe("a capacity step's queue", () => {
  it("is the in-process queue itself, with nothing to clear", async () => {
    const place = stepQueue("memory", "t", 0);
    expect(place.queue).toBe("memory");
    await expect(place.discard()).resolves.toBeUndefined();
  });

  it("is a file beside the user's, removed after its step, the user's file untouched", async () => {
    const own = join(dir, "own.db");
    writeFileSync(own, "the user's bytes");
    const place = stepQueue(`sqlite:${own}`, "t1", 3);
    expect(place.queue).toBe(`sqlite:${own}.capacity-t1-3`);
    await leave(place.queue, 5);
    expect(existsSync(`${own}.capacity-t1-3`)).toBe(true);
    await place.discard();
    for (const suffix of ["", "-wal", "-shm"]) {
      expect(existsSync(`${own}.capacity-t1-3${suffix}`), suffix).toBe(false);
    }
    expect(readFileSync(own, "utf8")).toBe("the user's bytes");
    // Discarding twice, or what is already gone, never throws.
    await expect(place.discard()).resolves.toBeUndefined();
  });

  it("names what it is for: a side-by-side bench run's queue says bench, not capacity", () => {
    expect(stepQueue("sqlite:own.db", "t5", 2, "bench").queue).toBe("sqlite:own.db.bench-t5-2");
    const nats = stepQueue("nats://127.0.0.1:4222?stream=orders", "mj2x0abc", 7, "bench").queue;
    expect(new URL(nats).searchParams.get("stream")).toBe("orders-bench-mj2x0abc-7");
    const amqp = stepQueue("amqp://guest:guest@127.0.0.1:5672/%2F?queue=z", "t6", 0, "bench");
    expect(new URL(amqp.queue).searchParams.get("queue")).toBe("z-bench-t6-0");
  });

  it.skipIf(!redisAvailable)(
    "is a stream of its own on the same Redis, purged after its step, the user's stream untouched",
    async () => {
      const stream = freshStream("own");
      const own = streamUrl(stream);
      await leave(own, 2);
      const place = stepQueue(own, "t2", 0);
      expect(new URL(place.queue).searchParams.get("stream")).toBe(`${stream}-capacity-t2-0`);
      await leave(place.queue, 4);
      expect(await held(place.queue)).toBe(4);
      await place.discard();
      expect(await RedisQueue.purge(place.queue)).toBe(0);
      expect(await held(own)).toBe(2);
      await RedisQueue.purge(own);
    },
  );

  it.skipIf(!natsAvailable)(
    "is a NATS queue of its own, its name cut to fit, purged after its step, the user's untouched",
    async () => {
      const stream = freshNatsStream("own"); // 19 characters
      const own = natsStreamUrl(stream);
      await leave(own, 2);
      const place = stepQueue(own, "mj2x0abc", 12);
      const name = new URL(place.queue).searchParams.get("stream") ?? "";
      expect(name).toBe(`${stream.slice(0, 31 - "cap-mj2x0abc-12".length)}-cap-mj2x0abc-12`);
      expect(name.length).toBeLessThanOrEqual(32);
      await leave(place.queue, 4);
      expect(await held(place.queue)).toBe(4);
      // The run ledger a step's run keeps beside its queue goes with it.
      const ledger = await openRunLedger(parseQueueSpecOf(place.queue, "nats", "a NATS queue"));
      try {
        await ledger.begin("{}");
        await place.discard();
        expect(await ledger.saved()).toBeUndefined();
      } finally {
        await ledger.close();
      }
      expect(await NatsQueue.purge(place.queue)).toBe(0);
      expect(await held(own)).toBe(2);
      await NatsQueue.purge(own);
    },
  );

  it.skipIf(!amqpAvailable)(
    "is a RabbitMQ queue of its own on the same server, deleted after its step, the user's untouched",
    async () => {
      const name = freshQueueName("own");
      const own = queueUrl(name);
      await leave(own, 2);
      const place = stepQueue(own, "t3", 1);
      expect(new URL(place.queue).searchParams.get("queue")).toBe(`${name}-capacity-t3-1`);
      await leave(place.queue, 4);
      expect(await held(place.queue)).toBe(4);
      await place.discard();
      expect(await AmqpQueue.purge(place.queue)).toBe(0);
      expect(await held(own)).toBe(2);
      await AmqpQueue.purge(own);
    },
  );

  it.skipIf(!bullmqAvailable)(
    "is a BullMQ queue of its own on the same Redis, deleted after its step, the user's untouched",
    async () => {
      const name = freshBullmqQueue("own");
      const own = bullmqUrl(name);
      await leave(own, 2);
      const place = stepQueue(own, "t4", 1);
      expect(place.queue).toMatch(new RegExp(`\\?queue=${name}-capacity-t4-1$`));
      await leave(place.queue, 4);
      expect(await held(place.queue)).toBe(4);
      await place.discard();
      expect(await BullmqQueue.purge(place.queue)).toBe(0);
      expect(await held(own)).toBe(2);
      await BullmqQueue.purge(own);
    },
  );

  it.skipIf(!postgres.postgresAvailable)(
    "is a PostgreSQL queue of its own in the same database, deleted after its step, the user's untouched",
    async () => {
      const name = postgres.freshQueueName("own");
      const own = postgres.queueUrl(name);
      await leave(own, 2);
      const place = stepQueue(own, "t4", 1);
      expect(new URL(place.queue).searchParams.get("queue")).toBe(`${name}-capacity-t4-1`);
      await leave(place.queue, 4);
      expect(await held(place.queue)).toBe(4);
      await place.discard();
      expect(await PostgresQueue.purge(place.queue)).toBe(0);
      expect(await held(own)).toBe(2);
      await PostgresQueue.purge(own);
    },
  );
});
