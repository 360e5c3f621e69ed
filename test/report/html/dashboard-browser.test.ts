import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapacityDocument } from "../../../src/capacity/capacity-document.js";
import { requireBuiltCli, startCli } from "../../support/built-cli.js";
import { dashboardUrl, SHORT_SEARCH, WATCHED_RUN } from "../../support/dashboard.js";
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  openContext,
  warmUp,
  watchedPage,
} from "./chromium.js";

/** The little of the page's DOM read inside the page (no DOM library here). */
declare const document: {
  readonly body: { getAttribute(name: string): string | null } | null;
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  querySelectorAll(selector: string): { readonly length: number };
};
declare const MutationObserver: new (
  callback: () => void,
) => {
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
};

/** How a search's page stood the moment it first showed a step's row, as the page saw it. */
interface FirstRow {
  /** Whether the page had the search's end by then. */
  readonly ended: boolean;
  /** How many updates of the step under way it had had by then. */
  readonly updates: number;
}

/**
 * The watched run at twice its pause after each batch (about 12 s), with a threshold it breaks
 * about 7 s in, once its failed attempts pass 120: the page opened at the run's start has seconds
 * to show the threshold holding first, even on a busy machine.
 */
const SLOWER_RUN = [...WATCHED_RUN, "--interval", "20ms"];
const FAILED_LATER_STILL = "totals.failed<120";

/**
 * The short search at steps of 3 s (about 9 s in all): a page that loads seconds late still sees
 * steps go by. The run above takes longer, so this costs the file no time.
 */
const LONGER_SEARCH = [...SHORT_SEARCH, "--step", "3s"];

/** Load `url` in `page`: how long it took, in ms, for a failure's message. */
async function timedGoto(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(url);
  return Math.round(performance.now() - started);
}

