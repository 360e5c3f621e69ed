import { afterAll, describe } from "vitest";
import { BullmqQueue } from "../../src/queue/bullmq/bullmq.js";
import { describeQueueConformance } from "../conformance/queue-conformance.js";
import { bullmqAvailable, bullmqUrl, freshQueueName } from "../support/bullmq.js";

/** Queues this file made, deleted at the end. */
const made: string[] = [];

function fresh(label?: string): string {
  const queue = freshQueueName(label);
  made.push(queue);
  return bullmqUrl(queue);
}

describe.skipIf(!bullmqAvailable)("BullMQ queue", () => {
  afterAll(async () => {
    for (const queue of made) await BullmqQueue.purge(bullmqUrl(queue));
  });

  describeQueueConformance(
    "bullmq",
    async (options) => BullmqQueue.open({ url: fresh(), ...options }),
    { memoryBoundMessages: 10_000 },
  );
});
