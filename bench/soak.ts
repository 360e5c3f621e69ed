/**
 * Question 20, soak: does a long run at a fixed rate hold flat memory and a steady per-second
 * cost? A `swarm-stress run` of the open model on the memory queue and one on a SQLite file
 * run side by side (each takes a small share of a core at this rate), and this process samples
 * each one's resident memory and CPU time from /proc every second: its own clock and the
 * kernel's counters, not the harness's. Run alone with `npm run build && npx tsx
 * bench/soak.ts`; `SOAK_MINUTES=3` shortens it for a try (the figures compare minute 1 with the
 * last minute).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RunResult } from "../src/result/result.js";
import { publish } from "./support/output.js";
import { type ProcessSample, sampleProcess } from "./support/proc-sample.js";
import { describeMachine, figure, median } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "dist", "cli", "main.js");
const MINUTES = Math.max(2, Number(process.env.SOAK_MINUTES ?? 10));
const RATE = 1000;
/** Issue 17: RSS may grow by less than this from minute 1 to the last. */
const TARGET_GROWTH_MB = 10;
/** The last minute may cost at most this many times the CPU a second of minute 1 cost. */
const TARGET_DRIFT = 1.25;
/** The default scenario's mix of messages, in batches taken as they come (no pause after each). */
const SHAPE = ["--agents", "10", "--interval", "0", "--batch-size", "50"];
/** Each minute's figure is the median of its samples in the seconds before its end. */
const WINDOW_S = 20;

interface Soak {
  readonly label: string;
  readonly samples: readonly ProcessSample[];
  /** V8's heap after each full collection, as `--trace-gc` printed it. */
  readonly fullCollections: readonly FullCollection[];
  readonly result: RunResult;
}

/** What was left in V8's heap after one full collection, `atS` seconds into the process. */
interface FullCollection {
  readonly atS: number;
  readonly liveMB: number;
}

/** `--trace-gc`'s line for a full collection: `104101 ms: Mark-Compact 42.5 (59.2) -> 13.0 (57.9) MB`. */
const FULL_GC = /(\d+) ms: Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/;

async function soak(label: string, queue: string, dir: string): Promise<Soak> {
  const out = join(dir, `${label}.json`);
  // V8 prints each collection (--trace-gc) on stdout; the result goes to a file.
  const args = ["--trace-gc", BIN, "run", "--queue", queue, "--rate", String(RATE)];
  const child = spawn(
    process.execPath,
    [...args, "--duration", `${MINUTES}m`, ...SHAPE, "--seed", "1", "--no-progress", "-o", out],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const fullCollections: FullCollection[] = [];
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const [, ms, live] = FULL_GC.exec(line) ?? [];
      if (ms !== undefined && live !== undefined) {
        fullCollections.push({ atS: Number(ms) / 1000, liveMB: Number(live) });
      }
    }
  });
  const startedAt = performance.now();
  const samples: ProcessSample[] = [];
  const timer = setInterval(() => {
    const sample = child.pid === undefined ? undefined : sampleProcess(child.pid, startedAt);
    if (sample) samples.push(sample);
  }, 1000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`the ${label} soak exited with ${code}`);
  const result = JSON.parse(readFileSync(out, "utf8")) as RunResult;
  return { label, samples, fullCollections, result };
}

/** The median RSS of the samples in the window before `endS`. */
function rssAt(samples: readonly ProcessSample[], endS: number): number {
  return median(windowOf(samples, endS).map((s) => s.rssMB));
}

/** CPU seconds a second over the window before `endS`, from the first sample to the last. */
function cpuAt(samples: readonly ProcessSample[], endS: number): number {
  const window = windowOf(samples, endS);
  const first = window[0];
  const last = window.at(-1);
  if (!first || !last || last.atS <= first.atS) return Number.NaN;
  return (last.cpuS - first.cpuS) / (last.atS - first.atS);
}

