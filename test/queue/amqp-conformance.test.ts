/**
 * The shared queue contract on RabbitMQ, classic and quorum queues: a file of its own, so that
 * its minutes of broker round trips run beside the driver's other tests.
 */
import { afterAll, describe } from "vitest";
import { AmqpQueue } from "../../src/queue/amqp/amqp.js";
import { describeQueueConformance } from "../conformance/queue-conformance.js";
import { amqpAvailable, madeQueues } from "../support/amqp.js";

/** Queues this file made, deleted at the end. */
const { fresh, purgeMade } = madeQueues(AmqpQueue.purge);

describe.skipIf(!amqpAvailable)("RabbitMQ queue", () => {
  afterAll(purgeMade);

  describeQueueConformance(
    "amqp (classic)",
    async (options) => AmqpQueue.open({ url: fresh(), ...options }),
    { memoryBoundMessages: 10_000, concurrent: true },
  );

  // Quorum queues on RabbitMQ 3.x keep no priorities; the driver orders what it holds itself,
  // so the priority clauses hold here too.
  describeQueueConformance(
    "amqp (quorum)",
    async (options) => AmqpQueue.open({ url: fresh("quorum", "&x-queue-type=quorum"), ...options }),
    { memoryBoundMessages: 4_000, concurrent: true },
  );
});
