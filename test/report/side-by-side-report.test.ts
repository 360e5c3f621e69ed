import { describe, expect, it } from "vitest";
import { buildSideBySide, type SideBySideRun } from "../../src/compare/side-by-side.js";
import { renderSideBySideReport } from "../../src/report/html/side-by-side-report.js";
import { formatSideBySideTable } from "../../src/report/side-by-side-table.js";
import { sampleResult } from "../fixtures/result.js";
import { encodedHistogram, HOSTILE, timeline } from "./html/support.js";

const QUEUES = [
  { label: "memory", kind: "memory" },
  { label: "sqlite:q.db", kind: "sqlite" },
  { label: `amqp://guest:***@127.0.0.1:5672/%2F?queue=${HOSTILE}`, kind: "amqp" },
] as const;

function runs(): SideBySideRun[] {
  return [0, 1].flatMap((round) =>
    QUEUES.map((_, queue) => ({
      queue,
      round,
      position: (queue + 3 - round) % 3,
      result: sampleResult({
        throughput: { messagesPerSec: 1000 * (queue + 1) + round, deliveriesPerSec: 1 },
        histograms: { ...sampleResult().histograms, endToEnd: encodedHistogram([1, 2, 5, 9]) },
        timeline: timeline(4),
      }),
    })),
  );
}

const summary = buildSideBySide(runs(), {
  workload: "max-throughput",
  core: "mock",
  seed: 1,
  repeat: 2,
  queues: QUEUES,
  startedAt: 0,
  finishedAt: 12_000,
  environment: sampleResult().environment,
});

describe("the side-by-side table", () => {
  it("has one row per queue, in the order given, with its median and audit", () => {
    const text = formatSideBySideTable(summary);
    const rows = text.split("\n").filter((line) => /^\s+(memory|sqlite:|amqp:)/.test(line));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\s+memory\s+2\s+1,001\s+1,000-1,001\s.*balanced\s+0\s+0$/);
    expect(rows[1]).toMatch(/^\s+sqlite:q\.db\s+2\s+2,001\s+2,000-2,001\s/);
    expect(text).toContain("workload max-throughput · core mock · seed 1 · 2 rounds");
    expect(text).toContain("figures are medians over the runs");
  });

  it("points at a queue whose audit failed", () => {
    const failed = buildSideBySide(
      [
        {
          ...runs()[0],
          result: sampleResult({ audit: { ...sampleResult().audit, balanced: false, lost: 4 } }),
        } as SideBySideRun,
      ],
      {
        workload: "small",
        core: "mock",
        seed: 1,
        repeat: 1,
        queues: QUEUES.slice(0, 1),
        startedAt: 0,
        finishedAt: 1,
        environment: sampleResult().environment,
      },
    );
    const text = formatSideBySideTable(failed);
    expect(text).toMatch(/FAILED\s+4\s+0$/m);
    expect(text).toContain("! memory: the audit FAILED in a run");
  });
});

describe("a comparison stopped on a fault", () => {
  const stopped = { ...summary, fault: "sqlite:q.db, round 2: disk full" };

  it("says why in the table and at the top of the page", () => {
    expect(formatSideBySideTable(stopped)).toContain(
      "! stopped on a fault of the environment: sqlite:q.db, round 2: disk full",
    );
    expect(renderSideBySideReport(stopped, runs())).toMatch(/class="warnings"[\s\S]*disk full/);
  });
});

describe("the side-by-side HTML page", () => {
  const page = renderSideBySideReport(summary, runs());

  it("names each queue, each in a colour of its own, with both charts drawn", () => {
    expect(page).toContain(">memory</span></td>");
    expect(page).toContain(">sqlite:q.db</span></td>");
    const colours = [...page.matchAll(/class="swatch"[^>]*background:(#[0-9a-f]{6})/g)].map(
      (match) => match[1],
    );
    expect(new Set(colours).size).toBe(3);
    expect(page).toContain('data-charts="3"');
  });

  it("escapes what it was given and fetches nothing", () => {
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain("default-src 'none'");
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
  });
});
