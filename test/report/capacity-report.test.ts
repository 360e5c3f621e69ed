import { describe, expect, it } from "vitest";
import { formatCapacity, outcomeLine } from "../../src/report/capacity-table.js";
import { renderCapacityReport } from "../../src/report/html/capacity-report.js";
import { sampleCapacity } from "../fixtures/capacity.js";
import { reportData } from "./html/support.js";

describe("formatCapacity", () => {
  it("leads with the rate found, then a row per step", () => {
    const text = formatCapacity(sampleCapacity());
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      "Capacity: 788/s sustained, confirmed by a longer hold; 800/s did not hold",
    );
    expect(lines[1]).toMatch(
      /^ {2}SLO: latency\.endToEnd\.p99<100ms; resolution 2\.0%; 11 steps in 30s/,
    );
    expect(text).toMatch(/\n {2}ramp +800 +800 +760 .* not sustained\n/);
    expect(lines.filter((line) => /^ {2}(warm-up|ramp|bisect|confirm) /.test(line))).toHaveLength(
      11,
    );
  });

  it("says a range, a harness limit or a stop rather than a rate it did not see hold", () => {
    expect(
      outcomeLine({
        verdict: "unconfirmed",
        sustainedRate: null,
        range: [775, 787.5],
        firstFailingRate: 787.5,
      }),
    ).toBe("between 775/s and 788/s: 788/s held in the search but not when held longer");
    expect(
      outcomeLine({
        verdict: "harness-limited",
        sustainedRate: 3200,
        range: null,
        firstFailingRate: null,
      }),
    ).toMatch(/the harness could not offer more; 3,200\/s held: the limit found is swarm-stress's/);
    expect(
      outcomeLine({ verdict: "stopped", sustainedRate: 400, range: null, firstFailingRate: null }),
    ).toBe("stopped before the end; 400/s held so far (unconfirmed)");
  });

  it("says whether --min-rate passed", () => {
    const search = { ...sampleCapacity().search, minRate: 1000 };
    expect(formatCapacity(sampleCapacity({ search, minRatePassed: false }))).toMatch(
      /--min-rate 1,000\/s: FAIL/,
    );
  });
});

describe("renderCapacityReport", () => {
  it("charts latency and throughput against the offered rate, the knee marked, and the search over time", () => {
    const html = renderCapacityReport(sampleCapacity());
    const { charts } = reportData(html);
    expect(charts.map((chart) => chart.id)).toEqual([
      "chart-capacity-latency",
      "chart-capacity-throughput",
      "chart-capacity-timeline",
    ]);
    const latency = charts[0];
    expect(latency?.x).toBe("rate");
    expect(latency?.series.map((s) => s.label)).toEqual([
      "p50",
      "p99",
      "p99 uncorrected",
      "rate found",
    ]);
    // Steps by rate, the warm-up left out; the knee's two points at the rate found.
    const x = latency?.data[0] as number[];
    expect(x.filter((rate) => rate < 787.5)).toEqual([100, 200, 400, 600, 700, 750, 775]);
    expect(x.filter((rate) => Math.abs(rate - 787.5) < 0.001)).toHaveLength(2);
    expect(html).toContain("788/s sustained, confirmed by a longer hold");
    expect(html).toContain('data-verdict="pass"');
    expect(html).toContain("not sustained: the backlog grew by 10 messages a second");
  });

  it("fails the page's verdict when --min-rate was not met", () => {
    const search = { ...sampleCapacity().search, minRate: 1000 };
    expect(renderCapacityReport(sampleCapacity({ search, minRatePassed: false }))).toContain(
      'data-verdict="fail"',
    );
  });
});
