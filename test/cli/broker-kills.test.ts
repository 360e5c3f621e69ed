/**
 * kill -9 of a run of the built CLI part-way, on each broker: what the broker keeps (every
 * message the core had not received, for a purge or a resumed queue), and `run --resume`
 * draining it with every message accounted for. System tests (test/setup/project-files.ts):
 * the refusals, runs, Ctrl-C and inspection of each broker are in its own file.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmqpQueue } from "../../src/queue/amqp/amqp.js";
import { BullmqQueue } from "../../src/queue/bullmq/bullmq.js";
import type { QueueDriver } from "../../src/queue/driver.js";
import { NatsQueue } from "../../src/queue/nats/nats.js";
import { PostgresQueue } from "../../src/queue/postgres/postgres.js";
import {
  amqpAvailable,
  queueUrl as amqpUrl,
  freshQueueName as freshAmqp,
} from "../support/amqp.js";
import { expectResumeAccountsForAll } from "../support/broker-resume.js";
import { FIXTURES, requireBuiltCli, startCli, untilLines } from "../support/built-cli.js";
import { bullmqAvailable, bullmqUrl, freshQueueName as freshBullmq } from "../support/bullmq.js";
import { cli, oneLine } from "../support/cli-in-process.js";
import { drainQueue } from "../support/drain-queue.js";
import {
  journalledRun,
  journalledSeqs,
  missingSeqs,
  untilUnderWay,
} from "../support/journalled-run.js";
import { freshNatsStream, NATS_URL, natsAvailable, natsStreamUrl } from "../support/nats.js";
import {
  freshQueueName as freshPostgres,
  postgresAvailable,
  queueUrl as postgresUrl,
} from "../support/postgres.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-broker-kills-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The suites wait on the brokers and on child processes, not on the CPU, each on queues of its
 * own: they run at once.
 */
const CONCURRENT = { concurrent: true };

/**
 * kill -9 a run of 2,000 journalled messages on `url` once it is well under way; a new run on
 * the queue is then refused rather than mixed in, naming what the queue still holds. Returns
 * the messages the core received.
 */
async function killedUnderWay(url: string, label: string): Promise<Set<number>> {
  const journal = join(dir, `${label}-journal.txt`);
  const run = journalledRun(url, dir, journal);
  await untilUnderWay(journal, run);
  run.child.kill("SIGKILL");
  expect((await run.exited).signal, run.stderr()).toBe("SIGKILL");
  const journalled = journalledSeqs(journal);
  expect(journalled.size).toBeGreaterThanOrEqual(100);
  expect(journalled.size).toBeLessThan(2_000);

  const refused = await cli(["run", "--queue", url, "--no-progress"], dir);
  expect(refused.status).toBe(2);
  expect(oneLine(refused.stderr)).toMatch(/still holds \d+ message\(s\) from an earlier run/);
  return journalled;
}

