import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** The system's Chromium (Debian's `chromium` package), never a browser downloaded by npm. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether the browser tests and the screenshot script can run here. */
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/**
 * Flags this machine needs to run Chromium headless as root in a container; the networking ones
 * also keep the browser from making requests of its own that a test would have to tell apart.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** The window size the tests read charts at. */
export const VIEWPORT = { width: 1280, height: 900 } as const;

/**
 * One context for a test file's pages, at the size the tests read charts at. Pages of one
 * context cost Chromium less than a context each (what `browser.newPage` makes).
 */
export function openContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT });
}

/** A page that runs a script and draws text on a canvas, as the dashboards do. */
const WARM_UP_PAGE =
  '<!doctype html><title>warm-up</title><p>warm-up</p><canvas id="c" width="200" height="100"></canvas>' +
  '<script>const c = document.getElementById("c").getContext("2d"); c.fillText("warm-up", 10, 50);' +
  'document.body.dataset.drawn = "true";</script>';

/**
 * Open, load and close one page from a server on 127.0.0.1, as a dashboard is served. A
 * browser's first page pays for starting its renderer, network service and fonts: on a busy
 * machine that took seconds, and a live dashboard test whose first page pays it inside a run of
 * a few seconds opens after the run's moments it means to see.
 */
export async function warmUp(context: BrowserContext): Promise<void> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(WARM_UP_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const page = await context.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('body[data-drawn="true"]');
  } finally {
    await page.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** What a page requests and logs while it is watched (see {@link watch}). */
export interface Watch {
  readonly requests: string[];
  readonly errors: string[];
  /** Stop watching: a page used again is watched afresh. */
  stop(): void;
}

/**
 * Watch `page` from now on: every URL it requests and every error it logs or throws. A page
 * can be watched afresh for each visit, so one page (one renderer started, not one a visit)
 * serves a whole file.
 */
export function watch(page: Page): Watch {
  const requests: string[] = [];
  const errors: string[] = [];
  const onRequest = (request: { url(): string }) => requests.push(request.url());
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === "error") errors.push(message.text());
  };
  const onPageError = (error: Error) => errors.push(error.message);
  page.on("request", onRequest);
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  return {
    requests,
    errors,
    stop() {
      page.off("request", onRequest);
      page.off("console", onConsole);
      page.off("pageerror", onPageError);
    },
  };
}

/** A page and what it does, watched from its start. */
export interface WatchedPage extends Watch {
  readonly page: Page;
}

/** Open a page of `context`, watching what it does. */
export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  return { page, ...watch(page) };
}
