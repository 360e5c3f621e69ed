import { afterAll, describe, expect, it } from "vitest";
import { NatsQueue } from "../../src/queue/nats/nats.js";
import { describeQueueConformance } from "../conformance/queue-conformance.js";
import { freshNatsStream, NATS_URL, natsAvailable, natsStreamUrl } from "../support/nats.js";

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
    { memoryBoundMessages: 20_000 },
  );

  it("placeholder", () => expect(true).toBe(true));
});
