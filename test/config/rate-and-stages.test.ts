import { describe, expect, it } from "vitest";
import { MAX_RATE_PER_SEC, parseRate } from "../../src/config/rate.js";
import { parseStages } from "../../src/config/stages.js";

describe("parseRate", () => {
  it("reads messages per second, per minute or per hour, with k for thousands", () => {
    expect(parseRate("2000/s")).toBe(2000);
    expect(parseRate("2k/s")).toBe(2000);
    expect(parseRate("2000")).toBe(2000);
    expect(parseRate(" 120 / m ")).toBe(2);
    expect(parseRate("7200/h")).toBe(2);
    expect(parseRate("0.5/s")).toBe(0.5);
    expect(parseRate(250)).toBe(250);
  });

  it("refuses what is not a rate, zero, negatives and the unbounded, in one line each", () => {
    expect(() => parseRate("fast")).toThrow(/^invalid rate "fast": expected messages per second/);
    expect(() => parseRate("100/d")).toThrow(/invalid rate "100\/d"/);
    expect(() => parseRate("0/s")).toThrow(/expected more than zero messages per second/);
    expect(() => parseRate(-5)).toThrow(/expected more than zero/);
    expect(() => parseRate(Number.NaN)).toThrow(/invalid rate NaN/);
    expect(() => parseRate(`${"9".repeat(400)}/s`)).toThrow(/invalid rate/);
    expect(() => parseRate(MAX_RATE_PER_SEC * 2)).toThrow(/at most 100,000,000\/s/);
  });

  it("lets a ramping stage aim at zero", () => {
    expect(parseRate("0/s", { allowZero: true })).toBe(0);
  });
});

describe("parseStages", () => {
  it("reads DURATION:RATE lists and k6-style lists of { duration, target }", () => {
    const expected = [
      { durationMs: 10_000, targetRate: 100 },
      { durationMs: 60_000, targetRate: 5000 },
      { durationMs: 500, targetRate: 0 },
    ];
    expect(parseStages("10s:100/s, 60s:5k/s,500ms:0")).toEqual(expected);
    expect(
      parseStages([
        { duration: "10s", target: "100/s" },
        { duration: 60_000, target: 5000 },
        { duration: "500ms", target: 0 },
      ]),
    ).toEqual(expected);
  });

  it("names the stage that is wrong", () => {
    expect(() => parseStages("10s:100/s,oops")).toThrow(
      /^invalid stage "oops": expected DURATION:RATE/,
    );
    expect(() => parseStages("10s:100/s,5x:10/s")).toThrow(
      /^stage 5x:10\/s: invalid duration "5x"/,
    );
    expect(() => parseStages("0s:10/s")).toThrow(
      /^stage 0s:10\/s: a stage must last more than 0ms/,
    );
    expect(() => parseStages([{ duration: "1s", target: "lots" }])).toThrow(
      /^stage number 1: invalid rate "lots"/,
    );
    expect(() => parseStages([])).toThrow(/at least one stage/);
    expect(() => parseStages("20d:1/s,20d:1/s")).toThrow(/invalid duration|more than/);
  });
});
