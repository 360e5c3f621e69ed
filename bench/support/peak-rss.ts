import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const PRELOAD = join(import.meta.dirname, "peak-rss.mjs");

/** What one process held at most, as it reports itself on exit (peak-rss.mjs). */
export interface PeakMemory {
  /** The kernel's high-water mark of its resident memory, MB. */
  readonly peakRssMB: number;
  /** The node binary's own pages resident at exit, MB; undefined off Linux. */
  readonly binaryPagesMB: number | undefined;
  /** What it printed on stdout. */
  readonly stdout: string;
  /** Wall time from spawn to exit, ms. */
  readonly wallMs: number;
}

/** Run `node args` to its end with peak-rss.mjs preloaded; throws unless it exits 0. */
export function peakMemoryOf(args: readonly string[], cwd: string): PeakMemory {
  const dir = mkdtempSync(join(tmpdir(), "peak-rss-"));
  try {
    const file = join(dir, "rss.json");
    const began = performance.now();
    const child = spawnSync(process.execPath, ["--import", pathToFileURL(PRELOAD).href, ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, PEAK_RSS_FILE: file },
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 256 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
    const wallMs = performance.now() - began;
    if (child.error) throw child.error;
    if (child.status !== 0) {
      throw new Error(`node ${args.join(" ")} exited ${child.status}: ${child.stderr.trim()}`);
    }
    const { maxRssKB, binaryPagesKB } = JSON.parse(readFileSync(file, "utf8")) as {
      maxRssKB: number;
      binaryPagesKB: number | null;
    };
    return {
      peakRssMB: maxRssKB / 1024,
      binaryPagesMB: binaryPagesKB === null ? undefined : binaryPagesKB / 1024,
      stdout: child.stdout,
      wallMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
