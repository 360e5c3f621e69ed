import { describe, expect, it } from "vitest";
import { SETTLE_HOPS, StartGate } from "../../src/processor/start-gate.js";

/** Resolves after `n` microtask turns. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await undefined;
}

describe("StartGate", () => {
  it("is open until a promised start, then shut for a few microtask turns", async () => {
    const gate = new StartGate();
    expect(gate.shut).toBe(false);
    gate.startedPromise();
    expect(gate.shut).toBe(true);
    // Reactions queued just after the start see it shut for the first turns, then open.
    const seen: boolean[] = [];
    let turn: Promise<void> = Promise.resolve();
    for (let i = 0; i <= SETTLE_HOPS; i++) {
      turn = turn.then(() => {
        seen.push(gate.shut);
      });
    }
    await turn;
    expect(seen.slice(0, SETTLE_HOPS - 1)).toEqual(Array(SETTLE_HOPS - 1).fill(true));
    expect(seen.at(-1)).toBe(false);
  });

  it("lets an answer settled before its start's return be heard before it opens", async () => {
    const gate = new StartGate();
    // An async function that did its work before its first await, returning an adopted
    // promise: the slowest already-settled answer the gate waits for.
    const answer = (async () => Promise.resolve("done"))();
    gate.startedPromise();
    let heard = false;
    void answer.then(() => {
      heard = true;
    });
    while (gate.shut) await gate.wait();
    expect(heard).toBe(true);
  });

  it("wakes the workers waiting in line one per opening, in order", async () => {
    const gate = new StartGate();
    gate.startedPromise();
    const started: number[] = [];
    const worker = async (id: number): Promise<void> => {
      while (gate.shut) await gate.wait();
      started.push(id);
      gate.startedPromise();
    };
    await Promise.all([worker(1), worker(2), worker(3)]);
    expect(started).toEqual([1, 2, 3]);
  });

  it("stays shut while the loop breathes, and opens after it", async () => {
    const gate = new StartGate();
    let breathe: () => void = () => {};
    gate.breathe(
      new Promise<void>((resolve) => {
        breathe = resolve;
      }),
    );
    await turns(SETTLE_HOPS + 2);
    expect(gate.shut).toBe(true);
    const waiting = (async () => {
      while (gate.shut) await gate.wait();
    })();
    breathe();
    await waiting;
    expect(gate.shut).toBe(false);
  });

  it("hands the line on when a worker leaves", async () => {
    const gate = new StartGate();
    gate.startedPromise();
    const left: number[] = [];
    const worker = async (id: number): Promise<void> => {
      while (gate.shut) await gate.wait();
      left.push(id);
      gate.leave();
    };
    await Promise.all([worker(1), worker(2), worker(3)]);
    expect(left).toEqual([1, 2, 3]);
  });
});
