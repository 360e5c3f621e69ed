import { afterEach, describe, expect, it } from "vitest";
import { DELIVERED, type DeliveryCore, failed } from "../../src/delivery/delivery-core.js";
import { Recorder } from "../../src/metrics/recorder.js";
import { agentNames } from "../../src/model/agents.js";
import { Processor, type ProcessorOptions } from "../../src/processor/processor.js";
import type { Lease, LeaseOptions, QueueDepth } from "../../src/queue/driver.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { nowMs } from "../../src/util/clock.js";
import { MessageGenerator } from "../../src/workload/generator.js";

/**
 * A real memory queue that also notes the size of every non-empty lease, how long each lease
 * would wait for work, and how often its depth was asked.
 */
class WatchedQueue extends MemoryQueue {
  readonly leaseSizes: number[] = [];
  readonly leaseWaits: (number | undefined)[] = [];
  depthAsks = 0;
  override async lease(max: number, options?: LeaseOptions): Promise<Lease[]> {
    this.leaseWaits.push(options?.waitMs);
    const leases = await super.lease(max, options);
    if (leases.length > 0) this.leaseSizes.push(leases.length);
    return leases;
  }
  override depth(): Promise<QueueDepth> {
    this.depthAsks++;
    return super.depth();
  }
}

const agents = agentNames(3);
let recorder: Recorder;
let queue: WatchedQueue;
afterEach(async () => {
  await queue?.close();
});

const options = (overrides: Partial<ProcessorOptions> = {}): ProcessorOptions => ({
  batchSize: 4,
  concurrency: 4,
  interval: 0,
  timeout: undefined,
  visibilityMs: 30_000,
  retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 2, seed: 1 },
  now: nowMs,
  ...overrides,
});

/** Fills the queue with `count` direct messages, already generated. */
async function fill(count: number): Promise<void> {
  recorder = new Recorder(agents, ["direct"]);
  queue = new WatchedQueue({ capacity: 1000 });
  const generator = new MessageGenerator({
    agents: 3,
    messagesPerAgent: Math.ceil(count / 3),
    types: { direct: 1 },
    payloadSize: { kind: "fixed", value: 1 },
    seed: 1,
  });
  const batch = [];
  for (let i = 0; i < count; i++) {
    const message = generator.next(nowMs());
    if (!message) break;
    recorder.generated(message);
    batch.push(message);
  }
  await queue.enqueue(batch);
}

const finished = { producerDone: () => true, stopRequested: () => false };

