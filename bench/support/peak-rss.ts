import { spawn, spawnSync } from "node:child_process";
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

/**
 * What a process's resident memory was made of, MB, from /proc/PID/status: `anonymousMB`, the
 * memory it allocated (V8's heap, buffers, malloc); `fileMB`, pages of files it maps (the node
 * binary's machine code and data above all, shared with every node process and dropped by the
 * kernel under pressure, then read again); `sharedMB`, shared memory.
 */
export interface RssSplit {
  readonly rssMB: number;
  readonly anonymousMB: number;
  readonly fileMB: number;
  readonly sharedMB: number;
}

/** {@link PeakMemory}, with what the resident memory was made of at its sampled peak. */
export interface SplitPeakMemory extends PeakMemory {
  /** The sample of the highest resident memory seen (read every {@link SPLIT_EVERY_MS} ms). */
  readonly atPeak: RssSplit;
}

/** How often {@link splitPeakMemoryOf} reads the process's memory from outside, ms. */
export const SPLIT_EVERY_MS = 5;

/** The spawn arguments and environment that have `node args` report its peak into `file`. */
function preloaded(args: readonly string[], file: string) {
  return {
    argv: ["--import", pathToFileURL(PRELOAD).href, ...args],
    env: { ...process.env, PEAK_RSS_FILE: file },
  };
}

/** What peak-rss.mjs wrote into `file`. */
function reported(file: string): Pick<PeakMemory, "peakRssMB" | "binaryPagesMB"> {
  const { maxRssKB, binaryPagesKB } = JSON.parse(readFileSync(file, "utf8")) as {
    maxRssKB: number;
    binaryPagesKB: number | null;
  };
  return {
    peakRssMB: maxRssKB / 1024,
    binaryPagesMB: binaryPagesKB === null ? undefined : binaryPagesKB / 1024,
  };
}

/** Run `node args` to its end with peak-rss.mjs preloaded; throws unless it exits 0. */
export function peakMemoryOf(args: readonly string[], cwd: string): PeakMemory {
  const dir = mkdtempSync(join(tmpdir(), "peak-rss-"));
  try {
    const file = join(dir, "rss.json");
    const { argv, env } = preloaded(args, file);
    const began = performance.now();
    const child = spawnSync(process.execPath, argv, {
      cwd,
      encoding: "utf8",
      env,
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 256 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
    const wallMs = performance.now() - began;
    if (child.error) throw child.error;
    if (child.status !== 0) {
      throw new Error(`node ${args.join(" ")} exited ${child.status}: ${child.stderr.trim()}`);
    }
    return { ...reported(file), stdout: child.stdout, wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pid`'s resident memory and its parts now, from /proc; undefined once it is gone. */
export function rssSplitOf(pid: number): RssSplit | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const mb = (field: string): number =>
      Number(new RegExp(`\\n${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
    const split = {
      rssMB: mb("VmRSS"),
      anonymousMB: mb("RssAnon"),
      fileMB: mb("RssFile"),
      sharedMB: mb("RssShmem"),
    };
    return Object.values(split).every(Number.isFinite) ? split : undefined;
  } catch {
    return undefined;
  }
}

/**
 * {@link peakMemoryOf}, and besides what the resident memory was made of at its peak: this
 * process reads the child's /proc/PID/status every {@link SPLIT_EVERY_MS} ms from outside (the
 * child's own event loop plays no part) and keeps the sample with the most resident memory.
 * The peak itself is still the kernel's exact high-water mark; the split is that of the
 * highest sample, which a peak shorter than the sampling interval can miss. Linux only.
 */
export async function splitPeakMemoryOf(
  args: readonly string[],
  cwd: string,
): Promise<SplitPeakMemory> {
  const dir = mkdtempSync(join(tmpdir(), "peak-rss-"));
  try {
    const file = join(dir, "rss.json");
    const { argv, env } = preloaded(args, file);
    const began = performance.now();
    const child = spawn(process.execPath, argv, {
      cwd,
      env,
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 10 * 60_000,
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`node ${args.join(" ")} did not start`);
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
    });
    let atPeak: RssSplit | undefined;
    const look = (): void => {
      const now = rssSplitOf(pid);
      if (now !== undefined && (atPeak === undefined || now.rssMB > atPeak.rssMB)) atPeak = now;
    };
    look();
    const sampler = setInterval(look, SPLIT_EVERY_MS);
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve(code));
    }).finally(() => clearInterval(sampler));
    const wallMs = performance.now() - began;
    if (status !== 0) throw new Error(`node ${args.join(" ")} exited ${status}`);
    if (atPeak === undefined) throw new Error(`no /proc/${pid}/status to read: Linux only`);
    return { ...reported(file), stdout, wallMs, atPeak };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
