import { describe, expect, it } from "vitest";
import { countsIn, integersIn, stampsIn } from "../../src/queue/redis/replies.js";

const text = (value: string) => Buffer.from(value, "latin1");

describe("what the Redis scripts send back", () => {
  it("reads hand-out numbers from entry ids and whole numbers alike", () => {
    expect(integersIn(text("0-12,0-13,0-1000000007"))).toEqual([12, 13, 1_000_000_007]);
    expect(integersIn(text("3,1,40,2"))).toEqual([3, 1, 40, 2]);
  });

  it("spreads each stamp from its position to the next change, moved onto this clock", () => {
    expect(stampsIn(text("1,1700000000000.25"), 3, 0.5)).toEqual([
      1_700_000_000_000.75, 1_700_000_000_000.75, 1_700_000_000_000.75,
    ]);
    expect(stampsIn(text("1,100,3,250.5,4,90"), 5, 0)).toEqual([100, 100, 250.5, 90, 90]);
  });

  it("counts expired hand-outs only where named", () => {
    expect(countsIn(text(""), 3)).toEqual([0, 0, 0]);
    expect(countsIn(text("2,1,4,3"), 4)).toEqual([0, 1, 0, 3]);
  });
});
