import type { Comparison, ComparisonRow, Verdict } from "../../../src/compare/comparison.js";
import { LatencyHistogram } from "../../../src/metrics/histogram.js";
import { REPORT_DATA_ID } from "../../../src/report/html/chart-client.js";
import type { ChartSpec } from "../../../src/report/html/chart-spec.js";
import type { RunResult, TimelinePoint } from "../../../src/result/result.js";
import type { RunnerOptions } from "../../../src/run/options.js";
import { StressTestRunner } from "../../../src/run/runner.js";
import { agents, sampleResult } from "../../fixtures/result.js";

/** Text that breaks out of a script element and runs code if it is not escaped. */
export const HOSTILE = "</script><img src=x onerror=alert(1)>";

/**
 * A short real run: a few seconds, so its timeline has several points, and a little failure,
 * so retries and failed attempts show.
 */
export const SHORT_RUN: RunnerOptions = {
  agents: 5,
  messagesPerAgent: 400,
  delay: "1ms",
  batchSize: 10,
  interval: "10ms",
  successRate: 0.97,
  seed: 7,
};

export function shortRun(options: Partial<RunnerOptions> = {}): Promise<RunResult> {
  return new StressTestRunner({ ...SHORT_RUN, ...options }).run();
}

/** An encoded histogram of `values` (ms), as a result stores it. */
export function encodedHistogram(values: readonly number[]): string {
  const histogram = new LatencyHistogram();
  for (const value of values) histogram.record(value);
  return histogram.encode();
}

/** A timeline of `seconds` one-second points with figures that vary. */
export function timeline(seconds: number): TimelinePoint[] {
  return Array.from({ length: seconds }, (_, i) => ({
    t: i + 1,
    delivered: 100 + 10 * i,
    deliveries: 120 + 10 * i,
    failed: i % 3,
    deadLettered: 0,
    endToEndP50Ms: 2 + i,
    endToEndP95Ms: 5 + i,
    endToEndP99Ms: 9 + i,
    depth: 40 - i,
    rssMB: 100 + i,
    cpuPct: 30 + 5 * i,
  }));
}

/** A hand-built result whose every free-text field is hostile. */
export function hostileResult(): RunResult {
  const base = sampleResult();
  const hostileAgent = agents(3)["Agent-1"];
  if (!hostileAgent) throw new Error("fixture has no Agent-1");
  return sampleResult({
    config: { ...base.config, scenario: HOSTILE, queue: `sqlite:${HOSTILE}` },
    core: `./cores/${HOSTILE}.js`,
    byAgent: { ...agents(2), [HOSTILE]: hostileAgent },
    warnings: [HOSTILE, "a second warning"],
    audit: {
      balanced: false,
      lost: 2,
      duplicates: 0,
      problems: [`type ${HOSTILE} does not add up`],
    },
    deadLetters: {
      count: 1,
      byReason: { [HOSTILE]: 1 },
      sample: [
        {
          id: "m1",
          type: "direct",
          sender: HOSTILE,
          recipients: [HOSTILE],
          attempts: 3,
          error: HOSTILE,
        },
      ],
    },
    thresholds: [
      {
        expression: `latency.endToEnd.p99<5ms ${HOSTILE}`,
        metric: "latency.endToEnd.p99",
        operator: "<",
        limit: 5,
        value: 48.75,
        unit: "ms",
        passed: false,
      },
    ],
    environment: { ...base.environment, hostname: HOSTILE, cpuModel: HOSTILE },
    timeline: timeline(5),
    histograms: {
      endToEnd: encodedHistogram([1, 2, 3, 5, 8, 13, 21]),
      queueWait: "",
      delivery: "",
    },
  });
}

/** The chart specs a page hands to its script. */
export function reportData(html: string): { charts: ChartSpec[] } {
  const pattern = new RegExp(
    `<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`,
  );
  const json = pattern.exec(html)?.[1];
  if (json === undefined) throw new Error("the page has no report data");
  return JSON.parse(json) as { charts: ChartSpec[] };
}

