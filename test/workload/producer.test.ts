import { describe, expect, it } from "vitest";
import type { Message } from "../../src/model/message.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { MessageGenerator } from "../../src/workload/generator.js";
import { produce } from "../../src/workload/producer.js";

const generator = (messagesPerAgent: number) =>
  new MessageGenerator({
    agents: 4,
    messagesPerAgent,
    types: { direct: 1 },
    payloadSize: { kind: "fixed", value: 4 },
    seed: 1,
  });

/** Leases and acks everything, `batch` at a time, until `until` returns true. */
async function consume(queue: MemoryQueue, until: () => boolean, batch = 10): Promise<number> {
  let taken = 0;
  while (!until() || (await queue.depth()).ready > 0) {
    const leases = await queue.lease(batch, { waitMs: 5 });
    taken += leases.length;
    await queue.ack(leases);
  }
  return taken;
}

describe("produce", () => {
  it("streams every message through a small queue, waiting on its backpressure", async () => {
    const queue = new MemoryQueue({ capacity: 16 });
    const made: Message[] = [];
    let done = false;
    const producing = produce(generator(250), queue, {
      generation: "stream",
      chunkSize: 8,
      now: () => 42,
      onGenerated: (m) => made.push(m),
    }).finally(() => {
      done = true;
    });
    const taken = await consume(queue, () => done);
    const report = await producing;
    expect(made).toHaveLength(1000);
    expect(taken).toBe(1000);
    expect(report.unsent).toBe(0);
    expect(report.saturationEvents).toBeGreaterThan(0);
    expect(made.every((m) => m.scheduledAt === 42)).toBe(true);
    await queue.close();
  });

  it("makes every message first in upfront mode, then feeds the queue", async () => {
    const queue = new MemoryQueue({ capacity: 16 });
    let generatedBeforeFirstLease = -1;
    let generated = 0;
    let done = false;
    const producing = produce(generator(50), queue, {
      generation: "upfront",
      chunkSize: 8,
      now: () => 0,
      onGenerated: () => generated++,
    }).finally(() => {
      done = true;
    });
    const first = await queue.lease(1, { waitMs: 50 });
    generatedBeforeFirstLease = generated;
    await queue.ack(first);
    const taken = 1 + (await consume(queue, () => done));
    await producing;
    expect(generatedBeforeFirstLease).toBe(200);
    expect(taken).toBe(200);
    await queue.close();
  });

  it("stops on abort and reports what upfront mode never handed over", async () => {
    const queue = new MemoryQueue({ capacity: 20 });
    const controller = new AbortController();
    let leased = 0;
    const producing = produce(generator(100), queue, {
      generation: "upfront",
      chunkSize: 10,
      now: () => 0,
      onGenerated: () => {},
      signal: controller.signal,
    });
    const leases = await queue.lease(10, { waitMs: 50 });
    leased += leases.length;
    controller.abort();
    await queue.ack(leases);
    const report = await producing;
    const depth = await queue.depth();
    expect(leased + depth.ready + report.unsent).toBe(400);
    expect(report.unsent).toBeGreaterThan(0);
    await queue.close();
  });

  it("keeps in its ledger the chunk a failing queue was storing, and what was still waiting", async () => {
    for (const generation of ["stream", "upfront"] as const) {
      const queue = new MemoryQueue({ capacity: 25 });
      const ledger = {
        saturationEvents: 0,
        inFlight: [] as readonly Message[],
        waiting: 0,
        waitingPeak: 0,
      };
      const producing = produce(generator(25), queue, {
        generation,
        chunkSize: 10,
        now: () => 0,
        onGenerated: () => {},
        ledger,
      });
      // The third chunk finds the queue full; closing it fails that chunk as a broken disk would.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await queue.close();
      await expect(producing).rejects.toThrow(/closed/);
      expect(
        ledger.inFlight.map((m) => m.seq),
        generation,
      ).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
      expect(ledger.waiting, generation).toBe(generation === "upfront" ? 70 : 0);
    }
  });
});