function windowOf(samples: readonly ProcessSample[], endS: number): ProcessSample[] {
  return samples.filter((s) => s.atS > endS - WINDOW_S && s.atS <= endS);
}

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "bench-soak-"));
  try {
    const soaks = await Promise.all([
      soak("memory", "memory", dir),
      soak("sqlite", `sqlite:${join(dir, "soak.db")}`, dir),
    ]);
    const lastS = MINUTES * 60;
    const figures = soaks.flatMap(({ label, samples, fullCollections }) => {
      const afterMinute1 = fullCollections.filter((c) => c.atS >= 60);
      const first = rssAt(samples, 60);
      const last = rssAt(samples, lastS);
      return [
        figure(`${label}: RSS at minute 1`, first, "MB"),
        figure(`${label}: RSS at minute 2`, rssAt(samples, 120), "MB"),
        figure(`${label}: RSS at minute ${MINUTES}`, last, "MB"),
        figure(`${label}: RSS growth`, last - first, "MB", {
          kind: "below",
          value: TARGET_GROWTH_MB,
        }),
        figure(
          `${label}: live heap growth, full GCs after minute 1`,
          (afterMinute1.at(-1)?.liveMB ?? Number.NaN) - (afterMinute1[0]?.liveMB ?? Number.NaN),
          "MB",
        ),
        figure(
          `${label}: CPU a second, minute ${MINUTES} / minute 1`,
          cpuAt(samples, lastS) / cpuAt(samples, 60),
          "x",
          { kind: "atMost", value: TARGET_DRIFT },
        ),
      ];
    });
    const detail = soaks.map(({ label, samples, fullCollections, result }) => {
      const cpu = (endS: number) => `${(cpuAt(samples, endS) * 100).toFixed(1)}%`;
      const live = fullCollections.map((c) => c.liveMB);
      const collections = fullCollections.map((c) => `${Math.round(c.atS)} s`).join(", ");
      return `${label}: ${result.totals.delivered.toLocaleString("en-US")} delivered of ${result.totals.generated.toLocaleString("en-US")}, audit ${result.audit.balanced ? "balanced" : "NOT balanced"}, ${result.timeline.length} timeline points; CPU ${cpu(60)} of a core in minute 1, ${cpu(lastS)} in minute ${MINUTES}; the run's own peak RSS ${result.resources.rssPeakMB.toFixed(1)} MB against ${Math.max(...samples.map((s) => s.rssMB)).toFixed(1)} MB sampled from /proc; end-to-end p99 ${result.latency.endToEnd.p99.toFixed(2)} ms; full collections at ${collections || "none"}, leaving ${Math.min(...live).toFixed(1)}-${Math.max(...live).toFixed(1)} MB live`;
    });
    const { title } = questionEntry("soak");
    publish({
      schema: "swarm-stress/bench-question@1",
      name: "soak",
      title: `${title}: ${MINUTES} minutes at ${RATE}/s on the memory and SQLite queues`,
      question: `Does a long run at a fixed rate hold flat memory (growth < ${TARGET_GROWTH_MB} MB from minute 1 to minute ${MINUTES}) and a steady cost a second (the last minute within ${TARGET_DRIFT}x of the first)?`,
      at: new Date().toISOString(),
      durationMs: performance.now() - started,
      machine: describeMachine(),
      figures,
      notes: [
        `each soak is \`swarm-stress run --queue Q --rate ${RATE} --duration ${MINUTES}m ${SHAPE.join(" ")} --seed 1\` (the default scenario's mix of four types, 1 ms mock deliveries, 50 at a time), the two side by side`,
        "live heap: what V8 kept after each full collection (Mark-Compact), from the `--trace-gc` lines each soak process prints; RSS grows until V8's first full collection of the old generation, which it defers while the heap is young",
        `RSS and CPU are this bench's own samples of each process, once a second from /proc/PID/status (VmRSS) and /proc/PID/stat (utime + stime); a minute's RSS is the median of its last ${WINDOW_S} s of samples, its CPU the CPU time over those seconds`,
        ...detail,
      ],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
