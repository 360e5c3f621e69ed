import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CrossProcessWaiters,
  type WaitingConsumer,
  type WaitingProducer,
} from "../../src/queue/cross-process-waiters.js";
import type { Lease } from "../../src/queue/driver.js";
import { QueueClosedError } from "../../src/queue/queue-closed.js";

const POLL_MS = 5;

function setup() {
  const calls = { pump: 0, serve: 0, gaveUp: [] as WaitingConsumer[] };
  const state = { closed: false };
  const waiters = new CrossProcessWaiters<WaitingProducer, WaitingConsumer>(POLL_MS, {
    closed: () => state.closed,
    pump: () => {
      calls.pump++;
    },
    serveConsumers: () => {
      calls.serve++;
    },
    giveUp: (consumer) => {
      calls.gaveUp.push(consumer);
      waiters.drop(consumer);
      waiters.disarmPollWhenIdle();
    },
  });
  /** The poll timer, or `undefined` while none is armed. */
  const timer = (): NodeJS.Timeout | undefined =>
    (waiters as unknown as { pollTimer: NodeJS.Timeout | undefined }).pollTimer;
  return { waiters, calls, state, timer };
}

let open: CrossProcessWaiters<WaitingProducer, WaitingConsumer>[] = [];

afterEach(() => {
  for (const waiters of open) waiters.close("test");
  open = [];
});

function consumer(settled: { leases?: Lease[]; error?: Error }): WaitingConsumer {
  return {
    max: 1,
    visibilityMs: 1_000,
    resolve: (leases) => {
      settled.leases = leases;
    },
    reject: (error) => {
      settled.error = error;
    },
    timer: undefined,
  };
}

function producer(settled: { waits?: number; error?: Error }, blocked: boolean): WaitingProducer {
  return {
    next: 0,
    waits: blocked ? 1 : 0,
    blocked,
    resolve: (waits) => {
      settled.waits = waits;
    },
    reject: (error) => {
      settled.error = error;
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Until the poll has called `count`'s hook twice. Waited for rather than slept through: a
 * process starved of CPU for longer than the sleep wakes to the poll's first turn and the
 * sleep's end at once, with one call made.
 */
function pollsTwice(count: () => number): Promise<void> {
  return vi.waitFor(() => expect(count()).toBeGreaterThan(1), {
    timeout: 5_000,
    interval: POLL_MS,
  });
}

describe("CrossProcessWaiters", () => {
  it("polls for a long poll with an unref'd timer, its own wait timer ref'd", async () => {
    const { waiters, calls, timer } = setup();
    open.push(waiters);
    const c = consumer({});
    waiters.waitForLease(c, 60_000);
    expect(waiters.consumerWaiting).toBe(true);
    expect(c.timer?.hasRef()).toBe(true);
    expect(timer()?.hasRef()).toBe(false);
    await pollsTwice(() => calls.serve);
    expect(calls.pump).toBe(0);
    expect(timer()).toBeDefined();
  });

  it("keeps the process alive through the poll while a producer waits for room", async () => {
    const { waiters, calls, timer } = setup();
    open.push(waiters);
    waiters.producers.push(producer({}, true));
    expect(waiters.producerBlocked).toBe(true);
    waiters.armPoll();
    expect(timer()?.hasRef()).toBe(true);
    await pollsTwice(() => calls.pump);
    expect(calls.serve).toBe(0);
  });

  it("arms no poll for a producer that is not blocked, nor once closed", () => {
    const { waiters, state, timer } = setup();
    open.push(waiters);
    waiters.producers.push(producer({}, false));
    waiters.armPoll();
    expect(timer()).toBeUndefined();
    state.closed = true;
    waiters.waitForLease(consumer({}), 60_000);
    expect(timer()).toBeUndefined();
  });

  it("stops the poll only when nobody waits any more", () => {
    const { waiters, timer } = setup();
    open.push(waiters);
    const c = consumer({});
    waiters.waitForLease(c, 60_000);
    const blocked = producer({}, true);
    waiters.producers.push(blocked);
    waiters.disarmPollWhenIdle();
    expect(timer()).toBeDefined();
    expect(waiters.drop(c)).toBe(true);
    expect(c.timer).toBeUndefined();
    expect(waiters.drop(c)).toBe(false);
    waiters.disarmPollWhenIdle();
    expect(timer()).toBeDefined();
    blocked.blocked = false;
    waiters.disarmPollWhenIdle();
    expect(timer()).toBeUndefined();
  });

  it("hands a long poll whose wait ran out to giveUp", async () => {
    const { waiters, calls, timer } = setup();
    open.push(waiters);
    const c = consumer({});
    waiters.waitForLease(c, 15);
    await sleep(40);
    expect(calls.gaveUp).toEqual([c]);
    expect(waiters.consumerWaiting).toBe(false);
    expect(timer()).toBeUndefined();
  });

  it("answers long polls with [] and rejects producers at close", () => {
    const { waiters, timer } = setup();
    const polled: { leases?: Lease[] } = {};
    const c = consumer(polled);
    waiters.waitForLease(c, 60_000);
    const stored: { waits?: number; error?: Error } = {};
    waiters.producers.push(producer(stored, true));
    waiters.close("sqlite");
    expect(polled.leases).toEqual([]);
    expect(stored.error).toBeInstanceOf(QueueClosedError);
    expect(stored.error?.message).toContain("sqlite");
    expect(waiters.consumerWaiting).toBe(false);
    expect(waiters.producers.size).toBe(0);
    expect(timer()).toBeUndefined();
  });
});
