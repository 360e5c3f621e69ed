import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseQueueSpec } from "../../src/queue/queue-spec.js";
import {
  type BrokerQueueSpec,
  forgetRunLedger,
  openRunLedger,
} from "../../src/queue/run-ledger.js";
import { StressTestRunner } from "../../src/run/runner.js";
import {
  amqpAvailable,
  queueUrl as amqpUrl,
  freshQueueName as freshAmqp,
} from "../support/amqp.js";
import { bullmqAvailable, bullmqUrl, freshQueueName as freshBullmq } from "../support/bullmq.js";
import { cli, expectRefused, oneLine } from "../support/cli-in-process.js";
import { freshNatsStream, natsAvailable, natsStreamUrl } from "../support/nats.js";
import {
  freshQueueName as freshPostgres,
  postgresAvailable,
  queueUrl as postgresUrl,
} from "../support/postgres.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";

// `run --resume` on a broker's queue: what it refuses, in one line each (each broker's kill -9
// and rerun are in broker-kills.test.ts, a system test).

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-broker-resume-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const resume = (queue: string) => ["run", "--queue", queue, "--resume", "--no-progress"];

describe("swarm-stress run --resume refuses", () => {
  it("the memory queue, which keeps nothing: one line, exit 2", async () => {
    await expectRefused(
      resume("memory"),
      dir,
      /^swarm-stress: resume needs the durable queue of the interrupted run: queue sqlite:PATH or a broker URL/,
    );
  });

  const nothing: [string, boolean, () => string, RegExp][] = [
    [
      "NATS",
      natsAvailable,
      () => natsStreamUrl(freshNatsStream("none")),
      /NATS stream \S+_RUN at /,
    ],
    ["RabbitMQ", amqpAvailable, () => amqpUrl(freshAmqp("none")), /RabbitMQ queue "\S+\.run" at /],
    ["BullMQ", bullmqAvailable, () => bullmqUrl(freshBullmq("none")), /BullMQ queue \S+ at /],
    [
      "PostgreSQL",
      postgresAvailable,
      () => postgresUrl(freshPostgres("none")),
      /PostgreSQL queue \S+ at /,
    ],
    ["Redis", redisAvailable, () => streamUrl(freshStream("none")), /Redis stream \S+ at /],
  ];
  for (const [broker, available, url, where] of nothing) {
    it.skipIf(!available)(`a ${broker} queue that holds no run: one line, exit 2`, async () => {
      const line = await expectRefused(resume(url()), dir, /holds no run to resume/);
      expect(line).toMatch(where);
    });
  }

  const down: [string, string, RegExp][] = [
    [
      "NATS",
      "nats://u:s3cret-pw@127.0.0.1:1?stream=x",
      /^swarm-stress: cannot connect to NATS at 127\.0\.0\.1:1: /,
    ],
    [
      "RabbitMQ",
      "amqp://guest:s3cret-pw@127.0.0.1:1/%2F?queue=x",
      /^swarm-stress: cannot reach RabbitMQ at 127\.0\.0\.1:1: /,
    ],
    [
      "BullMQ",
      "bullmq+redis://:s3cret-pw@127.0.0.1:1/15?queue=x",
      /^swarm-stress: cannot connect to Redis at 127\.0\.0\.1:1: /,
    ],
    [
      "PostgreSQL",
      "postgres://root:s3cret-pw@127.0.0.1:1/test?queue=x",
      /^swarm-stress: cannot reach PostgreSQL at 127\.0\.0\.1:1: /,
    ],
    [
      "Redis",
      "redis://:s3cret-pw@127.0.0.1:1/15?stream=x",
      /^swarm-stress: cannot connect to Redis at 127\.0\.0\.1:1: /,
    ],
  ];
  for (const [broker, url, said] of down) {
    it(`a ${broker} that is down: one line, exit 3, no password`, async () => {
      const outcome = await cli(resume(url), dir);
      expect(outcome.status).toBe(3);
      expect(oneLine(outcome.stderr)).toMatch(said);
      expect(outcome.stdout + outcome.stderr).not.toContain("s3cret");
    });
  }
});

describe("the run ledger beside a broker's queue", () => {
  it.skipIf(!redisAvailable)(
    "is kept by a run stopped part-way, and left out by one that will never be resumed",
    async () => {
      for (const brokerLedger of [true, false]) {
        const queue = streamUrl(freshStream("ledger"));
        const stop = new AbortController();
        const running = new StressTestRunner({
          queue,
          agents: 2,
          messagesPerAgent: 200,
          types: ["direct"],
          delay: "5ms",
          concurrency: 1,
          interval: 0,
          brokerLedger,
          signal: stop.signal,
        }).run();
        setTimeout(() => stop.abort(), 300);
        expect((await running).stoppedEarly).toBe(true);
        const spec = parseQueueSpec(queue) as BrokerQueueSpec;
        const ledger = await openRunLedger(spec);
        try {
          expect((await ledger.saved()) !== undefined, `brokerLedger ${brokerLedger}`).toBe(
            brokerLedger,
          );
        } finally {
          await ledger.close();
        }
        await forgetRunLedger(spec);
        await cli(["queue", "purge", queue], dir);
      }
    },
  );
});
