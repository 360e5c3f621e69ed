import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DELIVERED, type DeliveryCore, failed } from "../../src/delivery/delivery-core.js";
import type { Message } from "../../src/model/message.js";
import { inspectQueue, requeueDead } from "../../src/queue/sqlite/inspect.js";
import { DurableRunState } from "../../src/queue/sqlite/run-state.js";
import { SqliteQueue } from "../../src/queue/sqlite/sqlite.js";
import type { RunResult } from "../../src/result/result.js";
import type { RunnerOptions } from "../../src/run/options.js";
import { resolveConfig } from "../../src/run/resolve-config.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { MessageGenerator } from "../../src/workload/generator.js";
import { testMessage } from "../conformance/queue-conformance.js";

const run = (options: RunnerOptions): Promise<RunResult> => new StressTestRunner(options).run();
const freshFile = (label: string) => join(mkdtempSync(join(tmpdir(), `swarm-${label}-`)), "q.db");

describe("a durable run's accounting across an interruption", () => {
  it("never makes again the messages of a chunk the queue had partly stored", async () => {
    // The state a SIGKILL leaves while a full queue takes a producer's chunk in several
    // transactions: messages stored, the producer's saved count not yet moved past them.
    const path = freshFile("half-chunk");
    const config = resolveConfig({
      agents: 2,
      messagesPerAgent: 100,
      types: ["direct"],
      interval: 0,
      delay: 0,
      successRate: 0,
      maxAttempts: 1,
      seed: 1,
      queue: `sqlite:${path}`,
    });
    const state = DurableRunState.open(path);
    state.start(config);
    state.setGenerated(20);
    const generator = new MessageGenerator(config);
    const stored: Message[] = [];
    for (let i = 0; i < 70; i++) stored.push(generator.next(0) as Message);
    const queue = SqliteQueue.open(path);
    await queue.enqueue(stored);
    await queue.close();
    state.close();

    const resumed = await run({ queue: `sqlite:${path}`, resume: true });
    expect(resumed.totals).toMatchObject({ generated: 200, deadLettered: 200, duplicates: 0 });
    expect(resumed.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
    // Each message once among the dead letters: none was enqueued twice.
    expect(inspectQueue(path).deadLetters.total).toBe(200);
    expect(resumed.warnings.join()).toMatch(/70 message\(s\) had been queued/);
  });

  it("lists a message once among the dead letters however many copies are dead-lettered", async () => {
    const path = freshFile("dead-once");
    const queue = SqliteQueue.open(path);
    const message = testMessage(0);
    await queue.enqueue([message, { ...message }]);
    for (const lease of await queue.lease(2)) await queue.deadLetter(lease, "refused");
    expect(await queue.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 1 });
    expect((await queue.deadLetters(10)).length).toBe(1);
    await queue.close();
  });

  it("delivers requeued dead letters when the run is resumed, and says so", async () => {
    const path = freshFile("requeue");
    const queue = `sqlite:${path}`;
    let refusing = true;
    const core: DeliveryCore = {
      deliver: () => (refusing ? failed("recipient offline") : DELIVERED),
    };
    const workload: RunnerOptions = {
      agents: 3,
      messagesPerAgent: 20,
      types: ["direct"],
      interval: 0,
      maxAttempts: 1,
      seed: 4,
      queue,
    };
    const first = await run({ ...workload, deliveryCore: core });
    expect(first.totals.deadLettered).toBe(60);
    expect(requeueDead(path)).toBe(60);

    refusing = false;
    const resumed = await run({ queue, resume: true, deliveryCore: core });
    expect(resumed.totals).toMatchObject({
      generated: 60,
      delivered: 60,
      deadLettered: 0,
      deliveries: 60,
      duplicates: 0,
    });
    expect(resumed.audit).toMatchObject({ balanced: true, problems: [] });
    expect(resumed.warnings.join()).toMatch(/60 dead letter\(s\) were requeued/);
    expect(inspectQueue(path).deadLetters.total).toBe(0);
  });
});

describe("a poison message whose deliveries outlast the visibility timeout", () => {
  for (const driver of ["memory", "sqlite"] as const) {
    it(`ends in the dead letters once its hand-outs are spent (${driver})`, async () => {
      let calls = 0;
      // Each delivery takes far longer than a lease lasts, so no settle call ever counts.
      const hanging: DeliveryCore = {
        deliver: () => {
          calls++;
          return new Promise((resolve) => setTimeout(() => resolve(failed("too slow")), 150));
        },
      };
      const result = await run({
        agents: 2,
        messagesPerAgent: 1,
        types: ["direct"],
        batchSize: 1,
        concurrency: 1,
        interval: 0,
        maxAttempts: 2,
        visibilityTimeout: "20ms",
        retryBaseDelay: "1ms",
        seed: 2,
        queue: driver === "memory" ? "memory" : `sqlite:${freshFile("poison")}`,
        deliveryCore: hanging,
      });
      expect(result.totals.deadLettered).toBe(2);
      expect(result.audit).toMatchObject({ balanced: true, problems: [] });
      // At most maxAttempts deliveries per message, never an endless round.
      expect(calls).toBeLessThanOrEqual(4);
      const reasons = Object.keys(result.deadLetters.byReason).join("|");
      expect(reasons).toMatch(/outlasted the visibility timeout|too slow/);
    }, 20_000);
  }
});
