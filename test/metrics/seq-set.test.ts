import { describe, expect, it } from "vitest";
import { SeqSet } from "../../src/metrics/seq-set.js";

describe("SeqSet", () => {
  it("tells a first add from a repeat, across growth", () => {
    const set = new SeqSet();
    expect(set.add(5)).toBe(true);
    expect(set.add(5)).toBe(false);
    expect(set.add(1_000_000)).toBe(true);
    expect(set.has(1_000_000)).toBe(true);
    expect(set.has(999_999)).toBe(false);
    expect(set.has(5)).toBe(true);
    expect(set.size).toBe(2);
  });

  it("holds every member of a dense range", () => {
    const set = new SeqSet();
    for (let i = 0; i < 100_000; i++) set.add(i);
    expect(set.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) expect(set.has(i)).toBe(true);
    expect(set.add(99_999)).toBe(false);
  });
});
