import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

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

/** A new page that keeps every URL it requests and every error it logs or throws. */
export interface WatchedPage {
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
}

/** Open a page of `browser`, at the size the tests read charts at, watching what it does. */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, requests, errors };
}
