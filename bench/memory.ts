/**
 * Question 2, memory: does the harness's memory stay flat as the message count grows tenfold?
 * Each size runs the firehose in a fresh process (bench/support/memory-driver.mjs, on the built
 * library) and reads that run's peak RSS from its RunResult. Run alone with
 * `npm run build && npx tsx bench/memory.ts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { publish } from "./support/output.js";
import { describeMachine, figure } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

const ROOT = join(import.meta.dirname, "..");
const DRIVER = join(import.meta.dirname, "support", "memory-driver.mjs");
const BUILT = join(ROOT, "dist", "index.js");
const SIZES = [1_000_000, 10_000_000] as const;
const TARGET_GROWTH_MB = 16;

/** What the driver prints for one run. */
interface DriverRun {
  readonly messages: number;
  readonly rssPeakMB: number;
  readonly rssAvgMB: number;
  readonly heapPeakMB: number;
  readonly messagesPerSec: number;
  readonly durationMs: number;
  readonly balanced: boolean;
}

function runDriver(messages: number): DriverRun {
  const child = spawnSync(process.execPath, [DRIVER, String(messages)], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 10 * 60_000,
  });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`memory driver (${messages}) exited ${child.status}`);
  return JSON.parse(child.stdout) as DriverRun;
}

function main(): void {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first`);
  const started = performance.now();
  const [small, large] = SIZES.map(runDriver) as [DriverRun, DriverRun];
  const count = (n: number) => n.toLocaleString("en-US");
  const { title } = questionEntry("memory");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "memory",
    title: `${title}: peak RSS at ${count(small.messages)} and ${count(large.messages)} messages`,
    question:
      "Does memory stay flat as the message count grows tenfold (counters and histograms, not stored messages)?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures: [
      figure(`RSS peak, ${count(small.messages)}`, small.rssPeakMB, "MB"),
      figure(`RSS peak, ${count(large.messages)}`, large.rssPeakMB, "MB"),
      figure("RSS peak growth", large.rssPeakMB - small.rssPeakMB, "MB", {
        kind: "below",
        value: TARGET_GROWTH_MB,
      }),
      figure(`heap peak, ${count(small.messages)}`, small.heapPeakMB, "MB"),
      figure(`heap peak, ${count(large.messages)}`, large.heapPeakMB, "MB"),
      figure(`throughput, ${count(large.messages)}`, large.messagesPerSec, "msg/s"),
    ],
    notes: [
      "each size is the firehose scenario (10 agents, direct messages, zero delay and interval) in a fresh `node` process on the built library",
      "peak RSS is the run's own figure (resources.rssPeakMB), sampled every 100 ms",
      `both runs balanced their audit: ${small.balanced && large.balanced ? "yes" : "NO"}; durations ${(small.durationMs / 1000).toFixed(1)} s and ${(large.durationMs / 1000).toFixed(1)} s`,
    ],
  });
}

main();
