/**
 * Question 19, the PostgreSQL queue: how many messages a second go through the PostgreSQL
 * driver (enqueue, lease, ack), beside pg-boss's own insert, fetch and complete of the same job
 * data in the same run. Needs a PostgreSQL: `POSTGRES_URL`, else
 * postgres://root@127.0.0.1:5432/test; skips with a line saying so when none answers. Both
 * sides work in a schema of their own, dropped at the end. Run alone with
 * `npx tsx bench/postgres-queue.ts`.
 *
 * Raw: pg-boss started as the driver starts it (no supervisor, no schedules), a new queue per
 * round created with the driver's options (ensureQueues); per batch one `insert` of the jobs
 * (data and priority, as the driver stores them), one `fetch` of the batch, one `complete` of
 * their ids: the least that gives the driver's guarantees (a message is committed before
 * enqueue resolves, handed out highest priority first, and leaves the queue once completed).
 *
 * Where the driver's semantics cost more: it stamps and builds each job's data inside the
 * timing, staggers the rows of one insert by a microsecond each (pg-boss orders one priority
 * only to the row's insert time, and the driver keeps FIFO within a priority), fails lapsed
 * leases back before each fetch, fetches with metadata (the claim count gives `attempts`),
 * sorts and decodes what it fetched, and completes each attempt by id and retry count (so a
 * stale settle never lands).
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { JobInsert } from "pg-boss";
import type { Message } from "../src/model/message.js";
import { workData } from "../src/queue/postgres/codec.js";
import { connectPostgres, type PostgresConnection } from "../src/queue/postgres/connection.js";
import { PostgresQueue } from "../src/queue/postgres/postgres.js";
import { queueNames } from "../src/queue/postgres/store.js";
import { ensureQueues } from "../src/queue/postgres/topology.js";
import { parsePostgresQueueUrl } from "../src/queue/postgres/url.js";
import { redactQueueUrl } from "../src/queue/url-redaction.js";
import {
  count,
  driverPass,
  freshName,
  interleavedRounds,
  publishShare,
  skipped,
} from "./support/broker-share.js";
import { batches, sampleMessages } from "./support/messages.js";

const POSTGRES_URL = process.env.POSTGRES_URL ?? "postgres://root@127.0.0.1:5432/test";
/** Messages per round: fewer than the other brokers', each batch being a few transactions. */
const MESSAGES = 20_000;
/** Messages per enqueue, lease and ack call, and per raw batch: the firehose's batch size. */
const BATCH = 1_000;
const ROUNDS = 5;
/** pg-boss's tables for this run only, dropped at the end. */
const SCHEMA = `swarm_stress_bench_${randomBytes(4).toString("hex")}`;

function urlFor(queue: string): string {
  return `${POSTGRES_URL.replace(/\?.*$/, "")}?queue=${queue}&schema=${SCHEMA}`;
}

/** One driver pass through every batch, on a new queue. Messages per second. */
function driverRound(label: string, chunks: readonly Message[][]): Promise<number> {
  const driver = {
    open: (url: string) => PostgresQueue.open({ url, capacity: BATCH }),
    purge: (url: string) => PostgresQueue.purge(url),
  };
  return driverPass(driver, urlFor(freshName("swarm-stress-bench", label)), chunks);
}

/**
 * The floor the driver stands on, on a new queue: per batch one insert of the jobs (built
 * beforehand, untimed), one fetch of the batch, one complete of their ids. Messages per second.
 */
async function rawRound(
  { boss }: PostgresConnection,
  label: string,
  jobs: readonly JobInsert[][],
): Promise<number> {
  const names = queueNames(freshName("swarm-stress-bench-raw", label));
  await ensureQueues(boss, names);
  try {
    let total = 0;
    const started = performance.now();
    for (const batch of jobs) {
      await boss.insert(names.work, batch);
      const fetched = await boss.fetch(names.work, { batchSize: batch.length });
      if (fetched.length !== batch.length) throw new Error("raw: lost messages");
      await boss.complete(
        names.work,
        fetched.map((job) => job.id),
      );
      total += batch.length;
    }
    const elapsed = performance.now() - started;
    return (total * 1000) / elapsed;
  } finally {
    await boss.deleteQueue(names.work);
    await boss.deleteQueue(names.dead);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  let raw: PostgresConnection;
  try {
    raw = await connectPostgres(parsePostgresQueueUrl(urlFor("swarm-stress-bench")), undefined);
  } catch (error) {
    skipped(
      "postgres-queue",
      "PostgreSQL",
      error,
      "Start one (apt-get install -y postgresql) or set POSTGRES_URL.",
    );
    return;
  }
  try {
    const firehose = sampleMessages("firehose", MESSAGES);
    const chunks = batches(firehose, BATCH);
    const jobs = batches(
      firehose.map((message, i) => ({ data: workData(message, i), priority: message.priority })),
      BATCH,
    );
    // Warm-up: JIT, the allocator and the database's caches settle before anything is timed.
    await driverRound("warm", chunks.slice(0, 3));
    await rawRound(raw, "warm", jobs.slice(0, 3));

    const rates = await interleavedRounds(ROUNDS, {
      driver: (round) => driverRound(`driver-${round}`, chunks),
      raw: (round) => rawRound(raw, `${round}`, jobs),
    });
    const { rows } = await raw.boss.getDb().executeSql("SHOW server_version");
    const version = String((rows[0] as { server_version?: unknown } | undefined)?.server_version);
    publishShare({
      name: "postgres-queue",
      subtitle: "the PostgreSQL driver beside raw pg-boss insert, fetch and complete",
      question:
        "How many messages a second go through the PostgreSQL driver (enqueue, lease, ack) on loopback, and what share of raw pg-boss insert, fetch and complete of the same job data is that?",
      started,
      driverLabel: "postgres driver",
      rawLabel: "raw insert + fetch + complete",
      driver: rates.driver,
      raw: rates.raw,
      messages: MESSAGES,
      batch: BATCH,
      rounds: ROUNDS,
      notes: [
        `PostgreSQL ${version} at ${redactQueueUrl(POSTGRES_URL)}, on the same machine (loopback), shared with this process; pg-boss's tables in a schema of the run's own, dropped at the end`,
        `postgres driver: a new queue per round, capacity ${count(BATCH)}; enqueue is one pg-boss insert of the batch, its rows a microsecond apart; lease fails lapsed leases back, then one fetch with metadata; ack is one complete of the attempts (id and retry count); job data built from each message on enqueue and decoded on lease, inside the timing`,
        `raw: the same job data built beforehand (untimed), one pg-boss instance started as the driver's is, a new queue per round with the driver's queue options; per batch one insert of ${count(BATCH)} jobs with their priority, one fetch of ${count(BATCH)}, one complete of their ids`,
      ],
    });
  } finally {
    await raw.boss
      .getDb()
      .executeSql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
      .catch(() => {});
    await raw.boss.stop({ graceful: false, close: true }).catch(() => {});
  }
}

await main();
