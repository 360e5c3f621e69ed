/** The live dashboard's second-by-second update draws the report's own charts. */
import { describe, expect, it } from "vitest";
import { dashboardUpdate } from "../../../src/report/html/dashboard-update.js";
import { timeline } from "./support.js";

describe("dashboardUpdate", () => {
  it("draws an open run's uncorrected p50 and p99 in its latency chart, a closed run's not", () => {
    const view = (open: boolean) => ({
      elapsedMs: 3000,
      timeline: timeline(3).map((point) =>
        open ? { ...point, endToEndUncorrectedP50Ms: 1, endToEndUncorrectedP99Ms: 4 } : point,
      ),
      thresholds: [],
      final: false,
    });
    const labels = (open: boolean) =>
      dashboardUpdate(view(open))
        .charts.find((chart) => chart.id === "chart-latency")
        ?.spec?.series.map((series) => series.label);
    expect(labels(true)).toEqual(["p50", "p95", "p99", "p50 uncorrected", "p99 uncorrected"]);
    expect(labels(false)).toEqual(["p50", "p95", "p99"]);
  });
});
