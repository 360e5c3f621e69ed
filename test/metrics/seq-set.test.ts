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

describe("SeqSet over a long run", () => {
  it("still knows members it dropped from the front once they were all present", () => {
    const set = new SeqSet();
    // Settled a little out of order, as batches settle: each block of 1000 in reverse.
    let firsts = 0;
    for (let block = 0; block < 2_000_000; block += 1000)
      for (let i = block + 999; i >= block; i--) if (set.add(i)) firsts++;
    expect(firsts).toBe(2_000_000);
    expect(set.size).toBe(2_000_000);
    for (const seq of [0, 31, 32, 999_999, 1_999_999]) {
      expect(set.has(seq)).toBe(true);
      expect(set.add(seq)).toBe(false);
    }
    expect(set.has(2_000_000)).toBe(false);
    expect(set.size).toBe(2_000_000);
  });

  it("keeps the window open behind a message that has not settled", () => {
    const set = new SeqSet();
    for (let i = 0; i < 1_000_000; i++) if (i !== 40) set.add(i);
    expect(set.has(40)).toBe(false);
    expect(set.has(39)).toBe(true);
    expect(set.has(41)).toBe(true);
    expect(set.add(40)).toBe(true);
    expect(set.add(40)).toBe(false);
    for (let i = 1_000_000; i < 2_000_000; i++) set.add(i);
    expect(set.size).toBe(2_000_000);
    for (let i = 0; i < 2_000_000; i += 4999) expect(set.has(i)).toBe(true);
  });

  it("drops a front that is full while members lie far ahead", () => {
    const set = new SeqSet();
    for (let i = 0; i < 32 * 1024; i++) set.add(i);
    expect(set.add(5_000_000)).toBe(true);
    expect(set.has(5_000_000)).toBe(true);
    expect(set.has(4_999_999)).toBe(false);
    expect(set.has(32 * 1024)).toBe(false);
    expect(set.has(32 * 1024 - 1)).toBe(true);
    expect(set.add(100)).toBe(false);
    expect(set.size).toBe(32 * 1024 + 1);
  });
});
