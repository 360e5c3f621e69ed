import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

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