describe("Processor", () => {
  it("leases at most batchSize and keeps at most concurrency deliveries in flight", async () => {
    await fill(30);
    let inFlight = 0;
    let peak = 0;
    const core: DeliveryCore = {
      async deliver() {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return DELIVERED;
      },
    };
    await new Processor(queue, core, recorder, options({ batchSize: 7, concurrency: 3 })).run(
      finished,
    );
    expect(Math.max(...queue.leaseSizes)).toBe(7);
    expect(queue.leaseSizes.reduce((a, b) => a + b, 0)).toBe(30);
    expect(peak).toBe(3);
    expect(recorder.counts().delivered).toBe(30);
    expect((await queue.depth()).ready).toBe(0);
  });

  it("pauses for the interval between batches, not after the last", async () => {
    await fill(12);
    const core: DeliveryCore = { deliver: () => DELIVERED };
    const started = nowMs();
    const processor = new Processor(queue, core, recorder, options({ batchSize: 4, interval: 15 }));
    await processor.run(finished);
    expect(processor.times.batches).toBe(3);
    expect(processor.times.pausedMs).toBeGreaterThanOrEqual(30);
    // Three batches with a pause between each: at least 30 ms whatever the machine.
    expect(nowMs() - started).toBeGreaterThanOrEqual(30);
    expect(queue.leaseSizes).toEqual([4, 4, 4]);
  });

  it("asks the queue's depth once a drain ends, not after every full batch", async () => {
    // On a broker each ask is a round trip: once per batch, it slowed a drain in small batches.
    await fill(40);
    const core: DeliveryCore = { deliver: () => DELIVERED };
    await new Processor(queue, core, recorder, options({ batchSize: 4 })).run(finished);
    expect(queue.leaseSizes).toEqual(Array(10).fill(4));
    expect(recorder.counts().delivered).toBe(40);
    // The lease after the last full batch does not wait for work: it comes back empty at once,
    // and one ask of the depth ends the drain.
    expect(queue.leaseWaits.at(-1)).toBe(0);
    expect(queue.depthAsks).toBe(1);
  });

  it("asks the depth after a short batch", async () => {
    await fill(10);
    const core: DeliveryCore = { deliver: () => DELIVERED };
    await new Processor(queue, core, recorder, options({ batchSize: 4 })).run(finished);
    // 4, 4, then 2: the short batch's ask finds the queue drained.
    expect(queue.leaseSizes).toEqual([4, 4, 2]);
    expect(queue.depthAsks).toBe(1);
  });

  it("asks the depth before every pause, so that none follows the last batch", async () => {
    await fill(8);
    const core: DeliveryCore = { deliver: () => DELIVERED };
    const paced = new Processor(queue, core, recorder, options({ batchSize: 4, interval: 5 }));
    await paced.run(finished);
    expect(queue.leaseSizes).toEqual([4, 4]);
    expect(queue.depthAsks).toBe(2);
    expect(queue.leaseWaits).not.toContain(0);
  });

  it("retries with backoff, then dead-letters with the last error kept in the queue", async () => {
    await fill(6);
    const core: DeliveryCore = {
      deliver: (message) => failed(`refused on attempt ${message.attempts}`),
    };
    await new Processor(queue, core, recorder, options()).run(finished);
    const dead = await queue.deadLetters(10);
    expect(dead).toHaveLength(6);
    expect(dead.every((d) => d.error === "refused on attempt 3")).toBe(true);
    expect(dead.every((d) => d.message.attempts === 3)).toBe(true);
    expect(recorder.totals(0)).toMatchObject({
      delivered: 0,
      deadLettered: 6,
      failed: 18,
      retried: 12,
      deliveries: 0,
    });
  });

  it("dead-letters at once a failure the receiver calls final, with no retry", async () => {
    await fill(6);
    const core: DeliveryCore = {
      deliver: (message) =>
        message.seq % 2 === 0 ? failed("HTTP 400", { final: true }) : DELIVERED,
    };
    await new Processor(queue, core, recorder, options()).run(finished);
    const dead = await queue.deadLetters(10);
    expect(dead.map((d) => d.message.seq).sort()).toEqual([0, 2, 4]);
    expect(dead.every((d) => d.message.attempts === 1 && d.error === "HTTP 400")).toBe(true);
    expect(recorder.totals(0)).toMatchObject({ delivered: 3, deadLettered: 3, retried: 0 });
  });

  it("waits before a retry as long as the receiver asked, up to the longest backoff", async () => {
    await fill(1);
    const tried: number[] = [];
    const core: DeliveryCore = {
      deliver: (message) => {
        tried.push(nowMs());
        return message.attempts < 3 ? failed("HTTP 503", { retryAfterMs: 60 }) : DELIVERED;
      },
    };
    const retry = { maxAttempts: 3, baseDelay: 1, maxDelay: 100, seed: 1 };
    await new Processor(queue, core, recorder, options({ retry })).run(finished);
    expect(tried).toHaveLength(3);
    // Backoff alone would wait 1-2 ms: the receiver's 60 ms are kept.
    expect((tried[1] as number) - (tried[0] as number)).toBeGreaterThanOrEqual(59);
    expect((tried[2] as number) - (tried[1] as number)).toBeGreaterThanOrEqual(59);
    expect(recorder.totals(0)).toMatchObject({ delivered: 1, retried: 2 });
  });

  it("counts whatever a hostile core answers or throws as a failure, never a crash", async () => {
    await fill(8);
    const hostile = [
      () => ({
        get status(): string {
          throw new Error("status getter exploded");
        },
      }),
      () => ({ status: "failed", reason: { toString: () => Symbol("no text") } }),
      () => {
        throw Object.defineProperty(new Error(), "message", {
          get() {
            throw new Error("message getter exploded");
          },
        });
      },
      () => {
        throw {
          toString() {
            throw new Error("conversion exploded");
          },
        };
      },
      () =>
        new Proxy(
          {},
          {
            get: () => {
              throw new Error("proxy trap");
            },
          },
        ),
      () => ({ status: "failed", reason: "x".repeat(100_000) }),
      () => Promise.reject(undefined),
      () => DELIVERED,
    ];
    let call = 0;
    const core = {
      deliver: (message: { seq: number }) => {
        call++;
        return (hostile[message.seq % hostile.length] as () => unknown)();
      },
    } as unknown as DeliveryCore;
    await new Processor(
      queue,
      core,
      recorder,
      options({ retry: { maxAttempts: 1, baseDelay: 1, maxDelay: 1, seed: 1 } }),
    ).run(finished);
    expect(call).toBe(8);
    expect(recorder.totals(0)).toMatchObject({ delivered: 1, deadLettered: 7, failed: 7 });
    const reasons = (await queue.deadLetters(10)).map((d) => d.error);
    expect(reasons).toHaveLength(7);
    for (const reason of reasons) {
      expect(typeof reason).toBe("string");
      expect(reason.length).toBeLessThanOrEqual(600);
    }
    expect(reasons).toContain("status getter exploded");
    expect(
      reasons.some((r) => r.startsWith("core returned a failure whose reason is not text")),
    ).toBe(true);
    expect(reasons.some((r) => r.endsWith("(100000 characters)"))).toBe(true);
  });

  it("stops at a batch boundary when asked, leaving the rest queued", async () => {
    await fill(20);
    let delivered = 0;
    const core: DeliveryCore = {
      deliver() {
        delivered++;
        return DELIVERED;
      },
    };
    await new Processor(queue, core, recorder, options({ batchSize: 5 })).run({
      producerDone: () => true,
      stopRequested: () => delivered >= 5,
    });
    expect(delivered).toBe(5);
    expect((await queue.depth()).ready).toBe(15);
  });
});
