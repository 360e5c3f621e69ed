import { describe, expect, it } from "vitest";
import { renderCompareReport } from "../../../src/report/html/compare-report.js";
import { sampleResult } from "../../fixtures/result.js";
import {
  comparisonOf,
  encodedHistogram,
  HOSTILE,
  loadedUrls,
  promisedCharts,
  reportData,
  timeline,
} from "./support.js";

const base = sampleResult({
  timeline: timeline(5),
  histograms: { endToEnd: encodedHistogram([1, 2, 3, 4, 10]), queueWait: "", delivery: "" },
});
const candidate = sampleResult({
  startedAt: "2026-11-28T09:00:00.000Z",
  timeline: timeline(7),
  histograms: { endToEnd: encodedHistogram([2, 3, 5, 8, 40]), queueWait: "", delivery: "" },
  throughput: { messagesPerSec: 50, deliveriesPerSec: 70 },
  latency: { ...sampleResult().latency, endToEnd: { ...sampleResult().latency.endToEnd, p99: 90 } },
});

describe("renderCompareReport", () => {
  const comparison = comparisonOf(base, candidate, {
    base: "results/base.json",
    candidate: "results/candidate.json",
    warnings: ["the runs used different settings: delay"],
  });
  const html = renderCompareReport(comparison, base, candidate);

  it("names both runs and shows the warnings before the figures", () => {
    expect(html).toContain("results/base.json");
    expect(html).toContain("results/candidate.json");
    const warning = html.indexOf("the runs used different settings: delay");
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(html.indexOf('id="figures"'));
  });

  it("lists each row with both values, the ratio and a marked verdict", () => {
    expect(html).toContain("72.9 msg/s");
    expect(html).toContain("50.0 msg/s");
    expect(html).toContain("×0.69 (−31.4%)");
    // Rates show their change in percentage points.
    expect(html).toContain("×1.00 (±0.00 pp)");
    expect(html).toContain('<span class="mark worse">▼ worse</span>');
    expect(html).toContain('<span class="mark same">= same</span>');
    expect(html).toContain('<span class="mark na">– n/a</span>');
    expect(html).toContain("▼ 2 worse");
  });

  it("overlays both runs' latency curves and throughput lines", () => {
    const { charts } = reportData(html);
    expect(charts.map((chart) => chart.id)).toEqual([
      "chart-compare-latency",
      "chart-compare-throughput",
    ]);
    expect(promisedCharts(html)).toBe(2);
    for (const chart of charts) {
      expect(chart.series.map((s) => s.label)).toEqual(["base", "candidate"]);
    }
    const throughput = charts[1];
    // Seconds 1..7: the candidate ran longer, so the base has no value past its fifth second.
    expect(throughput?.data[0]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(throughput?.data[1]?.slice(5)).toEqual([null, null]);
  });

  it("marks the settings in which the runs differ", () => {
    const differing = renderCompareReport(
      comparisonOf(base, sampleResult({ config: { ...base.config, seed: 1 } })),
      base,
      sampleResult({ config: { ...base.config, seed: 1 } }),
    );
    expect(differing).toMatch(/<tr class="differs"><td>seed <span class="differs-mark">/);
  });

  it("escapes hostile labels and warnings and loads nothing", () => {
    const hostile = renderCompareReport(
      comparisonOf(base, candidate, { base: HOSTILE, candidate: HOSTILE, warnings: [HOSTILE] }),
      base,
      candidate,
    );
    expect(hostile).not.toContain("<img");
    expect(hostile).not.toContain(HOSTILE);
    expect(hostile).toContain("<li>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</li>");
    expect(loadedUrls(hostile)).toEqual([]);
  });

  it("draws what it can when a run has no timeline or no histogram", () => {
    const empty = sampleResult();
    const page = renderCompareReport(comparisonOf(base, empty), base, empty);
    const { charts } = reportData(page);
    expect(charts.map((chart) => chart.series.length)).toEqual([1, 1]);
    expect(page).toContain("A run that delivered nothing has no curve.");
    expect(page).toContain("A run too short for a line (under two points) is left out.");
  });
});
