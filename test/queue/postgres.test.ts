import { execFileSync } from "node:child_process";
import type { Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, RuntimeError } from "../../src/errors.js";
import { type Lease, outstanding } from "../../src/queue/driver.js";
import { openQueue } from "../../src/queue/open-queue.js";
import { PostgresQueue } from "../../src/queue/postgres/postgres.js";
import {
  describeQueueConformance,
  expectLargeBatchInOrder,
  manualClock,
  seqs,
  testMessage,
  testMessages,
} from "../conformance/queue-conformance.js";
import {
  expectCrashedHoldersCounted,
  holdingProxy,
  listen,
  refusedOpen,
  rejection,
} from "../support/driver-checks.js";
import { freshQueueName, POSTGRES_URL, postgresAvailable, queueUrl } from "../support/postgres.js";

/** The schema this file's queues live in, apart from the default one the CLI tests use. */
const SCHEMA_NAME = "swarm_stress_test";
const SCHEMA = `&schema=${SCHEMA_NAME}`;

function fresh(label?: string): string {
  return queueUrl(freshQueueName(label), SCHEMA);
}

/**
 * A server that speaks just enough of PostgreSQL's protocol to ask for a password and refuse it
 * as a server with password authentication does (SQLSTATE 28P01): the shared server trusts
 * every local connection, so it never refuses one.
 */
function refusingServer(socket: Socket): void {
  let startup = true;
  socket.on("data", (data) => {
    if (startup && data.readInt32BE(4) === 80_877_103) {
      socket.write("N"); // no TLS
      return;
    }
    if (startup) {
      startup = false;
      const ask = Buffer.alloc(9);
      ask.write("R", 0);
      ask.writeInt32BE(8, 1);
      ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
      socket.write(ask);
      return;
    }
    const fields = Buffer.from(
      'SFATAL\0C28P01\0Mpassword authentication failed for user "root"\0\0',
      "latin1",
    );
    const refusal = Buffer.alloc(5);
    refusal.write("E", 0);
    refusal.writeInt32BE(4 + fields.length, 1);
    socket.end(Buffer.concat([refusal, fields]));
  });
  socket.on("error", () => {});
}

/**
 * pg's warning that a statement was sent on a connection still running another, which pg 8
 * queues and pg 9 refuses. Node warns once per process: heard from the start of this file.
 */
const overlapping: string[] = [];
function onWarning(warning: Error): void {
  if (/already executing a query/.test(warning.message)) overlapping.push(warning.message);
}

/**
 * After the conformance suite (one driver at a time: a manual clock takes the schema's clock
 * over), the driver's own tests run side by side, each on queues of its own: they wait on
 * PostgreSQL and on timeouts, not on the CPU.
 */
const CONCURRENT = { concurrent: true };

