/**
 * Question 16, the NATS queue: how many messages a second go through the NATS JetStream driver
 * (enqueue, lease, ack), beside the same client doing the same in the plain JetStream way for
 * the same message bodies in the same run. Needs a NATS server with JetStream: `NATS_URL`,
 * else 127.0.0.1:4222; skips with a line saying so when none answers. Run alone with
 * `npx tsx bench/nats-queue.ts`.
 *
 * Raw: one work-queue stream (file storage) and one durable pull consumer with explicit acks,
 * as the driver's; per batch, every body published with `js.publish` (each awaiting its
 * JetStream ack, all sent together), one `consumer.fetch` of the batch, `ack()` of each, and a
 * flush so the server has the acks: the least that gives the driver's guarantee (a message is
 * stored before enqueue resolves, and leaves the stream only once acked).
 *
 * Where the driver's semantics cost more: it publishes in windows of 256 (its capacity check
 * runs between windows), stamps and encodes each message inside the timing, pulls with a
 * hand-made `no_wait` request per priority lane (a lease must answer at once, which `fetch`
 * does not), decodes each message and keeps a holding per lease for its visibility timeout.
 */
import { performance } from "node:perf_hooks";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Message } from "../src/model/message.js";
import { encodeNatsMessage } from "../src/queue/nats/codec.js";
import { connectNats } from "../src/queue/nats/connection.js";
import { NatsQueue } from "../src/queue/nats/nats.js";
import { parseNatsQueueUrl } from "../src/queue/nats/url.js";
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

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
/** Messages per round: a round of each side takes a few seconds here. */
const MESSAGES = 30_000;
/** Messages per enqueue, lease and ack call, and per raw fetch: the firehose's batch size. */
const BATCH = 1_000;
const ROUNDS = 5;
/** Longest wait for a raw fetch to fill its batch, ms. */
const FETCH_EXPIRES_MS = 5_000;

function urlFor(stream: string): string {
  return `${NATS_URL.replace(/\?.*$/, "")}?stream=${stream}`;
}

/** One driver pass through every batch, on a new stream. Messages per second. */
function driverRound(label: string, chunks: readonly Message[][]): Promise<number> {
  const driver = {
    open: (url: string) => NatsQueue.open({ url, capacity: BATCH }),
    purge: (url: string) => NatsQueue.purge(url),
  };
  return driverPass(driver, urlFor(freshName("ssb", label)), chunks);
}

/**
 * The floor the driver stands on, on a new work-queue stream and durable pull consumer: per
 * batch, `js.publish` of every body (encoded beforehand, untimed), each awaiting its ack, sent
 * together; one fetch of the batch; `ack()` of each, then one flush. Messages per second.
 */
async function rawRound(
  nc: NatsConnection,
  label: string,
  bodies: readonly Uint8Array[],
): Promise<number> {
  const { jetstream, jetstreamManager } = await import("@nats-io/jetstream");
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = freshName("ssb-raw", label);
  const subject = `swarm-stress-bench.${stream}`;
  await jsm.streams.add({
    name: stream,
    subjects: [subject],
    retention: "workqueue",
    storage: "file",
    num_replicas: 1,
  } as never);
  try {
    await jsm.consumers.add(stream, {
      durable_name: "raw",
      ack_policy: "explicit",
      deliver_policy: "all",
      max_ack_pending: -1,
    } as never);
    const consumer = await js.consumers.get(stream, "raw");
    const expect = { streamName: stream };
    const started = performance.now();
    for (let from = 0; from < bodies.length; from += BATCH) {
      const to = Math.min(bodies.length, from + BATCH);
      const publishes: Promise<unknown>[] = [];
      for (let i = from; i < to; i++) {
        publishes.push(js.publish(subject, bodies[i] as Uint8Array, { expect }));
      }
      await Promise.all(publishes);
      const fetched = await consumer.fetch({ max_messages: to - from, expires: FETCH_EXPIRES_MS });
      let got = 0;
      for await (const message of fetched) {
        message.ack();
        got++;
      }
      if (got !== to - from) throw new Error("raw: lost messages");
      await nc.flush();
    }
    const elapsed = performance.now() - started;
    return (bodies.length * 1000) / elapsed;
  } finally {
    await jsm.streams.delete(stream);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  let nc: NatsConnection;
  try {
    nc = await connectNats(parseNatsQueueUrl(NATS_URL));
  } catch (error) {
    skipped("nats-queue", "NATS JetStream", error, "Start one (nats-server -js) or set NATS_URL.");
    return;
  }
  try {
    const firehose = sampleMessages("firehose", MESSAGES);
    const chunks = batches(firehose, BATCH);
    const at = Date.now();
    const bodies = firehose.map((message) => encodeNatsMessage(message, at));
    // Warm-up: JIT, the allocator and the server's own buffers settle before anything is timed.
    await driverRound("warm", chunks.slice(0, 5));
    await rawRound(nc, "warm", bodies.slice(0, 5 * BATCH));

    const rates = await interleavedRounds(ROUNDS, {
      driver: (round) => driverRound(`driver-${round}`, chunks),
      raw: (round) => rawRound(nc, `${round}`, bodies),
    });
    const version = nc.info?.version ?? "unknown";
    publishShare({
      name: "nats-queue",
      subtitle: "the NATS JetStream driver beside raw JetStream publish, fetch and ack",
      question:
        "How many messages a second go through the NATS driver (enqueue, lease, ack) on loopback, and what share of raw JetStream publishes (each acked), pull-consumer fetches and acks of the same bodies with the same client is that?",
      started,
      driverLabel: "nats driver",
      rawLabel: "raw publish + fetch + ack",
      driver: rates.driver,
      raw: rates.raw,
      messages: MESSAGES,
      batch: BATCH,
      rounds: ROUNDS,
      notes: [
        `NATS ${version} with JetStream at ${redactQueueUrl(NATS_URL)}, on the same machine (loopback), shared with this process`,
        `nats driver: a new queue per round (work-queue stream, file storage, a durable pull consumer per priority lane, AckWait 30 s), capacity ${count(BATCH)}; enqueue publishes in windows of 256, each message awaiting its JetStream ack; lease is a no_wait pull per lane; ack is JetStream's ack, then a flush; bodies encoded with msgpackr on enqueue and decoded on lease, inside the timing`,
        `raw: the same bodies encoded beforehand (untimed), a new work-queue stream (file storage) and durable pull consumer (explicit ack) per round; per batch ${count(BATCH)} js.publish sent together, each awaiting its ack; one consumer.fetch of ${count(BATCH)}; ack() of each, then one flush`,
      ],
    });
  } finally {
    await nc.close();
  }
}

await main();
