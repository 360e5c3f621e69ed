/**
 * Question 18, the BullMQ queue: how many messages a second go through the BullMQ driver
 * (enqueue, lease, ack), beside BullMQ's own Queue and Worker doing the same for the same job
 * data in the same run. Needs a Redis: `BULLMQ_URL`, else 127.0.0.1:6379 (database 15); skips
 * with a line saying so when none answers. Run alone with `npx tsx bench/bullmq-queue.ts`.
 *
 * Raw: on a new queue with the driver's connection (a Queue, and a Worker with no processor),
 * per batch one `Queue.addBulk` of the jobs (with their priority, one attempt, removed on
 * completion, as the driver adds them), `Worker.getNextJob` without blocking once per job, all
 * sent together, and `moveToCompleted` of each, all sent together: the least that gives the
 * driver's guarantees (priority order, a job held under a lock until completed, nothing kept
 * once completed).
 *
 * Where the driver's semantics cost more: it stamps and copies each message into its job data
 * inside the timing (raw's is built beforehand; both are JSON-encoded by BullMQ inside it),
 * moves expired leases and due retries before each lease, checks and copies each fetched job's
 * data, and keeps a lease per job for its visibility timeout.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Message } from "../src/model/message.js";
import { BullmqQueue } from "../src/queue/bullmq/bullmq.js";
import { bullmqPriority, JOB_NAME, jobData } from "../src/queue/bullmq/codec.js";
import { connectBullmq } from "../src/queue/bullmq/connection.js";
import { asRedisUrl, parseBullmqQueueUrl } from "../src/queue/bullmq/url.js";
import { connectRedis } from "../src/queue/redis/connection.js";
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

const BULLMQ_URL = process.env.BULLMQ_URL ?? "bullmq+redis://127.0.0.1:6379/15";
/** Messages per round: a round of each side takes a few seconds here. */
const MESSAGES = 30_000;
/** Messages per enqueue, lease and ack call, and per raw batch: the firehose's batch size. */
const BATCH = 1_000;
const ROUNDS = 5;

function urlFor(queue: string): string {
  return `${BULLMQ_URL.replace(/\?.*$/, "")}?queue=${queue}`;
}

/** A job as the driver adds it. */
type JobSpec = ReturnType<typeof bullmqJobs>[number];

/** The jobs of `messages`, as the driver's enqueue makes them. */
function bullmqJobs(messages: readonly Message[]) {
  return messages.map((message) => ({
    name: JOB_NAME,
    data: jobData(message, 0),
    opts: {
      priority: bullmqPriority(message.priority),
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: false,
    },
  }));
}

/** One driver pass through every batch, on a new queue. Messages per second. */
function driverRound(label: string, chunks: readonly Message[][]): Promise<number> {
  const driver = {
    open: (url: string) => BullmqQueue.open({ url, capacity: BATCH }),
    purge: (url: string) => BullmqQueue.purge(url),
  };
  return driverPass(driver, urlFor(freshName("swarm-stress-bench", label)), chunks);
}

/**
 * The floor the driver stands on, on a new queue: per batch, one addBulk of the jobs (built
 * beforehand, untimed), getNextJob once per job and moveToCompleted of each, each step's calls
 * sent together. Messages per second.
 */
async function rawRound(label: string, jobs: readonly (readonly JobSpec[])[]): Promise<number> {
  const url = parseBullmqQueueUrl(urlFor(freshName("swarm-stress-bench-raw", label)));
  const { queue, worker, close } = await connectBullmq(url, { withWorker: true });
  try {
    if (worker === undefined) throw new Error("raw: no worker");
    const token = `swarm-stress-bench-${randomUUID()}`;
    let total = 0;
    const started = performance.now();
    for (const batch of jobs) {
      await queue.addBulk(batch as JobSpec[]);
      const fetches = batch.map(() => worker.getNextJob(token, { block: false }));
      const fetched = await Promise.all(fetches);
      await Promise.all(
        fetched.map((job) => {
          if (job === undefined) throw new Error("raw: lost messages");
          return job.moveToCompleted("", token, false);
        }),
      );
      total += batch.length;
    }
    const elapsed = performance.now() - started;
    return (total * 1000) / elapsed;
  } finally {
    await close();
    await BullmqQueue.purge(url);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  let version: string;
  try {
    // The plain connection the driver hands BullMQ: no queue, so no key, is made.
    const probe = await connectRedis(asRedisUrl(parseBullmqQueueUrl(BULLMQ_URL)));
    const info = String(await probe.sendCommand(["INFO", "server"]));
    version = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
    await probe.close();
  } catch (error) {
    skipped(
      "bullmq-queue",
      "Redis for BullMQ",
      error,
      "Start one (apt-get install -y redis-server) or set BULLMQ_URL.",
    );
    return;
  }
  const firehose = sampleMessages("firehose", MESSAGES);
  const chunks = batches(firehose, BATCH);
  const jobs = batches(bullmqJobs(firehose), BATCH);
  // Warm-up: JIT, the allocator and Redis' own buffers settle before anything is timed.
  await driverRound("warm", chunks.slice(0, 5));
  await rawRound("warm", jobs.slice(0, 5));

  const rates = await interleavedRounds(ROUNDS, {
    driver: (round) => driverRound(`driver-${round}`, chunks),
    raw: (round) => rawRound(`${round}`, jobs),
  });
  publishShare({
    name: "bullmq-queue",
    subtitle: "the BullMQ driver beside raw Queue.addBulk, Worker.getNextJob and moveToCompleted",
    question:
      "How many messages a second go through the BullMQ driver (enqueue, lease, ack) on loopback, and what share of raw BullMQ (Queue.addBulk, Worker.getNextJob, moveToCompleted) of the same job data, connected as the driver connects, is that?",
    started,
    driverLabel: "bullmq driver",
    rawLabel: "raw addBulk + getNextJob + moveToCompleted",
    driver: rates.driver,
    raw: rates.raw,
    messages: MESSAGES,
    batch: BATCH,
    rounds: ROUNDS,
    notes: [
      `BullMQ on Redis ${version} at ${redactQueueUrl(BULLMQ_URL)}, on the same machine (loopback), shared with this process`,
      `bullmq driver: a new queue per round, capacity ${count(BATCH)}; enqueue is one addBulk (priority, one attempt, removed on completion); lease is getNextJob without blocking once per ready job, sent together; ack is moveToCompleted of each, sent together; job data built from each message on enqueue and checked and copied on lease, inside the timing`,
      `raw: the same job data built beforehand (untimed), a new queue per round with the driver's connection (a Queue and a Worker with no processor); per batch one addBulk of ${count(BATCH)} jobs with the same options, ${count(BATCH)} getNextJob without blocking sent together, moveToCompleted of each sent together`,
    ],
  });
}

await main();
