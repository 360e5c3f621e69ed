import { describe, expect, it } from "vitest";
import { DELIVERED, type DeliveryCore, failed } from "../../src/delivery/delivery-core.js";
import { Recorder } from "../../src/metrics/recorder.js";
import { agentNames } from "../../src/model/agents.js";
import type { Message } from "../../src/model/message.js";
import { Breather } from "../../src/processor/breather.js";
import { CoreTime, preciseNow } from "../../src/processor/core-time.js";
import { deliverRound, RoundResults } from "../../src/processor/deliver-batch.js";
import type { Lease } from "../../src/queue/driver.js";
import { nowMs } from "../../src/util/clock.js";
import { MessageGenerator } from "../../src/workload/generator.js";

const agents = agentNames(3);

/** `count` messages (direct unless said), leased as they are (token = seq). */
function leasesOf(
  count: number,
  types: { direct?: number; broadcast?: number } = { direct: 1 },
): Lease[] {
  const generator = new MessageGenerator({
    agents: 3,
    messagesPerAgent: Math.ceil(count / 3),
    types,
    payloadSize: { kind: "fixed", value: 1 },
    seed: 1,
  });
  const leases: Lease[] = [];
  for (let i = 0; i < count; i++) {
    const message = generator.next(nowMs()) as Message;
    leases.push({ message, token: message.seq });
  }
  return leases;
}

/** Hold the thread for `ms`, as CPU-bound work does. */
function busy(ms: number): void {
  const until = preciseNow() + ms;
  while (preciseNow() < until);
}

async function round(leases: Lease[], core: DeliveryCore, concurrency = 1) {
  const recorder = new Recorder(agents, ["direct", "broadcast"]);
  const results = new RoundResults();
  const coreTime = new CoreTime();
  const breather = new Breather(nowMs);
  await deliverRound(
    leases,
    core,
    recorder,
    { concurrency, timeout: undefined, now: nowMs, coreTime, breather },
    results,
  );
  return { recorder, results, coreTime };
}

describe("a delivery round", () => {
  it("times each synchronous DELIVERED call on its own, in a run of them", async () => {
    const leases = leasesOf(30);
    // Only message 12 takes time: a reading shared with the wrong neighbour would show.
    const core: DeliveryCore = {
      deliver(message) {
        if (message.seq === 12) busy(3);
        return DELIVERED;
      },
    };
    for (const concurrency of [1, 8]) {
      const { results, recorder, coreTime } = await round(leases, core, concurrency);
      const slowest = [...results.slowestMs.subarray(0, 30)];
      expect(slowest[12]).toBeGreaterThanOrEqual(3);
      // The others cost nothing (a busy machine may still pause one of them now and then).
      const others = slowest.filter((_, i) => i !== 12).sort((a, b) => a - b);
      expect(others[others.length >> 1]).toBeLessThan(0.5);
      // Each message ends at its own call's end: in order, and message 12's 3 ms after 11's.
      const ends = [...results.endedAt.subarray(0, 30)];
      for (let i = 1; i < 30; i++) expect(ends[i]).toBeGreaterThanOrEqual(ends[i - 1] as number);
      expect((ends[12] as number) - (ends[11] as number)).toBeGreaterThanOrEqual(3);
      expect(recorder.totals(0).deliveries).toBe(30);
      expect(recorder.delivery.count).toBe(30);
      expect(coreTime.worstBlockMs).toBeGreaterThanOrEqual(slowest[12] as number);
      expect(coreTime.busyMs(preciseNow())).toBeGreaterThanOrEqual(3);
    }
  });

  it("accounts once for every answer when DELIVERED, promises, failures and throws mix", async () => {
    const leases = leasesOf(60);
    const core: DeliveryCore = {
      deliver(message) {
        const seq = message.seq;
        if (seq % 11 === 0) throw new Error("thrown");
        if (seq % 7 === 0) return failed("refused");
        if (seq % 5 === 0) return Promise.resolve(DELIVERED);
        if (seq % 3 === 0) return { status: "delivered" };
        return DELIVERED;
      },
    };
    for (const concurrency of [1, 4]) {
      const { results, recorder } = await round(leases, core, concurrency);
      const failing = leases.map((_, i) => i).filter((seq) => seq % 11 === 0 || seq % 7 === 0);
      const totals = recorder.totals(0);
      expect(totals.failed).toBe(failing.length);
      expect(totals.deliveries).toBe(60 - failing.length);
      expect(recorder.delivery.count).toBe(60);
      for (let i = 0; i < 60; i++) {
        expect(results.failedRecipients[i] !== undefined).toBe(failing.includes(i));
        expect(results.endedAt[i]).toBeGreaterThan(0);
      }
      expect(results.lastError[7]).toBe("refused");
      expect(results.lastError[11]).toBe("thrown");
    }
  });

  it("lets the event loop turn during a long run of synchronous DELIVERED calls", async () => {
    const leases = leasesOf(40);
    let calls = 0;
    const core: DeliveryCore = {
      deliver() {
        calls++;
        busy(1);
        return DELIVERED;
      },
    };
    let callsWhenTurned: number | undefined;
    setImmediate(() => {
      callsWhenTurned = calls;
    });
    await round(leases, core);
    // 40 ms of calls: the loop turned once the first MAX_BUSY_MS of them were over.
    expect(callsWhenTurned).toBeGreaterThan(0);
    expect(callsWhenTurned).toBeLessThan(40);
    expect(calls).toBe(40);
  });

  it("still reaches its concurrency when promised answers follow a breath", async () => {
    const leases = leasesOf(40);
    let inFlight = 0;
    let peak = 0;
    const core: DeliveryCore = {
      deliver(message) {
        // 20 ms of synchronous calls first: the loop breathes among them.
        if (message.seq < 20) {
          busy(1);
          return DELIVERED;
        }
        inFlight++;
        peak = Math.max(peak, inFlight);
        return new Promise((resolve) =>
          setTimeout(() => {
            inFlight--;
            resolve(DELIVERED);
          }, 2),
        );
      },
    };
    const { recorder } = await round(leases, core, 4);
    expect(peak).toBe(4);
    expect(recorder.totals(0).deliveries).toBe(40);
  });

  it("delivers to every recipient once when runs of DELIVERED meet promises mid-message", async () => {
    const leases = leasesOf(30, { direct: 1, broadcast: 1 });
    const owed = new Map<string, number>();
    for (const { message } of leases) {
      for (const to of message.recipients) owed.set(to, (owed.get(to) ?? 0) + 1);
    }
    const calls: string[] = [];
    const core: DeliveryCore = {
      deliver(message, recipient) {
        calls.push(`${message.seq}:${recipient}`);
        return message.seq % 4 === 1 && recipient === "Agent-2"
          ? Promise.resolve(DELIVERED)
          : DELIVERED;
      },
    };
    for (const concurrency of [1, 3]) {
      calls.length = 0;
      const { recorder } = await round(leases, core, concurrency);
      const expected = leases.flatMap(({ message }) =>
        message.recipients.map((to) => `${message.seq}:${to}`),
      );
      expect(calls.sort()).toEqual(expected.sort());
      const byAgent = recorder.byAgent();
      for (const [to, count] of owed) expect(byAgent.get(to)?.received).toBe(count);
    }
  });
});
