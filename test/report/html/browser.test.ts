import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Dialog, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSideBySide, type SideBySideRun } from "../../../src/compare/side-by-side.js";
import { renderCapacityReport } from "../../../src/report/html/capacity-report.js";
import { PRINT_CHART_WIDTH_PX } from "../../../src/report/html/chart-client.js";
import type { ChartSpec } from "../../../src/report/html/chart-spec.js";
import { renderCompareReport } from "../../../src/report/html/compare-report.js";
import { renderRunReport } from "../../../src/report/html/run-report.js";
import { renderSideBySideReport } from "../../../src/report/html/side-by-side-report.js";
import type { RunResult } from "../../../src/result/result.js";
import { sampleCapacity } from "../../fixtures/capacity.js";
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  openContext,
  VIEWPORT,
  watch,
} from "./chromium.js";
import { comparisonOf, HOSTILE, hostileResult, reportData, shortRun } from "./support.js";

/**
 * The little of the page's DOM these tests touch inside `page.evaluate`. The project compiles
 * without the DOM library (it is Node code), so it is declared here, for this module only.
 */
interface PageElement {
  readonly clientWidth: number;
  readonly width: number;
  readonly height: number;
  getBoundingClientRect(): { readonly width: number };
  querySelector(selector: string): PageElement | null;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { readonly data: Uint8ClampedArray };
  } | null;
}
declare const document: { querySelector(selector: string): PageElement | null };

