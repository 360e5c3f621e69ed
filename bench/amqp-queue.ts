/**
 * Question 17, the RabbitMQ queue: how many messages a second go through the RabbitMQ driver
 * (enqueue, lease, ack), beside the same client (amqplib) doing the same in the plain AMQP way
 * for the same message bodies in the same run. Needs a RabbitMQ: `AMQP_URL`, else
 * amqp://guest:guest@127.0.0.1:5672; skips with a line saying so when none answers. Run alone
 * with `npx tsx bench/amqp-queue.ts`.
 *
 * Raw: a durable classic queue with the driver's `x-max-priority`, a confirm channel with a
 * prefetch that covers a batch, one consumer with manual acks; per batch, every body
 * published persistent with its priority (`sendToQueue`), all confirms awaited, the batch's
 * deliveries awaited, then one `ack` of the last with `allUpTo`: the least that gives the
 * driver's guarantee (a message is on disk before enqueue resolves, and leaves the queue only
 * once acked).
 *
 * Where the driver's semantics cost more: it stamps and encodes each message inside the
 * timing, gives each copy an id and matches every delivery to the copy it published (so a
 * nacked message's new copy and an earlier run's copies are told apart), decodes each delivery,
 * keeps every message it holds in its own priority order with a visibility timeout, and acks
 * each message on its own (a lease may settle any subset, in any order).
 */
import { performance } from "node:perf_hooks";
import type * as Amqplib from "amqplib";
import type { Message } from "../src/model/message.js";
import { AmqpQueue } from "../src/queue/amqp/amqp.js";
import { encodeMessage } from "../src/queue/amqp/codec.js";
import { type AmqpConnection, connectAmqp } from "../src/queue/amqp/connection.js";
import { MAX_BROKER_PRIORITY } from "../src/queue/amqp/topology.js";
import { parseAmqpQueueUrl } from "../src/queue/amqp/url.js";
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

const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";
/** Messages per round: a round of each side takes a few seconds here. */
const MESSAGES = 50_000;
/** Messages per enqueue, lease and ack call, and per raw batch: the firehose's batch size. */
const BATCH = 1_000;
const ROUNDS = 5;
/** Longest wait for a raw batch's deliveries, ms. */
const DELIVERY_WAIT_MS = 5_000;

function urlFor(queue: string): string {
  return `${AMQP_URL.replace(/\?.*$/, "")}?queue=${queue}`;
}

/** A message's priority as RabbitMQ's, as the driver sends it. */
function brokerPriority(priority: number): number {
  return Math.max(0, Math.min(MAX_BROKER_PRIORITY, Math.round(priority) || 0));
}

/** One driver pass through every batch, on new queues. Messages per second. */
function driverRound(label: string, chunks: readonly Message[][]): Promise<number> {
  const driver = {
    open: (url: string) => AmqpQueue.open({ url, capacity: BATCH }),
    purge: (url: string) => AmqpQueue.purge(url),
  };
  return driverPass(driver, urlFor(freshName("swarm-stress-bench", label)), chunks);
}

/**
 * The floor the driver stands on, on a new durable queue: per batch, every body (encoded
 * beforehand, untimed) published persistent with its priority, the confirms awaited; the
 * batch's deliveries awaited; one ack of the last with `allUpTo`. Messages per second.
 */
