import { describe, expect, it } from "vitest";
import { DELIVERED, type DeliveryOutcome, TIMED_OUT } from "../../src/delivery/delivery-core.js";
import { settledAnswer } from "../../src/processor/promised-answer.js";

/** Holds the thread for `ms`, as a GC pause or a busy machine would. */
function pause(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

/** A promise the event loop's timers phase resolves with `outcome`. */
function answeredByTimer(outcome: DeliveryOutcome): Promise<DeliveryOutcome> {
  return new Promise((resolve) => setTimeout(() => resolve(outcome), 0));
}

describe("settledAnswer", () => {
  it("times out an answer heard after the deadline, even when its callback runs first", async () => {
    let answer: (outcome: DeliveryOutcome) => void = () => {};
    const promised = new Promise<DeliveryOutcome>((resolve) => {
      answer = resolve;
    });
    const heard = settledAnswer(promised, 1, () => performance.now());
    // The process pauses past the deadline, and the answer's callback runs before the timer's
    // can: the verdict must still be the deadline's.
    pause(5);
    answer(DELIVERED);
    const settled = await heard;
    expect(settled.value).toBe(TIMED_OUT);
    expect(settled.threw).toBe(false);
  });

  it("counts the deadline from the call's start, so a pause before the wait gives no more time", async () => {
    const now = () => performance.now();
    const started = now();
    // The core answered at once; the process paused before the wait began.
    pause(5);
    expect((await settledAnswer(Promise.resolve(DELIVERED), 1, now, started)).value).toBe(
      TIMED_OUT,
    );
    // Timed from the wait's start, the same answer is heard in time.
    pause(5);
    expect((await settledAnswer(Promise.resolve(DELIVERED), 1, now)).value).toBe(DELIVERED);
  });

  it("keeps an answer heard before the deadline", async () => {
    const heard = settledAnswer(answeredByTimer(DELIVERED), 1_000, () => performance.now());
    expect((await heard).value).toBe(DELIVERED);
  });

  it("keeps a rejection heard before the deadline as thrown", async () => {
    const failure = new Error("core failed");
    const heard = settledAnswer(Promise.reject(failure), 1_000, () => performance.now());
    expect(await heard).toMatchObject({ value: failure, threw: true });
  });
});