/** The number of charts a page promises on its body. */
export function promisedCharts(html: string): number {
  return Number(/<body data-charts="(\d+)"/.exec(html)?.[1] ?? Number.NaN);
}

function row(
  metric: string,
  label: string,
  unit: string,
  higherIsBetter: boolean,
  base: number | null,
  candidate: number | null,
): ComparisonRow {
  const ratio = base === null || candidate === null || base === 0 ? null : candidate / base;
  let verdict: Verdict = "n/a";
  if (ratio !== null) {
    if (Math.abs(ratio - 1) <= 0.05) verdict = "same";
    else verdict = ratio > 1 === higherIsBetter ? "better" : "worse";
  }
  return { metric, label, unit, higherIsBetter, base, candidate, ratio, verdict };
}

/**
 * A Comparison built by hand (the function that computes one is written elsewhere): a few rows
 * of every verdict, with the runs' labels and warnings as given.
 */
export function comparisonOf(
  base: RunResult,
  candidate: RunResult,
  labels: { base: string; candidate: string; warnings: readonly string[] } = {
    base: "base.json",
    candidate: "candidate.json",
    warnings: [],
  },
): Comparison {
  const rows = [
    row(
      "throughput.messagesPerSec",
      "throughput",
      "msg/s",
      true,
      base.throughput.messagesPerSec,
      candidate.throughput.messagesPerSec,
    ),
    row(
      "latency.endToEnd.p50",
      "end-to-end p50",
      "ms",
      false,
      base.latency.endToEnd.p50,
      candidate.latency.endToEnd.p50,
    ),
    row(
      "latency.endToEnd.p99",
      "end-to-end p99",
      "ms",
      false,
      base.latency.endToEnd.p99,
      candidate.latency.endToEnd.p99,
    ),
    row("successRate", "success rate", "ratio", true, base.successRate, candidate.successRate),
    row("resources.rssPeakMB", "peak RSS", "MB", false, base.resources.rssPeakMB, null),
  ];
  const summary: Record<Verdict, number> = { better: 0, worse: 0, same: 0, "n/a": 0 };
  for (const { verdict } of rows) summary[verdict]++;
  const side = (label: string, result: RunResult) => ({
    label,
    schema: result.schema,
    scenario: result.config.scenario,
    core: result.core,
    startedAt: result.startedAt,
  });
  return {
    schema: "swarm-stress/compare@1",
    tolerance: 0.05,
    base: side(labels.base, base),
    candidate: side(labels.candidate, candidate),
    rows,
    summary,
    warnings: labels.warnings,
  };
}

/**
 * Every URL an element of the page could load: `src`, `href` and the like in the tags outside
 * scripts (text, escaped, has no tags), and
 * `url(...)` or `@import` in styles; `data:` URLs and in-page anchors excluded.
 */
export function loadedUrls(html: string): string[] {
  const scripts = /<script\b[^>]*>[\s\S]*?<\/script>/gi;
  const styles = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;
  const markupOnly = html.replace(scripts, "").replace(styles, "");
  const attribute =
    /\s(?:src|href|srcset|action|formaction|poster|background|data|xlink:href|ping|manifest)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  const tags = markupOnly.match(/<[a-z][^>]*>/gi) ?? [];
  const urls = tags.flatMap((tag) =>
    [...tag.matchAll(attribute)].map((m) => m[1] ?? m[2] ?? m[3] ?? ""),
  );
  for (const [, css = ""] of html.matchAll(styles)) {
    urls.push(...[...css.matchAll(/url\(\s*['"]?([^'")]*)/gi)].map((m) => m[1] ?? ""));
    urls.push(...[...css.matchAll(/@import\s+['"]?([^'";\s]*)/gi)].map((m) => m[1] ?? ""));
  }
  return urls.filter((url) => !url.startsWith("data:") && !url.startsWith("#"));
}
