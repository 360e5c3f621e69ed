import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, RuntimeError } from "../../src/errors.js";
import type { Lease } from "../../src/queue/driver.js";
import { NatsQueue } from "../../src/queue/nats/nats.js";
import { openQueue } from "../../src/queue/open-queue.js";
import {
  describeQueueConformance,
  manualClock,
  seqs,
  sleep,
  testMessage,
  testMessages,
} from "../conformance/queue-conformance.js";
import { holdingProxy, rejection } from "../support/driver-checks.js";
import {
  closedPort,
  freshNatsStream,
  NATS_SERVER,
  NATS_TEST_PASSWORD,
  NATS_URL,
  natsAvailable,
  natsStreamUrl,
  startNatsServer,
} from "../support/nats.js";

/** Queues this file made, purged at the end. */
const made: string[] = [];

function fresh(label?: string): { stream: string; url: string } {
  const stream = freshNatsStream(label);
  made.push(stream);
  return { stream, url: natsStreamUrl(stream) };
}

describe.skipIf(!natsAvailable)("NATS JetStream queue", () => {
  afterAll(async () => {
    for (const stream of made) await NatsQueue.purge(NATS_URL, stream);
  });

  describeQueueConformance(
    "nats",
    async (options) => NatsQueue.open({ url: fresh().url, ...options }),
    { memoryBoundMessages: 10_000, concurrent: true },
  );

  describe("on the broker's clock (no injected clock)", () => {
    it("nacks with JetStream's nak with delay: back no earlier than retryAt, with its changes", async () => {
      const q = await NatsQueue.open({ url: fresh().url, visibilityMs: 5_000 });
      await q.enqueue([testMessage(0)]);
      const [lease] = await q.lease(1);
      if (!lease) throw new Error("expected a lease");
      const retryAt = Date.now() + 300;
      const message = { ...lease.message, recipients: ["Agent-9"], lastError: "offline" };
      await q.nack({ message, token: lease.token }, retryAt);
      expect(await q.depth()).toEqual({ ready: 0, delayed: 1, leased: 0, deadLettered: 0 });
      expect(await q.nextRetryAt()).toBe(retryAt);
      expect(await q.lease(1)).toEqual([]);
      const [again] = await q.lease(1, { waitMs: 3_000 });
      expect(Date.now()).toBeGreaterThanOrEqual(retryAt);
      expect(again?.message).toMatchObject({
        id: "m0",
        attempts: 2,
        recipients: ["Agent-9"],
        lastError: "offline",
        enqueuedAt: retryAt,
      });
      await q.ack([again as Lease]);
      expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      await q.close();
    });

    it("hands a gone process's lease out again after AckWait, its hand-out counted", async () => {
      const { url } = fresh();
      const first = await NatsQueue.open({ url, visibilityMs: 300 });
      await first.enqueue(testMessages(0, 2));
      const held = await first.lease(2);
      const leasedAt = Date.now();
      expect(seqs(held)).toEqual([0, 1]);
      await first.ack([held[1] as Lease]);
      await first.close(); // m0 still leased, as a killed process would leave it
      const second = await NatsQueue.open({ url, visibilityMs: 300, resume: true });
      const [again] = await second.lease(5, { waitMs: 3_000 });
      expect(again?.message).toMatchObject({ seq: 0, attempts: 2 });
      expect(Date.now() - leasedAt).toBeGreaterThanOrEqual(290); // AckWait, less rounding
      await second.ack([again as Lease]);
      expect(await second.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      await second.close();
    });

    it("keeps a nack's changes and delay for the process that resumes", async () => {
      const { url } = fresh();
      const first = await NatsQueue.open({ url });
      await first.enqueue([testMessage(0)]);
      const [lease] = await first.lease(1);
      if (!lease) throw new Error("expected a lease");
      lease.message.attempts = 3;
      lease.message.recipients = ["Agent-5"];
      lease.message.lastError = "busy";
      await first.nack(lease, Date.now() + 200);
      await first.close();
      const second = await NatsQueue.open({ url, resume: true });
      const [again] = await second.lease(1, { waitMs: 3_000 });
      expect(again?.message).toMatchObject({
        attempts: 4,
        recipients: ["Agent-5"],
        lastError: "busy",
      });
      await second.deadLetter(again as Lease, "gave up");
      const [letter] = await second.deadLetters(5);
      expect(letter).toMatchObject({ error: "gave up", message: { seq: 0, attempts: 4 } });
      await second.close();
    });

    it("keeps a lease longer than AckWait alive with progress acks", async () => {
      // AckWait 600 ms, a progress ack every 200 ms: a timer would have to be 400 ms late to
      // let it lapse (at 200 ms, one 130 ms late did, once, beside the whole suite).
      const q = await NatsQueue.open({ url: fresh().url, visibilityMs: 600 });
      await q.enqueue([testMessage(0)]);
      const [lease] = await q.lease(1, { visibilityMs: 10_000 });
      await sleep(2_000); // more than three AckWaits
      expect(await q.lease(1)).toEqual([]);
      await q.ack([lease as Lease]);
      expect(await q.depth()).toMatchObject({ ready: 0, leased: 0 });
      await q.close();
    });
  });

  describe("declared: what JetStream does differently", () => {
    it("hands a returning message out ahead of its priority's messages never handed out", async () => {
      const clock = manualClock();
      const q = await NatsQueue.open({ url: fresh().url, now: clock.now });
      await q.enqueue(testMessages(0, 4));
      const [m0, m1] = await q.lease(2);
      await q.ack([m0 as Lease]);
      await q.nack(m1 as Lease, clock.now() + 10);
      clock.advance(10);
      // JetStream serves a consumer's redeliveries first: m1 comes back before m2 and m3. (The
      // Redis and SQLite drivers put it at the end of its line: 2, 3, 1.) Priority still wins.
      await q.enqueue([testMessage(4, 5)]);
      expect(seqs(await q.lease(4))).toEqual([4, 1, 2, 3]);
      await q.close();
    });
  });

  describe("runs never mix", () => {
    it("refuses a queue an earlier run left messages or dead letters in, until purged", async () => {
      const { url, stream } = fresh();
      const first = await NatsQueue.open({ url });
      await first.enqueue(testMessages(0, 2));
      const [lease] = await first.lease(1);
      await first.deadLetter(lease as Lease, "no");
      await first.close();
      const refused = await rejection(NatsQueue.open({ url }));
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused.message).toBe(
        `NATS stream ${stream} at 127.0.0.1:4222 still holds 1 message(s) from an earlier run: resume that run (run --resume), purge the queue (swarm-stress queue purge URL) or use another stream`,
      );
      const resumed = await NatsQueue.open({ url, resume: true });
      expect(await resumed.depth()).toEqual({ ready: 1, delayed: 0, leased: 0, deadLettered: 1 });
      await resumed.ack(await resumed.lease(5));
      await resumed.close();
      expect((await rejection(NatsQueue.open({ url }))).message).toMatch(
        /holds 1 dead letter\(s\) from an earlier run/,
      );
      expect(await NatsQueue.purge(url)).toBe(3);
      expect(await NatsQueue.purge(url)).toBe(0);
      const clean = await NatsQueue.open({ url });
      expect(await clean.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
      await clean.close();
    });

    it("refuses a stream of that name that is not a queue's", async () => {
      const { stream, url } = fresh();
      const { connect } = await import("@nats-io/transport-node");
      const { jetstreamManager } = await import("@nats-io/jetstream");
      const nc = await connect({ servers: "127.0.0.1:4222" });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: stream, subjects: [`someone.${stream}`] });
      await nc.close();
      const refused = await rejection(NatsQueue.open({ url }));
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused.message).toMatch(/exists and is not a swarm-stress queue's/);
    });
  });

  describe("connecting", () => {
    it("opens through openQueue for a nats:// setting", async () => {
      const q = await openQueue({ driver: fresh().url, capacity: 3, visibilityMs: 1_000 });
      expect(q.name).toBe("nats");
      expect(q.capacity).toBe(3);
      await q.close();
    });

    it("fails within 5 s in one line naming NATS when nothing answers", async () => {
      const port = await closedPort();
      const started = Date.now();
      const error = await rejection(NatsQueue.open({ url: `nats://u:hunter2@127.0.0.1:${port}` }));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toBe(`cannot connect to NATS at 127.0.0.1:${port}: connection refused`);
    });
  });

  describe("NATS going away mid-run", () => {
    /**
     * A queue behind a proxy to the real server, which the test can make stop answering, then
     * cut, and let reconnect (`reopen`) or not; `cutAck` leaves an ack whose flush waits for a
     * pong that never comes, and is failed by the client the moment the connection drops,
     * before its reconnects succeed or fail.
     */
    async function queueBehindProxy(reopen: boolean) {
      const shared = new URL(NATS_URL);
      const proxy = await holdingProxy(shared.hostname, Number(shared.port));
      const q = await NatsQueue.open({
        url: fresh("lost").url.replace(`:${shared.port}?`, `:${proxy.port}?`),
      });
      // The ack in an object: an async function's promise would wait for a promise returned.
      const cutAck = async (): Promise<{ acking: Promise<void> }> => {
        await q.enqueue([testMessage(0)]);
        const leases = await q.lease(1, { waitMs: 1_000 });
        expect(seqs(leases)).toEqual([0]);
        proxy.hold();
        const acking = q.ack(leases);
        acking.catch(() => {});
        await sleep(50);
        if (!reopen) proxy.close();
        proxy.cut();
        return { acking };
      };
      return { q, port: proxy.port, cutAck, stop: proxy.close };
    }

    it("fails a call the disconnect cut off with the lost-NATS line once the reconnects fail", async () => {
      const { q, port, cutAck } = await queueBehindProxy(false);
      try {
        const error = await rejection((await cutAck()).acking);
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error.message).toBe(
          `lost NATS at 127.0.0.1:${port}: connection refused (reconnects failed for 5 s)`,
        );
        await expect(q.depth()).rejects.toThrow(error.message);
      } finally {
        await q.close();
      }
    }, 20_000);

    it("fails such a call as soon as the client reconnects, naming NATS and the cause", async () => {
      const { q, port, cutAck, stop } = await queueBehindProxy(true);
      try {
        const { acking } = await cutAck();
        const started = Date.now();
        const error = await rejection(acking);
        // A reconnect is tried every 500 ms: not the 7 s a call waits at most.
        expect(Date.now() - started).toBeLessThan(3_000);
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error.message).toBe(`NATS at 127.0.0.1:${port} failed: connection disconnected`);
      } finally {
        await q.close();
        stop();
      }
    }, 20_000);
  });
});

