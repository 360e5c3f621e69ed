/**
 * Write docs/report.png: the top of the HTML run report (header and first charts) as Chromium
 * draws it at 1280 px wide, from a short run of the built-in "chaos" scenario with a fixed seed,
 * so the picture in the docs is always of the current report, never a mock-up.
 * Run with `npx tsx scripts/report-screenshot.ts [OUT.png]`; needs Debian's chromium package.
 */
import { join, resolve } from "node:path";
import { renderRunReport } from "../src/report/html/run-report.js";
import { StressTestRunner } from "../src/run/runner.js";
import { requireChromium, screenshotReport } from "./support/screenshot.js";

const OUT = resolve(process.argv[2] ?? join(import.meta.dirname, "..", "docs", "report.png"));

/** Wide enough for two charts abreast; tall enough for the header and the first two rows. */
const VIEWPORT = { width: 1280, height: 1104 };

requireChromium();

// The chaos scenario scaled down to a few seconds: failures, retries and latency spikes make
// every chart show something, and the seed makes the faults the same each time.
const result = await new StressTestRunner({
  scenario: "chaos",
  messagesPerAgent: 150,
  interval: "25ms",
  seed: 42,
}).run();

await screenshotReport(renderRunReport(result), OUT, VIEWPORT);
