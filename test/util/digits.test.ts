import { describe, expect, it } from "vitest";
import { groupDigits, naturalOrder } from "../../src/util/digits.js";
import { seededRandom } from "../support/seeded-random.js";

describe("groupDigits", () => {
  it("writes what toLocaleString('en-US') writes", () => {
    const random = seededRandom(3);
    const values = [0, 1, -1, 999, 1000, -1000, 12345.5, 0.125, -0.375, 1e15, 2 ** 53, 1e20];
    for (let i = 0; i < 2000; i++) {
      const whole = Math.floor(random() ** 3 * 1e12);
      values.push(whole, -whole || 0, whole + Math.floor(random() * 8) / 8);
    }
    for (const value of values) {
      expect(groupDigits(value), String(value)).toBe(value.toLocaleString("en-US"));
      // A negative value that rounds to zero is "-0" there, "0" here (below).
      if (value < 0 && value > -0.5) continue;
      expect(groupDigits(value, 0), String(value)).toBe(
        value.toLocaleString("en-US", { maximumFractionDigits: 0 }),
      );
    }
  });

  it("names what is not a finite number, and writes no minus sign on a zero", () => {
    expect([NaN, Infinity, -Infinity].map((v) => groupDigits(v))).toEqual(["NaN", "∞", "-∞"]);
    // toLocaleString writes "-0" for both.
    expect([-0, -0.0001].map((v) => groupDigits(v))).toEqual(["0", "0"]);
  });
});

describe("naturalOrder", () => {
  it("sorts numbers inside names by value", () => {
    const names = ["Agent-10", "Agent-2", "Agent-1", "b", "Agent-02x", "a10", "a9", "Agent-"];
    expect([...names].sort(naturalOrder)).toEqual([
      "Agent-",
      "Agent-1",
      "Agent-02x",
      "Agent-2",
      "Agent-10",
      "a9",
      "a10",
      "b",
    ]);
  });
});
