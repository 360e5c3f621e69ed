import { afterAll, describe, expect, it } from "vitest";
import { AmqpQueue } from "../../src/queue/amqp/amqp.js";
import { describeQueueConformance } from "../conformance/queue-conformance.js";
import { AMQP_URL, amqpAvailable, freshQueueName, queueUrl } from "../support/amqp.js";

/** Queues this file made, deleted at the end. */
const made: string[] = [];

function fresh(label?: string, extra = ""): string {
  const queue = freshQueueName(label);
  made.push(queue);
  return queueUrl(queue, extra);
}

describe.skipIf(!amqpAvailable)("RabbitMQ queue", () => {
  afterAll(async () => {
    for (const queue of made) await AmqpQueue.purge(queueUrl(queue));
  });

  describeQueueConformance(
    "amqp (classic)",
    async (options) => AmqpQueue.open({ url: fresh(), ...options }),
    { memoryBoundMessages: 20_000 },
  );

  it("is reachable at the test URL", () => {
    expect(AMQP_URL).toMatch(/^amqps?:\/\//);
  });
});
