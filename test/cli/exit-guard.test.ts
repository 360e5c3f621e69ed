import { describe, expect, it } from "vitest";
import { ExitDuringRun, holdProcessExit } from "../../src/cli/exit-guard.js";

describe("holdProcessExit", () => {
  it("stops the run that holds instead of exiting, and gives process.exit back on release", () => {
    const original = process.exit;
    const codes: unknown[] = [];
    const release = holdProcessExit((code) => codes.push(code));
    expect(() => process.exit(7)).toThrow(ExitDuringRun);
    expect(codes).toEqual([7]);
    release();
    expect(process.exit).toBe(original);
  });

  it("lets holds overlap and be released in any order, stopping every run that holds", () => {
    const original = process.exit;
    const stopped: string[] = [];
    const releaseFirst = holdProcessExit(() => stopped.push("first"));
    const releaseSecond = holdProcessExit(() => stopped.push("second"));
    expect(() => process.exit(1)).toThrow(ExitDuringRun);
    expect(stopped).toEqual(["first", "second"]);

    // The first released first: the second still holds, then nothing does.
    releaseFirst();
    expect(process.exit).not.toBe(original);
    expect(() => process.exit(2)).toThrow(ExitDuringRun);
    expect(stopped).toEqual(["first", "second", "second"]);
    releaseSecond();
    expect(process.exit).toBe(original);
    // A release called twice changes nothing.
    releaseFirst();
    expect(process.exit).toBe(original);
  });
});
