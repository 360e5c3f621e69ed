import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import type { Socket } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, RuntimeError } from "../../src/errors.js";
import { AmqpQueue } from "../../src/queue/amqp/amqp.js";
import { parseAmqpQueueUrl } from "../../src/queue/amqp/url.js";
import { type Lease, outstanding } from "../../src/queue/driver.js";
import { openQueue } from "../../src/queue/open-queue.js";
import { manualClock, seqs, testMessage, testMessages } from "../conformance/queue-conformance.js";
import { amqpAvailable, freshQueueName, madeQueues, queueUrl } from "../support/amqp.js";
import {
  expectCrashedHoldersCounted,
  holdingProxy,
  listen,
  refusedOpen,
  rejection,
} from "../support/driver-checks.js";

/** Queues this file made, deleted at the end. */
const { fresh, purgeMade } = madeQueues(AmqpQueue.purge);

/**
 * The tests wait on the broker and on timeouts, not on the CPU, each on queues of its own: they
 * run side by side.
 */
const CONCURRENT = { concurrent: true };

describe.skipIf(!amqpAvailable)("RabbitMQ queue", CONCURRENT, () => {
  afterAll(purgeMade);

  describe("runs never mix", () => {
    it("refuses a queue an earlier run left messages in, and purge clears it", async () => {
      const url = fresh("left");
      const first = await AmqpQueue.open({ url });
      await first.enqueue(testMessages(0, 3));
      await first.close();
      const refused = await rejection(AmqpQueue.open({ url }));
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused.message).toMatch(
        /still holds 3 message\(s\) from an earlier run: resume that run \(run --resume\), purge it/,
      );
      expect(await AmqpQueue.purge(url)).toBe(3);
      const again = await AmqpQueue.open({ url });
      expect(await again.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      await again.close();
    });

    it("purges quorum queues too, but never a queue a run consumes", async () => {
      const url = fresh("purge", "&x-queue-type=quorum");
      const running = await AmqpQueue.open({ url });
      await running.enqueue(testMessages(0, 2));
      const refused = await rejection(AmqpQueue.purge(url));
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused.message).toMatch(/is in use by 1 consumer\(s\): stop the run using it first$/);
      expect(seqs(await running.lease(5))).toEqual([0, 1]);
      await running.close();
      expect(await AmqpQueue.purge(url)).toBe(2);
      expect(await AmqpQueue.purge(url)).toBe(0); // nothing left, and no error
    });

    it("refuses a queue holding an earlier run's dead letters", async () => {
      const url = fresh("dead");
      const first = await AmqpQueue.open({ url });
      await first.enqueue([testMessage(0)]);
      await first.deadLetter((await first.lease(1))[0] as Lease, "gave up");
      await first.close();
      const refused = await rejection(AmqpQueue.open({ url }));
      expect(refused.message).toMatch(/holds 1 dead letter\(s\) from an earlier run/);
    });

    it("refuses a second process on a queue another one consumes", async () => {
      const url = fresh("owned");
      const owner = await AmqpQueue.open({ url });
      try {
        const refused = await rejection(AmqpQueue.open({ url }));
        expect(refused).toBeInstanceOf(ConfigError);
        expect(refused.message).toMatch(/in use by 1 other consumer/);
        // Even told to carry on, it cannot take the queue from its owner.
        const exclusive = await rejection(AmqpQueue.open({ url, resume: true }));
        expect(exclusive.message).toMatch(/exclusive/);
      } finally {
        await owner.close();
      }
    });

    it("keeps what a closed run left, nacked updates and retry times too, for one that resumes", async () => {
      const clock = manualClock();
      const url = fresh("resume");
      const first = await AmqpQueue.open({ url, now: clock.now });
      await first.enqueue([testMessage(0, 1), testMessage(1, 1)]);
      const [lease] = await first.lease(1);
      const updated = { ...(lease as Lease).message, recipients: ["Agent-9"], lastError: "busy" };
      await first.nack({ message: updated, token: (lease as Lease).token }, clock.now() + 500);
      await first.close();

      const second = await AmqpQueue.open({ url, now: clock.now, resume: true });
      try {
        // Counted from the queue's declaration until the copies arrive, then one by one.
        expect(outstanding(await second.depth())).toBe(2);
        // The consumer of a closed run held both: RabbitMQ hands them back as redelivered,
        // counted as one hand-out for the closed run.
        const [ready] = await second.lease(5, { waitMs: 2_000 });
        expect(ready?.message).toMatchObject({ id: "m1", attempts: 2 });
        expect(await second.nextRetryAt()).toBe(clock.now() + 500);
        clock.advance(500);
        const [retried] = await second.lease(5);
        expect(retried?.message).toMatchObject({
          id: "m0",
          recipients: ["Agent-9"],
          lastError: "busy",
          attempts: 3,
          enqueuedAt: clock.now(),
          acceptedAt: clock.now() - 500,
        });
        await second.ack([ready as Lease, retried as Lease]);
        expect(await second.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      } finally {
        await second.close();
      }
    });
  });

  it("counts a hand-out for every run that died holding a message, and keeps the count", async () => {
    const url = fresh("crashes");
    await expectCrashedHoldersCounted((resume) => AmqpQueue.open({ url, resume }), {
      waitMs: 2_000,
    });
  });

  describe("opened through openQueue", () => {
    it("opens an amqp:// setting with the run's capacity", async () => {
      const q = await openQueue({ driver: fresh("open"), capacity: 3, visibilityMs: 1_000 });
      expect(q.name).toBe("amqp");
      expect(q.capacity).toBe(3);
      await q.enqueue(testMessages(0, 2));
      expect(seqs(await q.lease(5))).toEqual([0, 1]);
      await q.close();
    });
  });

  describe("one line naming RabbitMQ within 5 s, never the password", () => {
    const secret = "s3cret-pw";

    async function refusedFor(url: string): Promise<Error> {
      const error = await refusedOpen(AmqpQueue.open({ url }), /RabbitMQ/, secret);
      return error;
    }

    it("when nothing listens", async () => {
      const error = await refusedFor(`amqp://guest:${secret}@127.0.0.1:1/%2F?queue=x`);
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toBe("cannot reach RabbitMQ at 127.0.0.1:1: connection refused");
    });

    it("when the server never answers", async () => {
      const sockets: Socket[] = [];
      const { server, port } = await listen((socket) => sockets.push(socket));
      try {
        const error = await refusedFor(`amqp://guest:${secret}@127.0.0.1:${port}/%2F?queue=x`);
        expect(error.message).toBe(`RabbitMQ at 127.0.0.1:${port} did not answer within 4 s`);
      } finally {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
    }, 10_000);

    it("for a wrong password", async () => {
      const url = queueUrl("x").replace(/\/\/[^@]*@/, `//guest:${secret}@`);
      const error = await refusedFor(url);
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toMatch(
        /refused the login of user "guest": wrong user name or password$/,
      );
    });

    it("for TLS to a port that talks plain AMQP", async () => {
      const url = queueUrl("x").replace(/^amqp:\/\/[^@]*@/, `amqps://guest:${secret}@`);
      const error = await refusedFor(url);
      expect(error.message).toMatch(/: TLS failed \(amqps:\/\/ to a port without TLS\?\)$/);
    });

    it("for a vhost that does not exist", async () => {
      const url = queueUrl("x").replace(/\/(%2F|[^/?]*)\?/, "/no-such-vhost?");
      const error = await refusedFor(url);
      expect(error.message).toMatch(/refused vhost "no-such-vhost" to user "guest"/);
    });

    const rabbitmqctl = "/usr/sbin/rabbitmqctl";
    const user = "swarm-stress-test-noperm";
    const canManage = existsSync(rabbitmqctl) && process.getuid?.() === 0;
    describe.skipIf(!canManage)("for a user without permission on the queue", () => {
      // Not blocking: the tests beside these measure time. Each call starts an Erlang VM, a
      // second or two of CPU, so the user is only deleted first when an earlier run left it.
      const ctl = (...args: string[]) =>
        promisify(execFile)(rabbitmqctl, args, { timeout: 30_000 });
      beforeAll(async () => {
        try {
          await ctl("add_user", user, secret);
        } catch {
          await ctl("delete_user", user);
          await ctl("add_user", user, secret);
        }
        await ctl("set_permissions", "-p", "/", user, "^$", "^$", "^$");
      }, 60_000);
      afterAll(async () => {
        await ctl("delete_user", user);
      }, 30_000);

      it("names the refusal and the user", async () => {
        const url = queueUrl(freshQueueName("perm")).replace(/\/\/[^@]*@/, `//${user}:${secret}@`);
        const error = await refusedFor(url);
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error.message).toMatch(/ACCESS_REFUSED - access to queue .* refused for user/);
      });
    });
  });

  describe("RabbitMQ going away mid-run", () => {
    it("fails every waiting and later call with one line naming RabbitMQ", async () => {
      // A proxy in front of the real server, so the test can cut the connection itself.
      const target = parseAmqpQueueUrl(queueUrl("x"));
      const proxy = await holdingProxy(target.host, target.port);
      const url = fresh("lost").replace(`:${target.port}/`, `:${proxy.port}/`);
      const q = await AmqpQueue.open({ url });
      try {
        await q.enqueue(testMessages(0, 2));
        const polling = q.lease(5, { waitMs: 5_000 });
        expect(seqs(await polling)).toEqual([0, 1]);
        const waiting = q.lease(5, { waitMs: 5_000 });
        waiting.catch(() => {});
        proxy.cut();
        const error = await rejection(waiting);
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error.message).toMatch(/^lost RabbitMQ at 127\.0\.0\.1:\d+: /);
        await expect(q.depth()).rejects.toThrow(error.message);
      } finally {
        await q.close();
        proxy.close();
      }
    });
  });
});
