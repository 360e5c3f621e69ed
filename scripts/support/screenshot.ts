import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
} from "../../test/report/html/chromium.js";

/** Exit with a line saying why when Debian's chromium is not there. */
export function requireChromium(): void {
  if (!chromiumAvailable) {
    console.error(`chromium not found at ${CHROMIUM_PATH}; install Debian's chromium package`);
    process.exit(1);
  }
}

/**
 * Draw the report page `html` in Chromium at `viewport` once its charts are drawn, and save the
 * top of it as a PNG at `out`; prints the file and its size.
 */
export async function screenshotReport(
  html: string,
  out: string,
  viewport: { readonly width: number; readonly height: number },
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "swarm-stress-screenshot-"));
  const browser = await launchChromium();
  try {
    const file = join(dir, "report.html");
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-charts-drawn]");
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${out}: ${Math.round(statSync(out).size / 1024)} KB`);
}