if (!chromiumAvailable) {
  console.warn(
    `SKIPPING the HTML report browser tests: chromium not found at ${CHROMIUM_PATH}; install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

/** What a page did from the visit on. */
interface Visit {
  readonly page: Page;
  readonly url: string;
  readonly requests: string[];
  readonly errors: string[];
  /** Stop watching the page, for the next visit. */
  done(): void;
}

/** What each chart's canvas holds, read inside the page. */
interface CanvasReport {
  readonly id: string;
  readonly width: number;
  readonly painted: number;
  /** Pixels close to each series' colour, in series order. */
  readonly seriesPixels: number[];
}

describe.skipIf(!chromiumAvailable)("HTML reports in Chromium", () => {
  let browser: Browser;
  // One page for every visit: a page started costs Chromium a renderer's start-up (about a
  // CPU second), a page navigated to the next file costs next to nothing.
  let page: Page;
  let dir: string;
  let run: RunResult;
  let slower: RunResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "swarm-stress-html-"));
    [browser, run, slower] = await Promise.all([
      launchChromium(),
      shortRun(),
      shortRun({ messagesPerAgent: 200, delay: "3ms", seed: 8 }),
    ]);
    page = await (await openContext(browser)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Load `html` in the page, as on screen at the usual size whatever the last visit left. */
  async function visit(name: string, html: string): Promise<Visit> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    await page.setViewportSize(VIEWPORT);
    await page.emulateMedia({ media: null });
    const watched = watch(page);
    const onDialog = (dialog: Dialog) => {
      watched.errors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    };
    page.on("dialog", onDialog);
    const done = () => {
      watched.stop();
      page.off("dialog", onDialog);
    };
    try {
      await page.goto(url);
      await page.waitForSelector("body[data-charts-drawn]");
    } catch (error) {
      done();
      throw error;
    }
    return { page, url, requests: watched.requests, errors: watched.errors, done };
  }

  /** Per chart: canvas width, painted pixels and pixels of each line's colour. */
  function readCanvases(page: Page, charts: readonly ChartSpec[]): Promise<CanvasReport[]> {
    const wanted = charts.map((chart) => ({
      id: chart.id,
      colors: chart.series.map((series) => series.color),
    }));
    return page.evaluate((specs) => {
      const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      return specs.map(({ id, colors }) => {
        const canvas = document.querySelector(`#${id} canvas`);
        if (!canvas) return { id, width: 0, painted: 0, seriesPixels: colors.map(() => 0) };
        const context = canvas.getContext("2d");
        const { data } = context?.getImageData(0, 0, canvas.width, canvas.height) ?? { data: [] };
        const targets = colors.map(rgb);
        const seriesPixels = colors.map(() => 0);
        let painted = 0;
        for (let i = 0; i < data.length; i += 4) {
          // uPlot leaves the background transparent: any opaque pixel was drawn.
          if ((data[i + 3] ?? 0) < 200) continue;
          painted++;
          targets.forEach((target, s) => {
            const close = target.every((channel, c) => Math.abs(channel - (data[i + c] ?? 0)) < 24);
            if (close) seriesPixels[s] = (seriesPixels[s] ?? 0) + 1;
          });
        }
        return { id, width: canvas.getBoundingClientRect().width, painted, seriesPixels };
      });
    }, wanted);
  }

  async function expectDrawn(page: Page, charts: readonly ChartSpec[]): Promise<CanvasReport[]> {
    const promised = Number(await page.getAttribute("body", "data-charts"));
    const drawn = Number(await page.getAttribute("body", "data-charts-drawn"));
    expect(promised).toBe(charts.length);
    expect(drawn).toBe(promised);
    expect(await page.locator(".chart canvas").count()).toBe(promised);
    const canvases = await readCanvases(page, charts);
    for (const canvas of canvases) {
      expect(canvas.painted, `${canvas.id} is blank`).toBeGreaterThan(1000);
      canvas.seriesPixels.forEach((pixels, s) => {
        expect(pixels, `${canvas.id}: line ${s + 1} is not drawn`).toBeGreaterThan(20);
      });
    }
    return canvases;
  }

  /** A screenshot that is a picture, not a blank or single-colour page. */
  async function expectNotBlank(page: Page): Promise<void> {
    const png = PNG.sync.read(await page.screenshot({ fullPage: false }));
    const counts = new Map<number, number>();
    for (let i = 0; i < png.data.length; i += 4) {
      const colour =
        ((png.data[i] ?? 0) << 16) | ((png.data[i + 1] ?? 0) << 8) | (png.data[i + 2] ?? 0);
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    const pixels = png.width * png.height;
    const commonest = Math.max(...counts.values());
    expect(counts.size).toBeGreaterThan(200);
    expect(commonest / pixels).toBeLessThan(0.9);
  }

  it("draws every chart of a run report, loads nothing else and logs no error", async () => {
    const html = renderRunReport(run);
    const { charts } = reportData(html);
    expect(charts).toHaveLength(5);
    const { page, url, requests, errors, done } = await visit("run.html", html);
    try {
      await expectDrawn(page, charts);
      await expectNotBlank(page);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      done();
    }
  });

  it("resizes its charts with the window and to a fixed width for print", async () => {
    const html = renderRunReport(run);
    const { charts } = reportData(html);
    const { page, errors, done } = await visit("resize.html", html);
    try {
      const firstCanvasWidth = () =>
        document.querySelector(".chart canvas")?.getBoundingClientRect().width ?? 0;
      const wide = await page.evaluate(firstCanvasWidth);
      // Still two charts abreast, each narrower.
      await page.setViewportSize({ width: 1000, height: 900 });
      await page.waitForFunction(
        (before) =>
          (document.querySelector(".chart canvas")?.getBoundingClientRect().width ?? 0) < before,
        wide,
        { timeout: 5000 },
      );
      const fitted = await page.evaluate(() => {
        const chart = document.querySelector(".chart");
        const canvas = chart?.querySelector("canvas");
        return [chart?.clientWidth, canvas?.getBoundingClientRect().width];
      });
      expect(fitted[1]).toBe(fitted[0]);
      await page.emulateMedia({ media: "print" });
      await page.waitForFunction(
        (width) => document.querySelector(".chart canvas")?.getBoundingClientRect().width === width,
        PRINT_CHART_WIDTH_PX,
        { timeout: 5000 },
      );
      const printed = await expectDrawn(page, charts);
      expect(printed.map((canvas) => canvas.width)).toEqual(charts.map(() => PRINT_CHART_WIDTH_PX));
      expect(errors).toEqual([]);
    } finally {
      done();
    }
  });

  it("shows hostile text as text: no element injected, no script run", async () => {
    const { page, errors, requests, url, done } = await visit(
      "hostile.html",
      renderRunReport(hostileResult()),
    );
    try {
      expect(await page.locator("img").count()).toBe(0);
      expect(await page.textContent("h1")).toBe(HOSTILE);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      done();
    }
  });

  it("draws both overlays of a compare report, loads nothing else and logs no error", async () => {
    const comparison = comparisonOf(run, slower, {
      base: "fast.json",
      candidate: "slow.json",
      warnings: ["the runs used different settings: delay, messagesPerAgent"],
    });
    const html = renderCompareReport(comparison, run, slower);
    const { charts } = reportData(html);
    expect(charts).toHaveLength(2);
    const { page, url, requests, errors, done } = await visit("compare.html", html);
    try {
      await expectDrawn(page, charts);
      await expectNotBlank(page);
      expect(await page.textContent(".warnings")).toContain("different settings");
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      done();
    }
  });

  it("draws a capacity report's charts by rate and over time, loads nothing else, logs no error", async () => {
    const html = renderCapacityReport(sampleCapacity());
    const { charts } = reportData(html);
    expect(charts).toHaveLength(3);
    const { page, url, requests, errors, done } = await visit("capacity.html", html);
    try {
      await expectDrawn(page, charts);
      await expectNotBlank(page);
      expect(await page.textContent("header .verdict")).toContain("788/s sustained");
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      done();
    }
  });

  it("draws a side-by-side page's charts, one colour per queue, loads nothing else", async () => {
    const runs: SideBySideRun[] = [0, 1].flatMap((round) => [
      { queue: 0, round, position: round, result: run },
      { queue: 1, round, position: 1 - round, result: slower },
    ]);
    const summary = buildSideBySide(runs, {
      workload: "small",
      core: "mock",
      seed: 1,
      repeat: 2,
      queues: [
        { label: "memory", kind: "memory" },
        { label: "sqlite:q.db", kind: "sqlite" },
      ],
      startedAt: 0,
      finishedAt: 5000,
      environment: run.environment,
    });
    const html = renderSideBySideReport(summary, runs);
    const { charts } = reportData(html);
    expect(charts).toHaveLength(3);
    const { page, url, requests, errors, done } = await visit("side-by-side.html", html);
    try {
      await expectDrawn(page, charts);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      done();
    }
  });
});
