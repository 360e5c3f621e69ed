import { afterAll, describe } from "vitest";
import { PostgresQueue } from "../../src/queue/postgres/postgres.js";
import { describeQueueConformance } from "../conformance/queue-conformance.js";
import { freshQueueName, postgresAvailable, queueUrl } from "../support/postgres.js";

/** Queues this file made, deleted at the end. */
const made: string[] = [];

function fresh(label?: string): string {
  const queue = freshQueueName(label);
  made.push(queue);
  return queueUrl(queue, "&schema=swarm_stress_test");
}

describe.skipIf(!postgresAvailable)("PostgreSQL queue", () => {
  afterAll(async () => {
    for (const queue of made) {
      await PostgresQueue.purge(queueUrl(queue, "&schema=swarm_stress_test"));
    }
  }, 60_000);

  describeQueueConformance(
    "postgres (pg-boss)",
    async (options) => PostgresQueue.open({ url: fresh(), ...options }),
    { memoryBoundMessages: 20_000 },
  );
});