describe.skipIf(NATS_SERVER === undefined)("a NATS server of the test's own", () => {
  it("refuses a wrong password within 5 s in one line naming NATS, never the password", async () => {
    const server = await startNatsServer(true);
    const { port } = server;
    try {
      await server.ready;
      const started = Date.now();
      const error = await rejection(
        NatsQueue.open({ url: `nats://swarm:wrong-pw@127.0.0.1:${port}` }),
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error?.message).toBe(
        `cannot connect to NATS at 127.0.0.1:${port}: the server refused the user name or password (Authorization Violation)`,
      );
      expect(error?.message).not.toContain("wrong-pw");
      const q = await NatsQueue.open({
        url: `nats://swarm:${NATS_TEST_PASSWORD}@127.0.0.1:${port}?stream=auth`,
      });
      await q.enqueue([testMessage(0)]);
      expect(seqs(await q.lease(1))).toEqual([0]);
      await q.close();
    } finally {
      await server.stop();
    }
  });

  it("refuses a server without JetStream in one line saying so", async () => {
    const server = await startNatsServer(false, false);
    try {
      await server.ready;
      const error = await rejection(NatsQueue.open({ url: `nats://127.0.0.1:${server.port}` }));
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toBe(
        `NATS at 127.0.0.1:${server.port} has no JetStream: start nats-server with -js`,
      );
    } finally {
      await server.stop();
    }
  });
});
