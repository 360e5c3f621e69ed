import { describe, expect, it } from "vitest";
import type { Message } from "../../src/model/message.js";
import { bullmqPriority, jobData, messageOf } from "../../src/queue/bullmq/codec.js";
import { testMessage } from "../conformance/queue-conformance.js";

/** A message whose id is a getter, as the generator makes them. */
class GeneratedMessage {
  readonly type = "direct" as const;
  readonly sender = "Agent-1";
  readonly addressedTo = ["Agent-2"];
  recipients: readonly string[] = ["Agent-2"];
  readonly priority = 1;
  readonly payload = "p";
  readonly scheduledAt = 5;
  enqueuedAt = 6;
  acceptedAt: number | undefined = 6;
  attempts = 0;
  constructor(readonly seq: number) {}
  get id(): string {
    return `m${this.seq}`;
  }
}

describe("BullMQ job data", () => {
  it("keeps every field of a message through BullMQ's JSON, a getter id too", () => {
    const message: Message = new GeneratedMessage(7);
    const stored = JSON.parse(JSON.stringify(jobData(message, 3)));
    expect(messageOf(stored, "1")).toEqual({
      message: {
        id: "m7",
        seq: 7,
        type: "direct",
        sender: "Agent-1",
        addressedTo: ["Agent-2"],
        recipients: ["Agent-2"],
        priority: 1,
        payload: "p",
        scheduledAt: 5,
        enqueuedAt: 6,
        acceptedAt: 6,
        attempts: 0,
      },
      startsAtStore: 3,
    });
    const failed = { ...testMessage(1), lastError: "boom", attempts: 2 };
    expect(messageOf(JSON.parse(JSON.stringify(jobData(failed, 0))), "2").message).toEqual(failed);
  });

  it("refuses a job another application added", () => {
    expect(() => messageOf({ color: "blue" }, "9")).toThrow(
      "BullMQ job 9 is not a swarm-stress message",
    );
  });

  it("maps a higher message priority onto a lower BullMQ priority, within BullMQ's range", () => {
    expect(bullmqPriority(3)).toBeLessThan(bullmqPriority(2));
    expect(bullmqPriority(2)).toBeLessThan(bullmqPriority(1));
    expect(bullmqPriority(1)).toBeLessThan(bullmqPriority(0));
    expect(bullmqPriority(0)).toBeLessThan(bullmqPriority(-5));
    expect(bullmqPriority(1e12)).toBe(1);
    expect(bullmqPriority(-1e12)).toBe(2_097_152);
  });
});