describe.skipIf(!postgresAvailable)("PostgreSQL queue", () => {
  beforeAll(() => {
    process.on("warning", onWarning);
  });
  afterAll(() => {
    process.off("warning", onWarning);
  });

  // Purging queue by queue drops each one's tables (most of a second each, taking locks that
  // keep purges from running side by side): the schema of this file's own goes in one statement.
  afterAll(async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA_NAME} CASCADE`);
    } finally {
      await client.end();
    }
  });

  describeQueueConformance(
    "postgres (pg-boss)",
    async (options) => PostgresQueue.open({ url: fresh(), ...options }),
    { memoryBoundMessages: 10_000 },
  );

  it("never sends a statement on a connection still running one (pg 9 refuses it)", async () => {
    // A manual clock: every new connection runs the clock's session setup before its first
    // statement. Calls side by side, so that the pool opens several.
    const clock = manualClock();
    const q = await PostgresQueue.open({ url: fresh("serial"), now: clock.now });
    try {
      await Promise.all([q.enqueue(testMessages(0, 4)), q.depth(), q.nextRetryAt(), q.snapshot()]);
      const [a, b, c, d] = (await q.lease(4)) as [Lease, Lease, Lease, Lease];
      await Promise.all([
        q.ack([a]),
        q.nack(b, clock.now() + 10),
        q.deadLetter(c, "gave up"),
        q.lease(1, { waitMs: 20 }),
        q.depth(),
      ]);
      await q.ack([d]);
    } finally {
      await q.close();
    }
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted a tick later
    // Every driver this file opened so far, the conformance suite's too.
    expect(overlapping).toEqual([]);
  });

  // Before the tests that run side by side: its manual clock takes the schema's clock over.
  describe("runs never mix", () => {
    it(
      "refuses a queue an earlier run left messages in, and purge clears it",
      CONCURRENT,
      async () => {
        const url = fresh("left");
        const first = await PostgresQueue.open({ url });
        await first.enqueue(testMessages(0, 3));
        await first.close();
        const refused = await rejection(PostgresQueue.open({ url }));
        expect(refused).toBeInstanceOf(ConfigError);
        expect(refused.message).toMatch(
          /still holds 3 message\(s\) from an earlier run: resume that run \(run --resume\), purge it/,
        );
        expect(await PostgresQueue.purge(url)).toBe(3);
        expect(await PostgresQueue.purge(url)).toBe(0); // nothing left, and no error
        const again = await PostgresQueue.open({ url });
        expect(await again.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
        await again.close();
      },
    );

    it("refuses a queue holding an earlier run's dead letters", CONCURRENT, async () => {
      const url = fresh("dead");
      const first = await PostgresQueue.open({ url });
      await first.enqueue([testMessage(0)]);
      await first.deadLetter((await first.lease(1))[0] as Lease, "gave up");
      await first.close();
      const refused = await rejection(PostgresQueue.open({ url }));
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused.message).toMatch(/holds 1 dead letter\(s\) from an earlier run: purge it/);
    });

    it("keeps what a closed run left, nacked updates and retry times too, for one that resumes", async () => {
      const clock = manualClock();
      const url = fresh("resume");
      const first = await PostgresQueue.open({ url, now: clock.now });
      await first.enqueue([testMessage(0, 1), testMessage(1, 1)]);
      const [lease] = await first.lease(1);
      const updated = { ...(lease as Lease).message, recipients: ["Agent-9"], lastError: "busy" };
      await first.nack({ message: updated, token: (lease as Lease).token }, clock.now() + 500);
      expect(seqs(await first.lease(1))).toEqual([1]); // held when the run ends
      await first.close();

      const second = await PostgresQueue.open({ url, now: clock.now, resume: true });
      try {
        expect(await second.depth()).toEqual({ ready: 1, delayed: 1, leased: 0, deadLettered: 0 });
        // The closed run held m1: failed back on resume, its hand-out counts.
        const [ready] = await second.lease(5);
        expect(ready?.message).toMatchObject({ id: "m1", attempts: 2 });
        expect(await second.nextRetryAt()).toBe(clock.now() + 500);
        clock.advance(500);
        const [retried] = await second.lease(5);
        expect(retried?.message).toMatchObject({
          id: "m0",
          recipients: ["Agent-9"],
          lastError: "busy",
          attempts: 2,
          enqueuedAt: clock.now(),
          acceptedAt: clock.now() - 500,
        });
        await second.ack([ready as Lease, retried as Lease]);
        expect(outstanding(await second.depth())).toBe(0);
      } finally {
        await second.close();
      }
    });
  });

  it("takes a batch larger than one insert whole and in order", {
    ...CONCURRENT,
    timeout: 60_000,
  }, async () => {
    const q = await PostgresQueue.open({ url: fresh("large"), capacity: 20_000 });
    try {
      await expectLargeBatchInOrder(q, 12_000, 10_000);
    } finally {
      await q.close();
    }
  });

  it(
    "counts a hand-out for every run that died holding a message, and keeps the count",
    CONCURRENT,
    async () => {
      const url = fresh("crashes");
      await expectCrashedHoldersCounted((resume) => PostgresQueue.open({ url, resume }));
    },
  );

  describe("opened through openQueue", CONCURRENT, () => {
    it("opens a postgres:// setting with the run's capacity", async () => {
      const q = await openQueue({ driver: fresh("open"), capacity: 3, visibilityMs: 1_000 });
      expect(q.name).toBe("postgres");
      expect(q.capacity).toBe(3);
      await q.enqueue(testMessages(0, 2));
      expect(seqs(await q.lease(5))).toEqual([0, 1]);
      await q.close();
    });
  });

  describe("PostgreSQL going away mid-run", CONCURRENT, () => {
    it("fails the call that meets it and every later one with one line naming PostgreSQL", async () => {
      // A proxy in front of the real server, so the test can cut the connections itself.
      const target = new URL(POSTGRES_URL);
      const proxy = await holdingProxy(target.hostname, Number(target.port || 5432));
      const url = fresh("lost").replace(`:${target.port || 5432}/`, `:${proxy.port}/`);
      const q = await PostgresQueue.open({ url });
      try {
        await q.enqueue(testMessages(0, 2));
        expect(seqs(await q.lease(5))).toEqual([0, 1]);
        proxy.close(); // no new connections either
        proxy.cut();
        const error = await rejection(q.depth());
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error.message).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+/);
        expect(error.message.split("\n")).toHaveLength(1);
        await expect(q.enqueue([testMessage(2)])).rejects.toThrow(error.message);
        await expect(q.lease(1, { waitMs: 1_000 })).rejects.toThrow(error.message);
      } finally {
        await q.close();
        proxy.close();
      }
    }, 20_000);
  });

  // Apart from the tests above, whose CPU would count against these bounds on time.
  it("has heard no overlapping statements from the tests above either", () => {
    expect(overlapping).toEqual([]);
  });

  describe("one line naming PostgreSQL within 5 s, never the password", CONCURRENT, () => {
    const secret = "s3cret-pw";

    async function refusedFor(url: string): Promise<Error> {
      const error = await refusedOpen(PostgresQueue.open({ url }), /PostgreSQL/, secret);
      expect(error).toBeInstanceOf(RuntimeError);
      return error;
    }

    it("when nothing listens", async () => {
      const error = await refusedFor(`postgres://root:${secret}@127.0.0.1:1/test?queue=x`);
      expect(error.message).toBe("cannot reach PostgreSQL at 127.0.0.1:1: connection refused");
    });

    it("when the server never answers", async () => {
      const sockets: Socket[] = [];
      const { server, port } = await listen((socket) => sockets.push(socket));
      try {
        const error = await refusedFor(`postgres://root:${secret}@127.0.0.1:${port}/test`);
        expect(error.message).toBe(`PostgreSQL at 127.0.0.1:${port} did not answer within 4 s`);
      } finally {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
    }, 10_000);

    it("for a wrong password", async () => {
      const { server, port } = await listen(refusingServer);
      try {
        const error = await refusedFor(`postgres://root:${secret}@127.0.0.1:${port}/test`);
        expect(error.message).toBe(
          `PostgreSQL at 127.0.0.1:${port} refused the login of user "root": wrong user name or password`,
        );
      } finally {
        server.close();
      }
    });

    it("for a database that does not exist", async () => {
      const url = fresh("nodb").replace(/\/test\?/, "/no_such_database_here?");
      const error = await refusedFor(url.replace("root@", `root:${secret}@`));
      expect(error.message).toMatch(/: database "no_such_database_here" does not exist$/);
    });

    describe("for a user without permission to install pg-boss", () => {
      const user = "swarm_stress_test_noperm";
      const psql = (sql: string) =>
        execFileSync("psql", ["-h", "127.0.0.1", "-d", "test", "-qAtc", sql], {
          stdio: "ignore",
          timeout: 10_000,
        });
      let canManage = true;
      beforeAll(() => {
        try {
          psql(`DROP ROLE IF EXISTS ${user}; CREATE ROLE ${user} LOGIN`);
        } catch {
          canManage = false;
        }
      });
      afterAll(() => {
        if (canManage) psql(`DROP ROLE IF EXISTS ${user}`);
      });

      it("names the refusal and the user", async (context) => {
        if (!canManage) context.skip();
        const url = fresh("perm").replace(/\/\/root@/, `//${user}:${secret}@`);
        const error = await refusedFor(url.replace(SCHEMA, "&schema=swarm_stress_noperm"));
        expect(error.message).toMatch(/permission denied .*user "swarm_stress_test_noperm" needs/);
      });
    });
  });
});
