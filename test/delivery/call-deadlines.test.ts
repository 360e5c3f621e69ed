import { describe, expect, it } from "vitest";
import { CallDeadlines } from "../../src/delivery/http/call-deadlines.js";

/** Hold the event loop for `ms`: no timer can run meanwhile. */
function hold(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

describe("CallDeadlines", () => {
  it("gives up, when asked, on the calls past their deadline whose timers have not run", () => {
    const deadlines = new CallDeadlines();
    const gaveUp: string[] = [];
    const overdue = () => {
      gaveUp.push("overdue");
      deadlines.end(overdue);
    };
    const later = () => gaveUp.push("later");
    deadlines.start(overdue, 10);
    deadlines.start(later, 60_000);
    hold(20);
    deadlines.giveUpOverdue();
    expect(gaveUp).toEqual(["overdue"]);
    // Given up once: neither asking again nor the timer gives up on it twice.
    deadlines.giveUpOverdue();
    expect(gaveUp).toEqual(["overdue"]);
    deadlines.end(later);
  });

  it("gives up on its own once the deadline passes, and not on a call that ended", async () => {
    const deadlines = new CallDeadlines();
    const gaveUp: string[] = [];
    const slow = () => {
      gaveUp.push("slow");
      deadlines.end(slow);
    };
    const answered = () => gaveUp.push("answered");
    deadlines.start(slow, 5);
    deadlines.start(answered, 5);
    deadlines.end(answered);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(gaveUp).toEqual(["slow"]);
  });
});
