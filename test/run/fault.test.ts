import { describe, expect, it } from "vitest";
import { RuntimeError } from "../../src/errors.js";
import { FaultRecord } from "../../src/run/fault.js";

describe("FaultRecord", () => {
  it("takes an environment fault as the reason and gathers what it left unknown", () => {
    const faults = new FaultRecord();
    expect(faults.fault).toBeUndefined();
    faults.stoppedBy(new RuntimeError("queue file q.db: the disk is full"));
    faults.couldNotLearn(new Error("closed"), "what the queue still holds");
    expect(faults.fault).toEqual({
      reason: "queue file q.db: the disk is full",
      unknown: ["what the queue still holds (closed)"],
    });
  });

  it("makes a fault of an environment failure met only at the end, and throws a bug on", () => {
    const faults = new FaultRecord();
    expect(() => faults.couldNotLearn(new TypeError("bug"), "x")).toThrow(TypeError);
    expect(() => faults.stoppedBy(new TypeError("bug"))).toThrow(TypeError);
    expect(faults.fault).toBeUndefined();
    faults.couldNotLearn(new RuntimeError("lost Redis at h:1"), "what the queue still holds");
    expect(faults.fault?.reason).toBe("lost Redis at h:1");
  });
});
