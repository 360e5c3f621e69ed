import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { chartLibrary } from "../../../src/report/html/assets.js";
import { renderRunReport } from "../../../src/report/html/run-report.js";
import type { RunResult } from "../../../src/result/result.js";
import { StressTestRunner } from "../../../src/run/runner.js";
import { agents, sampleResult } from "../../fixtures/result.js";
import {
  encodedHistogram,
  HOSTILE,
  hostileResult,
  loadedUrls,
  promisedCharts,
  reportData,
  shortRun,
  timeline,
} from "./support.js";

const TIMELINE_CHARTS = ["chart-throughput", "chart-latency", "chart-depth", "chart-resources"];
const ALL_CHARTS = [...TIMELINE_CHARTS, "chart-latency-distribution"];

let run: RunResult;
let html: string;

beforeAll(async () => {
  run = await shortRun();
  html = renderRunReport(run);
});

describe("renderRunReport on a real run", () => {
  it("is one self-contained document under a CSP that forbids fetching", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:`,
    );
    expect(html).toContain(chartLibrary().script);
    expect(html).toContain(chartLibrary().css);
  });

  it("loads nothing: no element or style points at a URL", () => {
    // The check itself finds what it looks for.
    expect(
      loadedUrls(
        '<img src="https://a/b.png"><link href=//cdn/c.css><style>p{background:url(d.png)}</style>',
      ),
    ).toEqual(["https://a/b.png", "//cdn/c.css", "d.png"]);
    expect(loadedUrls(html)).toEqual([]);
    // The library's banner names its home page; nothing else in the page mentions a URL.
    const withoutLibrary = html.replace(chartLibrary().script, "");
    expect(withoutLibrary).not.toMatch(/https?:\/\//);
  });

  it("promises the five charts and hands each its data", () => {
    expect(run.timeline.length).toBeGreaterThanOrEqual(2);
    const { charts } = reportData(html);
    expect(charts.map((chart) => chart.id)).toEqual(ALL_CHARTS);
    expect(promisedCharts(html)).toBe(5);
    for (const chart of charts) {
      expect(html).toContain(`<div class="chart" id="${chart.id}"`);
      const lengths = new Set(chart.data.map((column) => column.length));
      expect(lengths.size).toBe(1);
      expect(chart.data).toHaveLength(chart.series.length + 1);
    }
  });

  it("draws p50, p95 and p99 over time, memory and CPU on two scales", () => {
    const { charts } = reportData(html);
    const latency = charts.find((chart) => chart.id === "chart-latency");
    expect(latency?.series.map((s) => s.label)).toEqual(["p50", "p95", "p99"]);
    const resources = charts.find((chart) => chart.id === "chart-resources");
    expect(resources?.axes.map((a) => [a.scale, a.side])).toEqual([
      ["MB", "left"],
      ["%", "right"],
    ]);
  });

  it("turns per-interval counts into rates per second", () => {
    const { charts } = reportData(html);
    const throughput = charts.find((chart) => chart.id === "chart-throughput");
    const delivered = (throughput?.data[1] ?? []) as number[];
    const seconds = run.durationMs / 1000;
    const mean = delivered.reduce((sum, v) => sum + v, 0) / delivered.length;
    // The mean of the per-second rates is near the run's overall rate (intervals differ a bit).
    expect(mean).toBeGreaterThan((run.totals.delivered / seconds) * 0.5);
    expect(mean).toBeLessThan((run.totals.delivered / seconds) * 2);
  });

  it("headlines the scenario, a pass verdict and the balanced audit", () => {
    expect(html).toContain(`<h1>${run.config.scenario}</h1>`);
    expect(html).toContain('data-verdict="pass"');
    expect(html).toContain("Audit balanced");
    expect(html).toContain(`host ${run.environment.hostname}`);
  });

  it("has every section", () => {
    for (const heading of [
      "Over time",
      "Latency",
      "Thresholds",
      "Chaos events",
      "By message type",
      "By agent",
      "Dead letters",
      "Resources and queue",
      "Harness time",
      "Resolved configuration",
    ]) {
      expect(html).toContain(heading);
    }
  });
});

describe("renderRunReport on a real open run", () => {
  it("charts offered and sent beside delivered, and shows the load and both latencies", async () => {
    const open = await new StressTestRunner({
      agents: 3,
      types: ["direct"],
      rate: "400/s",
      duration: "2.2s",
      interval: 0,
      delay: "1ms",
      seed: 2,
    }).run();
    const page = renderRunReport(open);
    const throughput = reportData(page).charts.find((chart) => chart.id === "chart-throughput");
    expect(throughput?.series.map((s) => s.label)).toEqual([
      "delivered",
      "failed attempts",
      "offered",
      "sent",
    ]);
    const seconds = (throughput?.data[0] ?? []) as number[];
    const offered = (throughput?.data[3] ?? []) as number[];
    // Each point is a rate over its own interval: over the intervals, every arrival the
    // schedule made (how they fall into seconds depends on how busy the machine is).
    const arrivals = offered.reduce(
      (sum, rate, i) => sum + rate * ((seconds[i] ?? 0) - (seconds[i - 1] ?? 0)),
      0,
    );
    expect(arrivals).toBeCloseTo(open.totals.generated, 6);
    expect(open.totals.generated).toBe(880);
    expect(page).toContain("Open load");
    expect(page).toContain("end-to-end (uncorrected)");
    expect(page).toContain("send lag");
    const latency = reportData(page).charts.find((chart) => chart.id === "chart-latency");
    expect(latency?.series.map((s) => s.label)).toContain("p99 uncorrected");
    expect(renderRunReport(run)).not.toContain("Open load");
  });
});

/** The compiled report module; `npm test` builds it first. */
const COMPILED = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "dist",
  "report",
  "html",
  "run-report.js",
);

describe("renderRunReport from the compiled dist/", () => {
  it.skipIf(!existsSync(COMPILED))("finds and inlines the chart library there too", async () => {
    const compiled = (await import(pathToFileURL(COMPILED).href)) as {
      renderRunReport: typeof renderRunReport;
    };
    expect(compiled.renderRunReport(sampleResult())).toContain(chartLibrary().script);
  });
});

describe("renderRunReport escaping", () => {
  const hostile = renderRunReport(hostileResult());

  it("never lets result text become markup", () => {
    expect(hostile).not.toContain("<img");
    expect(hostile).not.toContain(HOSTILE);
    expect(hostile).toContain("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("keeps the script elements whole: the only </script> tags are the page's own", () => {
    const closings = hostile.match(/<\/script/gi) ?? [];
    const openings = hostile.match(/<script\b/gi) ?? [];
    expect(closings.length).toBe(openings.length);
    expect(openings.length).toBe(3);
  });

  it("escapes every place result text shows: scenario, agent, warning, core, errors, host", () => {
    const escaped = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;";
    expect(hostile).toContain(`<h1>${escaped}</h1>`);
    expect(hostile).toContain(`<td>${escaped}</td>`);
    expect(hostile).toContain(`<li>${escaped}</li>`);
    expect(hostile).toContain(`core ./cores/${escaped}.js`);
    expect(hostile).toContain(`host ${escaped}`);
    expect(hostile).toContain(`type ${escaped} does not add up`);
    expect(loadedUrls(hostile)).toEqual([]);
  });
});

describe("renderRunReport verdicts", () => {
  it("fails a run whose audit does not balance, and says why", () => {
    const page = renderRunReport(
      sampleResult({ audit: { balanced: false, lost: 3, duplicates: 1, problems: ["lost 3"] } }),
    );
    expect(page).toContain('data-verdict="fail"');
    expect(page).toContain("the audit does not balance: 3 lost");
    expect(page).toContain("Audit failed");
  });

  it("says what the receivers' receipts showed, for a run that verified them", () => {
    const page = renderRunReport(
      sampleResult({
        audit: {
          balanced: false,
          lost: 0,
          duplicates: 0,
          problems: ["1 delivery(ies) received more times than they were sent"],
          receiver: {
            url: "http://127.0.0.1:9100",
            balanced: false,
            pairs: 10,
            pairsDelivered: 10,
            lostAtReceiver: 0,
            duplicatesAtReceiver: 1,
            receivedButFailed: 0,
            sample: { lostAtReceiver: [], duplicatesAtReceiver: [], receivedButFailed: [] },
          },
        },
      }),
    );
    expect(page).toContain(
      "Receipts of http://127.0.0.1:9100: 10 deliveries counted; lost at receiver 0, duplicates at receiver 1, received but failed 0.",
    );
    expect(page).toContain("Audit failed");
  });

  it("fails a run with a failed threshold and says which stopped the run", () => {
    const page = renderRunReport(
      sampleResult({
        stoppedEarly: true,
        totals: { ...sampleResult().totals, pending: 12 },
        thresholds: [
          {
            expression: "successRate>0.99",
            metric: "successRate",
            operator: ">",
            limit: 0.99,
            value: 0.9,
            unit: "ratio",
            passed: false,
            abortedRun: true,
          },
          {
            expression: "latency.endToEnd.p99<100ms",
            metric: "latency.endToEnd.p99",
            operator: "<",
            limit: 100,
            value: 48.75,
            unit: "ms",
            passed: true,
          },
        ],
      }),
    );
    expect(page).toContain('data-verdict="fail"');
    expect(page).toContain("threshold successRate&gt;0.99 failed: measured 90.00%");
    expect(page).toContain("stopped early: successRate&gt;0.99 could no longer pass");
    expect(page).toContain("✓ passed");
    expect(page).toContain("✗ failed");
    expect(page).toContain("stopped the run");
  });

  it("passes a balanced run with every threshold passed", () => {
    expect(renderRunReport(sampleResult())).toContain('data-verdict="pass"');
  });
});

describe("renderRunReport edge cases", () => {
  it("says a run of one timeline point is too short for a chart, and draws no empty box", () => {
    const page = renderRunReport(
      sampleResult({
        timeline: timeline(1),
        histograms: { endToEnd: encodedHistogram([1, 2, 3]), queueWait: "", delivery: "" },
      }),
    );
    expect(page.match(/Too short for a chart: 1 point over time/g)).toHaveLength(4);
    expect(reportData(page).charts.map((c) => c.id)).toEqual(["chart-latency-distribution"]);
    expect(promisedCharts(page)).toBe(1);
  });

  it("handles no timeline, an empty histogram and zero totals without NaN or Infinity", () => {
    const zero = sampleResult();
    const page = renderRunReport(
      sampleResult({
        timeline: [],
        histograms: { endToEnd: "", queueWait: "", delivery: "" },
        totals: Object.fromEntries(
          Object.keys(zero.totals).map((key) => [key, 0]),
        ) as unknown as RunResult["totals"],
        successRate: 0,
        attemptSuccessRate: 0,
        throughput: { messagesPerSec: 0, deliveriesPerSec: 0 },
        byType: {},
        byAgent: {},
        deadLetters: { count: 0, byReason: {}, sample: [] },
      }),
    );
    expect(page).toContain("Too short for a chart: 0 points over time");
    expect(page).toContain("No message was delivered, so there is no latency distribution.");
    expect(promisedCharts(page)).toBe(0);
    expect(page).not.toMatch(/NaN|Infinity/);
  });

  it("draws only the percentiles an older result has (no p95)", () => {
    const older = timeline(4).map(({ endToEndP95Ms: _p95, ...rest }) => rest);
    const page = renderRunReport(sampleResult({ timeline: older }));
    const latency = reportData(page).charts.find((chart) => chart.id === "chart-latency");
    expect(latency?.series.map((s) => s.label)).toEqual(["p50", "p99"]);
  });

  it("draws an open run's uncorrected p50 and p99 beside the corrected, lighter and dashed", () => {
    const points = timeline(3).map((point, i) =>
      // The middle second delivered nothing that kept its acceptance time: a gap.
      i === 1
        ? point
        : { ...point, endToEndUncorrectedP50Ms: 1 + i, endToEndUncorrectedP99Ms: 3 + i },
    );
    const page = renderRunReport(sampleResult({ timeline: points }));
    const latency = reportData(page).charts.find((chart) => chart.id === "chart-latency");
    expect(latency?.series.map((s) => [s.label, s.dashed ?? false])).toEqual([
      ["p50", false],
      ["p95", false],
      ["p99", true],
      ["p50 uncorrected", true],
      ["p99 uncorrected", true],
    ]);
    expect(latency?.data[4]).toEqual([1, null, 3]);
    expect(latency?.data[5]).toEqual([3, null, 5]);
    expect(page).toContain("uncorrected, from the queue&#39;s acceptance");
  });

  it("leaves seconds without deliveries as gaps in the latency chart, not drops to 0", () => {
    const points = timeline(3).map((point, i) =>
      i === 1
        ? { ...point, delivered: 0, endToEndP50Ms: 0, endToEndP95Ms: 0, endToEndP99Ms: 0 }
        : point,
    );
    const page = renderRunReport(sampleResult({ timeline: points }));
    const latency = reportData(page).charts.find((chart) => chart.id === "chart-latency");
    expect(latency?.data[1]).toEqual([2, null, 4]);
  });

  it("lists the 20 busiest of 10,000 agents and says so", () => {
    const page = renderRunReport(sampleResult({ byAgent: agents(10_000) }));
    expect(page).toContain("The 20 busiest of 10,000 agents");
    expect(page).toContain("<td>Agent-10000</td>");
    expect(page).toContain("<td>Agent-9981</td>");
    expect(page).not.toContain("<td>Agent-9980</td>");
  });

  it("shows the resolved configuration, distributions included", () => {
    const page = renderRunReport(sampleResult());
    expect(page).toContain("uniform(500us, 2ms)");
    expect(page).toContain("<td>256B</td>");
    expect(page).toContain("<td>100ms</td>");
    expect(page).toContain("direct=1, broadcast=1");
  });

  it("shows a core's connections only when it keeps any", () => {
    expect(renderRunReport(sampleResult())).not.toContain("Connections");
    const connections = {
      opened: 4,
      openPeak: 4,
      connectMsAvg: 0.3,
      connectMsMax: 0.9,
      errors: { "HTTP 429": 2 },
    };
    const page = renderRunReport({ ...sampleResult(), connections });
    expect(page).toContain("Connections");
    expect(page).toContain("4, at most 4 at once");
    expect(page).toContain("2 HTTP 429");
  });

  it("notes chaos off, no thresholds and no dead letters rather than empty tables", () => {
    const page = renderRunReport(
      sampleResult({ deadLetters: { count: 0, byReason: {}, sample: [] } }),
    );
    expect(page).toContain("Chaos was off for this run.");
    expect(page).toContain("No thresholds were set for this run.");
    expect(page).toContain("No message was dead-lettered.");
  });
});