async function rawRound(
  channel: Amqplib.ConfirmChannel,
  label: string,
  bodies: readonly Buffer[],
  priorities: readonly number[],
): Promise<number> {
  const queue = freshName("swarm-stress-bench-raw", label);
  await channel.assertQueue(queue, {
    durable: true,
    arguments: { "x-queue-type": "classic", "x-max-priority": MAX_BROKER_PRIORITY },
  });
  let delivered: Amqplib.ConsumeMessage[] = [];
  let wanted = 0;
  let arrived: (() => void) | undefined;
  const { consumerTag } = await channel.consume(
    queue,
    (delivery) => {
      if (delivery === null) return;
      delivered.push(delivery);
      if (delivered.length >= wanted) arrived?.();
    },
    { noAck: false },
  );
  const deliveries = (size: number): Promise<Amqplib.ConsumeMessage[]> => {
    wanted = size;
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        arrived = undefined;
        const batch = delivered;
        delivered = [];
        resolve(batch);
      };
      const timer = setTimeout(() => reject(new Error("raw: lost messages")), DELIVERY_WAIT_MS);
      arrived = done;
      if (delivered.length >= wanted) done();
    });
  };
  try {
    const started = performance.now();
    for (let from = 0; from < bodies.length; from += BATCH) {
      const to = Math.min(bodies.length, from + BATCH);
      const confirms: Promise<void>[] = [];
      for (let i = from; i < to; i++) {
        const priority = priorities[i] as number;
        confirms.push(
          new Promise((resolve, reject) => {
            channel.sendToQueue(
              queue,
              bodies[i] as Buffer,
              { persistent: true, priority },
              (error: unknown) => (error ? reject(error) : resolve()),
            );
          }),
        );
      }
      await Promise.all(confirms);
      const batch = await deliveries(to - from);
      channel.ack(batch[batch.length - 1] as Amqplib.ConsumeMessage, true);
    }
    const elapsed = performance.now() - started;
    return (bodies.length * 1000) / elapsed;
  } finally {
    await channel.cancel(consumerTag);
    await channel.deleteQueue(queue);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  let connection: AmqpConnection;
  try {
    connection = await connectAmqp(parseAmqpQueueUrl(AMQP_URL));
  } catch (error) {
    skipped(
      "amqp-queue",
      "RabbitMQ",
      error,
      "Start one (apt-get install -y rabbitmq-server) or set AMQP_URL.",
    );
    return;
  }
  try {
    const { channel } = connection;
    await channel.prefetch(2 * BATCH);
    const firehose = sampleMessages("firehose", MESSAGES);
    const chunks = batches(firehose, BATCH);
    const bodies = firehose.map((message) => encodeMessage(message));
    const priorities = firehose.map((message) => brokerPriority(message.priority));
    // Warm-up: JIT, the allocator and the broker's own buffers settle before anything is timed.
    await driverRound("warm", chunks.slice(0, 5));
    await rawRound(channel, "warm", bodies.slice(0, 5 * BATCH), priorities);

    const rates = await interleavedRounds(ROUNDS, {
      driver: (round) => driverRound(`driver-${round}`, chunks),
      raw: (round) => rawRound(channel, `${round}`, bodies, priorities),
    });
    const server = connection.model.connection.serverProperties as { version?: unknown };
    publishShare({
      name: "amqp-queue",
      subtitle: "the RabbitMQ driver beside raw confirmed publishes and a manual-ack consumer",
      question:
        "How many messages a second go through the RabbitMQ driver (enqueue, lease, ack) on loopback, and what share of raw persistent publishes on a confirm channel and a manual-ack consumer of the same bodies with the same client (amqplib) is that?",
      started,
      driverLabel: "amqp driver",
      rawLabel: "raw publish + consume + ack",
      driver: rates.driver,
      raw: rates.raw,
      messages: MESSAGES,
      batch: BATCH,
      rounds: ROUNDS,
      notes: [
        `RabbitMQ ${String(server.version ?? "unknown")} at ${redactQueueUrl(AMQP_URL)}, on the same machine (loopback), shared with this process`,
        `amqp driver: new queues per round (a durable classic work queue with x-max-priority ${MAX_BROKER_PRIORITY}, and its dead-letter queue), capacity ${count(BATCH)}, prefetch ${count(2 * BATCH)}; enqueue publishes each message persistent on a confirm channel with an id and resolves on the confirms; lease takes what has been delivered, in the driver's priority order; ack acks each message on its own; bodies encoded with msgpackr on enqueue and decoded on delivery, inside the timing`,
        `raw: the same bodies encoded beforehand (untimed), a new durable classic queue per round with the same x-max-priority, a consumer with manual acks and prefetch ${count(2 * BATCH)} on one confirm channel; per batch ${count(BATCH)} persistent sendToQueue with the priority, all confirms awaited, the ${count(BATCH)} deliveries awaited, one ack of the last with allUpTo`,
      ],
    });
  } finally {
    await connection.model.close();
  }
}

await main();
