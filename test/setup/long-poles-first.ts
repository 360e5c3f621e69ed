import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The `main` files that take longest (8-25 s, waiting on brokers, processes, browsers and
 * timeouts rather than computing), by their durations on a 2-core machine. Started first, they
 * run beside the many short files instead of after them.
 */
const LONG_POLES = [
  "test/cli/postgres-run.test.ts",
  "test/report/html/dashboard-browser.test.ts",
  "test/queue/postgres.test.ts",
  "test/queue/amqp-conformance.test.ts",
  "test/distributed/distributed-run.test.ts",
  "test/distributed/redis-outage.test.ts",
  "test/distributed/coordination.test.ts",
  "test/cli/nats-queue.test.ts",
  "test/cli/dashboard.test.ts",
  "test/queue/bullmq.test.ts",
  "test/queue/nats.test.ts",
  "test/queue/amqp.test.ts",
  "test/report/html/browser.test.ts",
  "test/capacity/find-capacity-same-workers.test.ts",
  "test/reliability/matrix-redis.test.ts",
  "test/cli/capacity-workers.test.ts",
];

/**
 * Vitest's order (by last run's durations, when its cache has them) with the known long
 * poles moved to the front: a fresh clone has no cache, and would start them wherever their
 * paths fall.
 */
export class LongPolesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONG_POLES.indexOf(relative(file.project.config.root, file.moduleId));
      return index === -1 ? LONG_POLES.length : index;
    };
    // Array sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
