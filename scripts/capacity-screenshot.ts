/**
 * Write docs/capacity.png: the top of the HTML capacity report (the rate found, latency and
 * throughput against the offered rate) as Chromium draws it at 1280 px wide, from a real search
 * of a mock pipeline of four 5 ms deliveries at a time, so the picture in docs/load-models.md is
 * always of the current report and a real search, never a mock-up.
 * Run with `npx tsx scripts/capacity-screenshot.ts [OUT.png]`; needs Debian's chromium package.
 */
import { join, resolve } from "node:path";
import { findCapacity } from "../src/capacity/find-capacity.js";
import { renderCapacityReport } from "../src/report/html/capacity-report.js";
import { requireChromium, screenshotReport } from "./support/screenshot.js";

const OUT = resolve(process.argv[2] ?? join(import.meta.dirname, "..", "docs", "capacity.png"));

/** Wide enough for two charts abreast; tall enough for the header and the charts by rate. */
const VIEWPORT = { width: 1280, height: 760 };

requireChromium();

const doc = await findCapacity({
  settings: {
    agents: 10,
    types: ["direct"],
    delay: "5ms",
    concurrency: 4,
    batchSize: 40,
    interval: 0,
    seed: 42,
  },
  search: {
    slo: ["latency.endToEnd.p99<100ms"],
    startRate: 100,
    maxRate: 1_000_000,
    resolution: 0.02,
    stepMs: 2000,
    warmupMs: 1000,
    confirmMs: 4000,
    backlogTolerance: 0.01,
  },
});

await screenshotReport(renderCapacityReport(doc), OUT, VIEWPORT);
