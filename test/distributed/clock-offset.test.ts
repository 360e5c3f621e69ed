import { describe, expect, it } from "vitest";
import { clockOffsetToRedis } from "../../src/distributed/clock-offset.js";
import { Recorder } from "../../src/metrics/recorder.js";
import { nowMs } from "../../src/util/clock.js";
import { directMessage } from "../support/direct-message.js";

let recorder: Recorder | undefined;

describe("clock offsets of a distributed run", () => {
  it("measures how far this clock is ahead of the server's", async () => {
    // A server whose clock is 5 s behind this process's.
    const server = {
      sendCommand: async () => {
        const at = nowMs() - 5000;
        return [String(Math.floor(at / 1000)), String(Math.round((at % 1000) * 1000))];
      },
    };
    expect(await clockOffsetToRedis(server)).toBeCloseTo(5000, -1);
  });

  it("takes a worker's correction off the end-to-end latency of messages made elsewhere", () => {
    // The coordinator's clock is 2 s behind this worker's: its scheduled times read 2 s early.
    recorder = new Recorder(["Agent-1", "Agent-2"], ["direct"], { scheduleCorrectionMs: 2000 });
    const message = directMessage(0, { scheduledAt: 10_000, enqueuedAt: 10_000, attempts: 1 });
    recorder.generated(message);
    recorder.delivered(message, 12_007);
    expect(recorder.endToEnd.summary().max).toBeCloseTo(7, 2);
  });
});