/** Every message `queue` hands out until it is empty, by seq to its hand-outs; then closed. */
async function drained(queue: QueueDriver): Promise<Map<number, number>> {
  const kept = new Map<number, number>();
  try {
    for (const { message } of await drainQueue(queue)) kept.set(message.seq, message.attempts);
    expect(await queue.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
  } finally {
    await queue.close();
  }
  return kept;
}

describe.skipIf(!redisAvailable)("a run on a Redis Streams queue killed with SIGKILL", () => {
  const url = streamUrl(freshStream("resume"));
  afterAll(async () => {
    await cli(["queue", "purge", url], dir); // the stream and the run ledger's keys
  });

  it("and rerun with --resume drains what Redis kept: every message accounted for, by the receiver's journal", async () => {
    await expectResumeAccountsForAll(url, dir);
  }, 60_000);
});

describe.skipIf(!natsAvailable)(
  "a run on a NATS JetStream queue killed with SIGKILL",
  CONCURRENT,
  () => {
    const made: string[] = [];
    const freshUrl = (label: string) => {
      const stream = freshNatsStream(label);
      made.push(stream);
      return natsStreamUrl(stream);
    };
    afterAll(async () => {
      for (const stream of made) await NatsQueue.purge(NATS_URL, stream);
    });

    it("loses nothing: what the core had not received, the broker still holds", async () => {
      const url = freshUrl("kill");
      const receipts = join(dir, "receipts.txt");
      const run = startCli(
        [
          ...["run", "--queue", url, "--core", join(FIXTURES, "cores", "receipts.js")],
          ...["--agents", "4", "--messages-per-agent", "500", "--types", "direct"],
          ...["--batch-size", "10", "--interval", "20ms", "--visibility-timeout", "500ms"],
          "--no-progress",
        ],
        dir,
        { RECEIPTS_FILE: receipts },
      );
      await untilLines(receipts, 50, run);
      run.child.kill("SIGKILL");
      await run.exited;
      const delivered = readFileSync(receipts, "utf8").trim().split("\n").map(Number);
      expect(delivered.length).toBeGreaterThan(10);

      // The rerun: a process that resumes the queue drains what the broker kept, the killed
      // run's leases once their AckWait has passed.
      const kept = await drained(await NatsQueue.open({ url, resume: true, visibilityMs: 500 }));
      expect(kept.size).toBeGreaterThan(0);
      // The producer stores in order: every message up to the last one seen was accepted, so
      // each was either received by the core or is still in the broker.
      expect(missingSeqs(new Set(delivered), kept.keys())).toEqual([]);
    }, 60_000);

    it("and rerun with --resume drains what the broker kept: every message accounted for", async () => {
      const url = freshUrl("resume");
      await expectResumeAccountsForAll(url, dir);
      // A purge forgets the run the broker kept beside the queue, not only its messages.
      expect((await cli(["queue", "purge", url], dir)).status).toBe(0);
      const gone = await cli(["run", "--queue", url, "--resume", "--no-progress"], dir);
      expect(gone.status).toBe(2);
      expect(gone.stderr).toMatch(/_RUN at 127\.0\.0\.1:4222 holds no run to resume/);
    }, 60_000);
  },
);

describe.skipIf(!amqpAvailable)("a run on RabbitMQ killed with SIGKILL", CONCURRENT, () => {
  const killed = amqpUrl(freshAmqp("kill"));
  const resumed = amqpUrl(freshAmqp("resume"));
  afterAll(async () => {
    // The queues and the run ledgers beside them.
    for (const url of [killed, resumed]) await cli(["queue", "purge", url], dir);
  });

  it("leaves every message it did not deliver in RabbitMQ, for a purge or a resumed queue", async () => {
    const journalled = await killedUnderWay(killed, "amqp");
    const kept = await drained(await AmqpQueue.open({ url: killed, resume: true }));
    // Publishing is in order on one channel: if seq N reached RabbitMQ, every earlier one did.
    expect(missingSeqs(journalled, kept.keys())).toEqual([]);
    // Copies the killed run held come back redelivered: one hand-out counted for each.
    expect([...kept.values()].every((attempts) => attempts >= 2)).toBe(true);
  }, 60_000);

  it("and rerun with --resume drains what the broker kept: every message accounted for, by the receiver's journal", async () => {
    await expectResumeAccountsForAll(resumed, dir);
  }, 60_000);
});

describe.skipIf(!bullmqAvailable)("a run on BullMQ killed with SIGKILL", CONCURRENT, () => {
  const killed = bullmqUrl(freshBullmq("kill"));
  const resumed = bullmqUrl(freshBullmq("resume"));
  afterAll(async () => {
    // The queues and the run ledgers beside them.
    for (const url of [killed, resumed]) await cli(["queue", "purge", url], dir);
  });

  it("leaves every message it did not deliver in BullMQ", async () => {
    const journalled = await killedUnderWay(killed, "bullmq");
    // Every job BullMQ holds, the ones the killed run held (still active) included.
    const q = await BullmqQueue.open({ url: killed, resume: true });
    const held = new Set((await q.snapshot()).map((message) => message.seq));
    await q.close();
    // addBulk is one transaction per call, in order: if seq N reached Redis, every earlier one did.
    expect(missingSeqs(journalled, held)).toEqual([]);
    expect(await BullmqQueue.purge(killed)).toBe(held.size);
  }, 60_000);

  it("and rerun with --resume drains what the broker kept, the killed run's active jobs too: every message accounted for", async () => {
    await expectResumeAccountsForAll(resumed, dir);
  }, 60_000);
});

describe.skipIf(!postgresAvailable)("a run on PostgreSQL killed with SIGKILL", CONCURRENT, () => {
  const killed = postgresUrl(freshPostgres("kill"));
  const resumed = postgresUrl(freshPostgres("resume"));
  afterAll(async () => {
    // The queues and the run ledgers' rows.
    for (const url of [killed, resumed]) await cli(["queue", "purge", url], dir);
  });

  it("leaves every message it did not deliver in PostgreSQL, for a purge or a resumed queue", async () => {
    const journalled = await killedUnderWay(killed, "postgres");
    const kept = await drained(await PostgresQueue.open({ url: killed, resume: true }));
    // Inserts are in order on one connection: if seq N was committed, every earlier one was.
    expect(missingSeqs(journalled, kept.keys())).toEqual([]);
  }, 60_000);

  it("and rerun with --resume drains what the broker kept: every message accounted for, by the receiver's journal", async () => {
    await expectResumeAccountsForAll(resumed, dir);
  }, 60_000);
});
