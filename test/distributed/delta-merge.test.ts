import { describe, expect, it } from "vitest";
import { DeltaTaker } from "../../src/distributed/delta-taker.js";
import { Recorder } from "../../src/metrics/recorder.js";
import { agentNames } from "../../src/model/agents.js";
import type { Message, MessageType } from "../../src/model/message.js";

const agents = agentNames(6);
const types: MessageType[] = ["direct", "broadcast", "hard_onboard"];
function recorder(): Recorder {
  return new Recorder(agents, types);
}

function message(seq: number): Message {
  const type = types[seq % types.length] as MessageType;
  const sender = agents[seq % agents.length] as string;
  const recipients =
    type === "broadcast"
      ? agents.filter((a) => a !== sender)
      : [agents[(seq + 1) % agents.length] as string];
  return {
    id: `m${seq}`,
    seq,
    type,
    sender,
    addressedTo: recipients,
    recipients,
    priority: 1,
    payload: "",
    scheduledAt: 1000 + seq,
    enqueuedAt: 1000 + seq,
    acceptedAt: 1000 + seq + (seq % 5),
    attempts: 1,
  };
}

/** What a worker does with message `seq`: some fail, a few die, a few are delivered twice. */
function work(target: Recorder, seq: number): void {
  const m = message(seq);
  target.leased(m, 1000 + seq + (seq % 17));
  for (const recipient of m.recipients) {
    target.attempt(m, recipient, seq % 11 !== 0, seq % 33 === 0, (seq % 29) / 7);
  }
  if (seq % 11 === 0) {
    target.retried();
    target.deadLettered(m, `failure ${seq % 3}`, 1000 + seq + 40 + (seq % 13));
  } else {
    target.delivered(m, 1000 + seq + 3 + ((seq * 7) % 101) / 3);
  }
  if (seq % 50 === 0) target.delivered(m, 2000);
}

describe("worker parts added up by the coordinator", () => {
  it("give exactly what one recorder that saw everything counts", () => {
    const whole = recorder();
    const coordinator = recorder();
    const workers = [recorder(), recorder(), recorder()];
    const parts = workers.map((w) => {
      const taker = new DeltaTaker(w);
      return taker;
    });
    for (let seq = 0; seq < 3000; seq++) {
      const m = message(seq);
      whole.generated(m);
      coordinator.generated(m);
      work(whole, seq);
      work(workers[seq % 3] as Recorder, seq);
      // Each worker reports every few hundred messages, at its own pace.
      if (seq % 250 === 0) coordinator.absorb((parts[seq % 3] as DeltaTaker).take(false));
    }
    for (const taker of parts) coordinator.absorb(taker.take(true));

    expect(coordinator.totals(0)).toEqual(whole.totals(0));
    // The run ends at the last settlement any worker made, not when its report arrived.
    expect(coordinator.lastSettledAt).toBe(whole.lastSettledAt);
    expect(whole.endToEndUncorrected.count).toBeGreaterThan(2000);
    for (const name of ["endToEnd", "queueWait", "delivery", "endToEndUncorrected"] as const) {
      expect(coordinator[name].encode(), name).toBe(whole[name].encode());
      expect(coordinator[name].count).toBe(whole[name].count);
    }
    for (const [type, group] of whole.byType()) {
      const merged = coordinator.byType().get(type);
      expect(merged?.stats(0), type).toEqual(group.stats(0));
    }
    for (const [name, group] of whole.byAgent()) {
      const merged = coordinator.byAgent().get(name);
      expect(merged?.agentStats(0), name).toEqual(group.agentStats(0));
    }
    const dead = coordinator.deadLetters();
    expect(dead.count).toBe(whole.deadLetters().count);
    expect(dead.byReason).toEqual(whole.deadLetters().byReason);
    expect(dead.sample).toHaveLength(20);
  });

  it("sends only what changed: a part taken twice in a row is empty", () => {
    const worker = recorder();
    const taker = new DeltaTaker(worker);
    for (let seq = 1; seq < 100; seq++) work(worker, seq);
    const first = taker.take(false);
    const second = taker.take(false);
    expect(first.delivered).toBeGreaterThan(0);
    expect(second).toMatchObject({ delivered: 0, deadLettered: 0, deliveries: 0, failed: 0 });
    const coordinator = recorder();
    coordinator.absorb(second);
    expect(coordinator.endToEnd.count).toBe(0);
    expect(second.agents).toEqual({});
  });

  it("sends per-agent counts every time, so a worker that dies has sent them up to its last report", () => {
    const worker = recorder();
    const taker = new DeltaTaker(worker);
    for (let seq = 1; seq < 200; seq++) work(worker, seq);
    const coordinator = recorder();
    coordinator.absorb(taker.take(false));
    for (const [name, group] of worker.byAgent()) {
      const merged = coordinator.byAgent().get(name);
      expect(merged?.received, name).toBe(group.received);
      expect(merged?.deliveries, name).toBe(group.deliveries);
      // Latency by agent comes in the final report only.
      expect(merged?.latency.count, name).toBe(0);
    }
  });

  it("puts a worker's last settlement on the coordinator's clock, and keeps the latest", () => {
    const coordinator = recorder();
    // A worker whose clock runs 5 ms ahead of the coordinator's.
    const ahead = new Recorder(agents, types, { scheduleCorrectionMs: 5 });
    const taker = new DeltaTaker(ahead);
    expect(taker.take(false).lastSettledAt).toBeUndefined();
    ahead.delivered(message(1), 3_000);
    // Deliveries of one batch end in any order: an earlier one settling later changes nothing.
    ahead.delivered(message(2), 2_990);
    coordinator.absorb(taker.take(false));
    expect(coordinator.lastSettledAt).toBe(2_995);
    coordinator.absorb(taker.take(true));
    expect(coordinator.lastSettledAt).toBe(2_995);
  });

  it("lets the run store's outcome counts replace the reported ones", () => {
    const coordinator = recorder();
    coordinator.setOutcomes({
      delivered: 7,
      deadLettered: 2,
      byType: {
        direct: { delivered: 7, deadLettered: 0 },
        broadcast: { delivered: 0, deadLettered: 2 },
      },
      bySender: { "Agent-2": { delivered: 7, deadLettered: 2 } },
      settled: 9,
      duplicates: 0,
    });
    expect(coordinator.counts()).toMatchObject({ delivered: 7, deadLettered: 2 });
    expect(coordinator.byType().get("broadcast")?.deadLettered).toBe(2);
    expect(coordinator.byType().get("hard_onboard")?.delivered).toBe(0);
    expect(coordinator.byAgent().get("Agent-2")?.delivered).toBe(7);
    expect(coordinator.byAgent().get("Agent-1")?.delivered).toBe(0);
  });
});
