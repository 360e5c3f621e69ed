import { describe, expect, it } from "vitest";
import { overlay } from "../../../src/report/html/overlay.js";
import { ratesPerSecond } from "../../../src/report/html/timeline-rates.js";
import { timeline } from "./support.js";

describe("ratesPerSecond", () => {
  it("divides each interval's counts by its length", () => {
    const points = timeline(3).map((point, i) => ({ ...point, t: [1, 2, 2.5][i] as number }));
    // The last interval is half a second long: 120 delivered in it is 240 per second.
    expect(ratesPerSecond(points)).toEqual([
      { t: 1, delivered: 100, failed: 0, offered: 0, sent: 0 },
      { t: 2, delivered: 110, failed: 1, offered: 0, sent: 0 },
      { t: 2.5, delivered: 240, failed: 4, offered: 0, sent: 0 },
    ]);
  });

  it("rates an open run's arrivals and sends the same way", () => {
    const points = timeline(2).map((point, i) => ({
      ...point,
      t: [1, 1.5][i] as number,
      offered: [500, 250][i] as number,
      sent: [480, 260][i] as number,
    }));
    expect(ratesPerSecond(points).map(({ t, offered, sent }) => ({ t, offered, sent }))).toEqual([
      { t: 1, offered: 500, sent: 480 },
      { t: 1.5, offered: 500, sent: 520 },
    ]);
  });

  it("folds a last interval of a few milliseconds into the one before", () => {
    const points = timeline(3).map((point, i) => ({ ...point, t: [1, 2, 2.01][i] as number }));
    const rates = ratesPerSecond(points);
    expect(rates).toHaveLength(2);
    expect(rates[1]?.t).toBe(2.01);
    expect(rates[1]?.delivered).toBeCloseTo((110 + 120) / 1.01, 9);
  });

  it("has nothing to say about an empty timeline", () => {
    expect(ratesPerSecond([])).toEqual([]);
  });
});

describe("overlay", () => {
  it("puts lines on the union of their x values, null where a line has no point", () => {
    expect(
      overlay([
        { x: [1, 2, 3], y: [10, 20, 30] },
        { x: [1.5, 3], y: [5, 6], xLabels: ["a", "b"] },
      ]),
    ).toEqual({
      x: [1, 1.5, 2, 3],
      ys: [
        [10, null, 20, 30],
        [null, 5, null, 6],
      ],
      xLabels: [null, "a", null, "b"],
    });
  });
});
