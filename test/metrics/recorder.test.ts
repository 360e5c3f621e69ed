import { describe, expect, it } from "vitest";
import { OTHER_REASONS, Recorder } from "../../src/metrics/recorder.js";
import type { Message } from "../../src/model/message.js";

const agents = ["Agent-1", "Agent-2", "Agent-3"];
let recorder: Recorder;

function message(seq: number, type: Message["type"], recipients: string[]): Message {
  return {
    id: `m${seq}`,
    seq,
    type,
    sender: "Agent-1",
    addressedTo: recipients,
    recipients,
    priority: 1,
    payload: "",
    scheduledAt: 1000,
    enqueuedAt: 1005,
    attempts: 1,
  };
}

describe("Recorder", () => {
  it("counts by the names themselves whatever positions a message's hints give", () => {
    recorder = new Recorder(agents, ["direct"]);
    const hinted = (seq: number, to: string, hints: Record<string, number>) =>
      Object.assign(message(seq, "direct", [to]), hints) as Message;
    const messages = [
      hinted(0, "Agent-2", { senderIndex: 0, typeIndex: 0, recipientIndex: 1 }),
      // Wrong positions, and none: still counted under the agents they name.
      hinted(1, "Agent-3", { senderIndex: 2, typeIndex: 1, recipientIndex: 0 }),
      hinted(2, "Agent-3", { recipientIndex: 7 }),
      hinted(3, "Agent-2", { recipientIndex: -1 }),
    ];
    for (const m of messages) {
      recorder.generated(m);
      recorder.attempt(m, m.recipients[0] as string, true, false, 1);
    }
    const byAgent = recorder.byAgent();
    expect(byAgent.get("Agent-1")?.generated).toBe(4);
    expect(byAgent.get("Agent-1")?.deliveries).toBe(4);
    expect(byAgent.get("Agent-1")?.received).toBe(0);
    expect(byAgent.get("Agent-2")?.received).toBe(2);
    expect(byAgent.get("Agent-3")?.received).toBe(2);
    expect(recorder.byType().get("direct")?.deliveries).toBe(4);
  });

  it("counts deliveries per recipient and messages once, by type and agent", () => {
    recorder = new Recorder(agents, ["direct", "broadcast"]);
    const broadcast = message(0, "broadcast", ["Agent-2", "Agent-3"]);
    const direct = message(1, "direct", ["Agent-3"]);
    recorder.generated(broadcast);
    recorder.generated(direct);
    recorder.leased(broadcast, 1010);
    recorder.attempt(broadcast, "Agent-2", true, false, 1);
    recorder.attempt(broadcast, "Agent-3", false, true, 2);
    recorder.attempt(direct, "Agent-3", true, false, 1);
    expect(recorder.delivered(direct, 1020)).toBe(true);
    recorder.retried();
    recorder.attempt(broadcast, "Agent-3", true, false, 1);
    expect(recorder.delivered(broadcast, 1100)).toBe(true);

    const totals = recorder.totals(0);
    expect(totals).toMatchObject({
      generated: 2,
      delivered: 2,
      deliveries: 3,
      failed: 1,
      timedOut: 1,
      retried: 1,
      attempts: 4,
      duplicates: 0,
    });
    const byAgent = recorder.byAgent();
    expect(byAgent.get("Agent-3")?.received).toBe(2);
    expect(byAgent.get("Agent-1")?.generated).toBe(2);
    expect(recorder.byType().get("broadcast")?.failed).toBe(1);
    expect(recorder.endToEnd.summary().max).toBeCloseTo(100, 0);
    expect(recorder.queueWait.summary().p50).toBeCloseTo(5, 1);
  });

  it("counts a second outcome of the same message as a duplicate, not a delivery", () => {
    recorder = new Recorder(agents, ["direct"]);
    const m = message(3, "direct", ["Agent-2"]);
    recorder.generated(m);
    expect(recorder.delivered(m, 1001)).toBe(true);
    expect(recorder.delivered(m, 1002)).toBe(false);
    expect(recorder.deadLettered(m, "late", 1003)).toBe(false);
    expect(recorder.totals(0)).toMatchObject({ delivered: 1, deadLettered: 0, duplicates: 2 });
    expect(recorder.settledDistinct).toBe(1);
  });

  it("keeps dead letters by reason with a bounded sample", () => {
    recorder = new Recorder(agents, ["direct"]);
    for (let seq = 0; seq < 30; seq++) {
      const m = message(seq, "direct", ["Agent-2"]);
      recorder.generated(m);
      recorder.deadLettered(m, seq % 2 ? "refused" : "timed out", 1000 + seq);
    }
    const dead = recorder.deadLetters();
    expect(dead.count).toBe(30);
    expect(dead.byReason).toEqual({ refused: 15, "timed out": 15 });
    expect(dead.sample).toHaveLength(20);
    expect(dead.sample[1]).toMatchObject({ id: "m1", error: "refused", recipients: ["Agent-2"] });
  });

  it("groups dead-letter reasons beyond a hundred under one entry", () => {
    recorder = new Recorder(agents, ["direct"]);
    for (let seq = 0; seq < 150; seq++) {
      const m = message(seq, "direct", ["Agent-2"]);
      recorder.generated(m);
      recorder.deadLettered(m, `order ${seq} refused`, 1000);
    }
    const reasons = recorder.deadLetters().byReason;
    expect(Object.keys(reasons)).toHaveLength(101);
    expect(reasons[OTHER_REASONS]).toBe(50);
  });

  it("rejects a message of a type the run does not send", () => {
    recorder = new Recorder(agents, ["direct"]);
    expect(() => recorder.generated(message(0, "broadcast", ["Agent-2"]))).toThrow(/broadcast/);
  });
});