if (!chromiumAvailable) {
  console.warn(
    `SKIPPING the live dashboard browser test: chromium not found at ${CHROMIUM_PATH}; install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

// Side by side: each test mostly waits for its command's seconds to pass, so three commands at
// once take the time of the longest. Each page is its own origin (its own port), hence its own
// renderer whether the tests run together or one after another.
describe.skipIf(!chromiumAvailable)("run --dashboard in Chromium", { concurrent: true }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    requireBuiltCli();
    dir = mkdtempSync(join(tmpdir(), "swarm-dashboard-browser-"));
    browser = await launchChromium();
    context = await openContext(browser);
    await warmUp(context);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens mid-run, its charts gain points, a threshold flips as it fails, and it outlives the run", async () => {
    // The page is made before the run starts, so that the run's seconds go to loading it alone.
    const { page, requests, errors } = await watchedPage(context);
    const run = startCli(
      ["run", ...SLOWER_RUN, "--threshold", FAILED_LATER_STILL, "--dashboard", "-o", "live.json"],
      dir,
      { CI: "" },
    );
    try {
      const url = await dashboardUrl(run);
      const loadMs = await timedGoto(page, url);
      expect(run.child.exitCode).toBeNull();

      // The first seconds: the threshold still holds.
      await page.waitForSelector("body[data-updates]", { timeout: 15_000 });
      expect(
        await page.locator("#live-thresholds .mark.pass").count(),
        `the page loaded in ${loadMs} ms; its first update came after the threshold broke`,
      ).toBe(1);
      expect(await page.locator("#live-thresholds .mark.fail").count()).toBe(0);

      // Every chart drawn once it has two points, then growing second by second.
      await page.waitForSelector('body[data-charts-drawn="4"]', { timeout: 15_000 });
      const pointsOf = () =>
        page.evaluate(() =>
          Number(document.querySelector("#chart-latency")?.getAttribute("data-points")),
        );
      const before = await pointsOf();
      await page.waitForFunction(
        (n) =>
          Number(document.querySelector("#chart-latency")?.getAttribute("data-points")) >= n + 2,
        before,
        { timeout: 15_000 },
      );
      expect(await page.locator(".chart canvas").count()).toBe(4);

      // The run breaks the threshold: the page says so while the run goes on.
      await page.waitForSelector("#live-thresholds .mark.fail", { timeout: 20_000 });
      expect(await page.textContent("#live-thresholds")).toContain("totals.failed is already");

      // The run ends: the page keeps its charts and offers the report.
      await page.waitForSelector('body[data-ended="true"]', { timeout: 30_000 });
      const { code } = await run.exited;
      expect(code).toBe(1);
      expect(await page.getAttribute("#live-status", "data-state")).toBe("ended");
      expect(await page.locator(".chart canvas").count()).toBe(4);
      expect(await page.textContent("#live-thresholds")).toContain("✗ failed");
      const [report] = await Promise.all([
        page.waitForEvent("popup"),
        page.click("text=Open the final report"),
      ]);
      await report.waitForSelector("body[data-charts-drawn]");
      expect(await report.textContent(".eyebrow")).toContain("swarm-stress run report");
      expect(await report.getAttribute(".verdict", "data-verdict")).toBe("fail");
      await report.close();

      // Nothing but the local server was asked for anything.
      expect(requests.filter((r) => !r.startsWith(url))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    }
  }, 90_000);

  it("shows a capacity search's steps so far and its charts against the offered rate", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // The page notes, on its own side, how it stood when a row first showed: a test that asks
    // the process afterwards races a short search's end on a busy machine.
    await page.addInitScript(() => {
      const seen = globalThis as { firstRow?: FirstRow };
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll("#live-steps tbody tr").length === 0) return;
        seen.firstRow = {
          ended: document.body?.getAttribute("data-ended") === "true",
          updates: Number(document.body?.getAttribute("data-updates") ?? 0),
        };
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const run = startCli([...LONGER_SEARCH, "--dashboard", "-o", "searched.json"], dir, { CI: "" });
    try {
      const url = await dashboardUrl(run);
      const loadMs = await timedGoto(page, url);
      // The step under way has its own charts; the steps' rows grow as each ends. A page that
      // loads after the search ended finds the server gone, and shows no row.
      await page
        .waitForSelector("#live-steps tbody tr:nth-child(2)", { timeout: 20_000 })
        .catch((error: Error) => {
          throw new Error(`${error.message} (the page loaded in ${loadMs} ms)`);
        });
      await page.waitForSelector('body[data-ended="true"]', { timeout: 30_000 });
      expect(await run.exited).toMatchObject({ code: 0 });
      // The first row showed while the search went on: before its end, and with the step after
      // it still updating the page (a page opened after the end gets the latest update, then the
      // steps, then the end, with no update after the first row).
      const firstRow = await page.evaluate(() => (globalThis as { firstRow?: FirstRow }).firstRow);
      expect(firstRow?.ended).toBe(false);
      const updates = Number(await page.getAttribute("body", "data-updates"));
      expect(updates).toBeGreaterThan(firstRow?.updates ?? updates);
      // The page ends as the document says the search went: every step a row, and the charts
      // against the rate drawn once two steps were judged (a busy machine can end a search
      // after one, its harness the bottleneck).
      const doc = JSON.parse(readFileSync(join(dir, "searched.json"), "utf8")) as CapacityDocument;
      expect(await page.locator("#live-steps tbody tr").count()).toBe(doc.steps.length);
      const judged = doc.steps.filter((step) => step.phase !== "warm-up").length;
      for (const id of ["chart-capacity-latency", "chart-capacity-throughput"]) {
        expect(await page.locator(`#${id} canvas`).count()).toBe(judged >= 2 ? 1 : 0);
        if (judged < 2) expect(await page.textContent(`#${id}`)).toBe("Too few steps for a chart.");
      }
      const [report] = await Promise.all([
        page.waitForEvent("popup"),
        page.click("text=Open the final report"),
      ]);
      await report.waitForSelector("body[data-charts-drawn]");
      expect(await report.textContent("h1")).toBe("Capacity: default");
      await report.close();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    }
  }, 90_000);

  it("shows a bench suite's rows as they finish and offers its summary", async () => {
    const { page, requests, errors } = await watchedPage(context);
    // Kept after the suite, so that a page opened late on a busy machine still finds it.
    const run = startCli(
      ["bench", "--only", "small,medium", "--dashboard-keep", "--json", "-o", "bench"],
      dir,
      { CI: "" },
    );
    try {
      const url = await dashboardUrl(run);
      await page.goto(url);
      await page.waitForSelector('body[data-ended="true"]', { timeout: 30_000 });
      const names = await page.locator("#live-rows tbody tr td:first-child").allTextContents();
      expect(names).toEqual(["small", "medium"]);
      expect(await page.textContent("#live-status")).toMatch(/^Row 2 of 2: medium ended after /);
      const [report] = await Promise.all([
        page.waitForEvent("popup"),
        page.click("text=Open the final report"),
      ]);
      expect(await report.textContent("h1")).toBe("Bench: 2 rows");
      expect(await report.locator("tbody tr").count()).toBe(2);
      await report.close();
      expect(requests.filter((r) => !r.startsWith(url))).toEqual([]);
      expect(errors).toEqual([]);
      run.child.kill("SIGINT");
      expect(await run.exited).toMatchObject({ code: 0 });
    } finally {
      await page.close();
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    }
  }, 60_000);
});
