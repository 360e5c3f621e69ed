import { describe, expect, it } from "vitest";
import type { Message } from "../../src/model/message.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { nowMs } from "../../src/util/clock.js";
import { ArrivalSchedule } from "../../src/workload/arrival-schedule.js";
import { MessageGenerator } from "../../src/workload/generator.js";
import { type OpenProducerOptions, produceOnSchedule } from "../../src/workload/open-producer.js";
import type { ProducerLedger } from "../../src/workload/producer.js";
import { RateProfile } from "../../src/workload/rate-profile.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const generator = () =>
  new MessageGenerator({
    agents: 4,
    types: { direct: 1 },
    payloadSize: { kind: "fixed", value: 4 },
    seed: 1,
  });

/** An open producer at `rate` for `ms`, recording what it did. */
function openLoad(rate: number, ms: number, extra: Partial<OpenProducerOptions> = {}) {
  const made: Message[] = [];
  const dropped: Message[] = [];
  const sent: { seq: number; lagMs: number }[] = [];
  const ledger: ProducerLedger = { saturationEvents: 0, inFlight: [], waiting: 0, waitingPeak: 0 };
  const startAt = nowMs() + 5;
  const options: OpenProducerOptions = {
    schedule: new ArrivalSchedule(RateProfile.constant(rate, ms), "uniform", 1),
    startAt,
    maxBacklog: 1_000_000,
    chunkSize: 4,
    now: nowMs,
    onGenerated: (message) => made.push(message),
    onMade: () => {},
    onDropped: (message) => dropped.push(message),
    onSent: (messages, at) => {
      for (const message of messages)
        sent.push({ seq: message.seq, lagMs: at - message.scheduledAt });
    },
    ledger,
    ...extra,
  };
  return { made, dropped, sent, ledger, startAt, options };
}

/** Takes everything from `queue` until `done`, returning the sequence numbers. */
async function drain(queue: MemoryQueue, done: () => boolean): Promise<number[]> {
  const seqs: number[] = [];
  while (!done() || (await queue.depth()).ready > 0) {
    const leases = await queue.lease(50, { waitMs: 5 });
    seqs.push(...leases.map((lease) => lease.message.seq));
    await queue.ack(leases);
  }
  return seqs;
}

describe("produceOnSchedule", () => {
  it("stamps every message with its intended time, however long the full queue holds it back", async () => {
    const queue = new MemoryQueue({ capacity: 10 });
    const load = openLoad(1000, 100);
    let finished = false;
    const producing = produceOnSchedule(generator(), queue, load.options).finally(() => {
      finished = true;
    });
    // Nobody takes anything for 200 ms: the queue fills, the rest waits in the backlog.
    await sleep(200);
    expect(load.made).toHaveLength(100);
    expect(load.ledger.waitingPeak).toBeGreaterThanOrEqual(80);
    const taken = await drain(queue, () => finished);
    const report = await producing;
    expect(report.unsent).toBe(0);
    expect(taken).toEqual(load.made.map((message) => message.seq));
    load.made.forEach((message, i) => {
      expect(message.scheduledAt).toBe(load.startAt + i);
    });
    // The last ones waited for room: their send lag holds the wait; the first ten did not.
    const lags = new Map(load.sent.map(({ seq, lagMs }) => [seq, lagMs]));
    expect(lags.get(99)).toBeGreaterThan(90);
    expect(lags.get(0)).toBeLessThan(50);
    await queue.close();
  });

  it("drops arrivals the full backlog has no room for, counting each and queueing none of them", async () => {
    const queue = new MemoryQueue({ capacity: 5 });
    const load = openLoad(2000, 50, { maxBacklog: 10 });
    let finished = false;
    const producing = produceOnSchedule(generator(), queue, load.options).finally(() => {
      finished = true;
    });
    await sleep(150);
    const taken = await drain(queue, () => finished);
    await producing;
    expect(load.made).toHaveLength(100);
    expect(load.dropped.length).toBeGreaterThan(70);
    expect(taken.length + load.dropped.length).toBe(100);
    const droppedSeqs = new Set(load.dropped.map((message) => message.seq));
    expect(taken.filter((seq) => droppedSeqs.has(seq))).toEqual([]);
    expect(load.ledger.waitingPeak).toBe(10);
    await queue.close();
  });

  it("stops making messages when aborted, at a low rate too, and reports the backlog unsent", async () => {
    const queue = new MemoryQueue({ capacity: 3 });
    const stop = new AbortController();
    // One arrival every 2 s: the abort must not wait for the next one.
    const load = openLoad(0.5, 60_000, { signal: stop.signal });
    const started = Date.now();
    const producing = produceOnSchedule(generator(), queue, load.options);
    await sleep(50);
    stop.abort();
    const report = await producing;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(load.made).toHaveLength(1);
    expect(report.unsent).toBe(0);
    await queue.close();

    // Aborted while the queue is full: the enqueue in flight finishes once a consumer makes
    // room (as the run's processor does), and what the backlog holds is reported unsent.
    const full = new MemoryQueue({ capacity: 3 });
    const halted = new AbortController();
    const backlogged = openLoad(1000, 1000, { signal: halted.signal });
    const stuck = produceOnSchedule(generator(), full, backlogged.options);
    await sleep(100);
    halted.abort();
    const taken = await drain(full, () => backlogged.ledger.inFlight.length === 0);
    const { unsent } = await stuck;
    expect(unsent).toBeGreaterThan(50);
    expect(taken.length + unsent).toBe(backlogged.made.length);
    await full.close();
  });
});
