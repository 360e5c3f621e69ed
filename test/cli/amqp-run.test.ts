import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmqpQueue } from "../../src/queue/amqp/amqp.js";
import type { RunResult } from "../../src/result/result.js";
import { amqpAvailable, freshQueueName, queueUrl } from "../support/amqp.js";
import { cli, oneLine, QUICK_PAUSES } from "../support/cli-in-process.js";
import {
  balancedFailureRun,
  expectCtrlCKeepsPending,
  FAILURE_RUN,
} from "../support/journalled-run.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-amqp-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The suites wait on the broker and on child processes, not on the CPU, each on queues of its
 * own: they run at once (after the quick refusals). Tests of one suite that build on each
 * other run in turn.
 */
const CONCURRENT = { concurrent: true };

// First and one at a time: their bounds on time would count the runs below sharing this process.
describe("swarm-stress run on RabbitMQ that cannot be used", () => {
  it("says in one line, exit 3 within 5 s, that nothing listens; never the password", async () => {
    const args = [
      "run",
      "--queue",
      "amqp://guest:s3cret-pw@127.0.0.1:1/%2F?queue=x",
      "--no-progress",
    ];
    // Once untimed: the first call in this process loads (and vitest transforms) what a run
    // loads, seconds on a busy machine, which the bound below is not about.
    await cli(args, dir);
    const started = Date.now();
    const outcome = await cli(args, dir);
    // The 5 s is the driver's, held to it in the driver's own tests; here, with the other test
    // files competing for the CPU at a higher priority, the whole command only must not hang.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(outcome.status).toBe(3);
    expect(oneLine(outcome.stderr)).toBe(
      "swarm-stress: cannot reach RabbitMQ at 127.0.0.1:1: connection refused",
    );
    expect(outcome.stdout + outcome.stderr).not.toContain("s3cret");
  });

  it.skipIf(!amqpAvailable)("says in one line, exit 3, that the password is wrong", async () => {
    const url = queueUrl(freshQueueName("cli")).replace(/\/\/[^@]*@/, "//guest:s3cret-pw@");
    const outcome = await cli(["run", "--queue", url, ...QUICK_PAUSES, "--no-progress"], dir);
    expect(outcome.status).toBe(3);
    expect(oneLine(outcome.stderr)).toMatch(
      /^swarm-stress: RabbitMQ at .* refused the login of user "guest": wrong user name or password$/,
    );
    expect(outcome.stdout + outcome.stderr).not.toContain("s3cret");
  });
});

describe.skipIf(!amqpAvailable)("swarm-stress run --queue amqp://", CONCURRENT, () => {
  const queue = freshQueueName("cli");
  const url = queueUrl(queue);
  afterAll(async () => {
    await cli(["queue", "purge", url], dir); // the queues and the run ledger beside them
  });

  it.sequential("accounts for every message of a failure run: retries and dead letters, audit balanced", async () => {
    const result = balancedFailureRun(
      await cli(["run", ...FAILURE_RUN, "--queue", url, "--json"], dir),
    );
    expect(result.config.queue).toBe(url.replace("guest:guest@", "guest:***@"));
  }, 60_000);

  it.sequential("refuses the dead letters that run left until the queue is purged", async () => {
    const again = await cli(["run", ...FAILURE_RUN, "--queue", url], dir);
    expect(again.status).toBe(2);
    expect(oneLine(again.stderr)).toMatch(
      /holds \d+ dead letter\(s\) from an earlier run: purge it/,
    );
    const purged = await cli(["queue", "purge", url, "--json"], dir);
    expect(purged.status, purged.stderr).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ queue });
    expect(JSON.parse(purged.stdout).deletedMessages).toBeGreaterThan(0);
    // Printed as text and saved this time: the password (guest) shows in neither.
    const out = join(dir, "again.json");
    const fresh = await cli(["run", ...FAILURE_RUN, "--queue", url, "-o", out], dir);
    expect(fresh.status, fresh.stderr).toBe(0);
    const saved = readFileSync(out, "utf8");
    expect((JSON.parse(saved) as RunResult).audit.balanced).toBe(true);
    for (const text of [saved, fresh.stdout, fresh.stderr]) expect(text).not.toContain(":guest@");
  }, 60_000);
});

describe.skipIf(!amqpAvailable)("a run on RabbitMQ stopped with Ctrl-C", CONCURRENT, () => {
  const url = queueUrl(freshQueueName("sigint"));
  afterAll(async () => {
    await cli(["queue", "purge", url], dir); // the run ledger, and what a failed test left
  });

  it("saves a balanced partial result whose pending messages are what RabbitMQ keeps", async () => {
    await expectCtrlCKeepsPending(url, dir, AmqpQueue.purge);
  }, 60_000);
});
