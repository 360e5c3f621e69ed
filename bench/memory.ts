/**
 * Question 2, memory: does the harness's memory stay flat as the message count grows tenfold?
 * Each size runs the firehose in a fresh process (bench/support/memory-driver.mjs, on the built
 * library). The target is on what the run keeps alive: the peak of V8's heap in use plus
 * external memory right after its collections. Peak RSS, the run's own figure, is reported
 * beside it with the young generation that explains most of it: on Node 24 V8 lets the young
 * generation grow to 128 MB (two 64 MB semi-spaces, against 16 MB on Node 20) before it stops,
 * and a firehose of a million messages ends before it gets there. Run alone with
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
  readonly retainedPeakMB: number;
  readonly youngGenerationPeakMB: number;
  readonly collections: number;
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
    title: `${title}: retained memory and peak RSS at ${count(small.messages)} and ${count(large.messages)} messages`,
    question:
      "Does memory stay flat as the message count grows tenfold (counters and histograms, not stored messages)?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures: [
      figure(`retained peak, ${count(small.messages)}`, small.retainedPeakMB, "MB"),
      figure(`retained peak, ${count(large.messages)}`, large.retainedPeakMB, "MB"),
      figure("retained peak growth", large.retainedPeakMB - small.retainedPeakMB, "MB", {
        kind: "below",
        value: TARGET_GROWTH_MB,
      }),
      figure(`RSS peak, ${count(small.messages)}`, small.rssPeakMB, "MB"),
      figure(`RSS peak, ${count(large.messages)}`, large.rssPeakMB, "MB"),
      figure("RSS peak growth", large.rssPeakMB - small.rssPeakMB, "MB"),
      figure(`young generation, ${count(small.messages)}`, small.youngGenerationPeakMB, "MB"),
      figure(`young generation, ${count(large.messages)}`, large.youngGenerationPeakMB, "MB"),
      figure(`heap peak, ${count(small.messages)}`, small.heapPeakMB, "MB"),
      figure(`heap peak, ${count(large.messages)}`, large.heapPeakMB, "MB"),
      figure(`throughput, ${count(large.messages)}`, large.messagesPerSec, "msg/s"),
    ],
    notes: [
      "each size is the firehose scenario (10 agents, direct messages, zero delay and interval) in a fresh `node` process on the built library",
      `retained peak: the largest heap in use plus external memory (ArrayBuffers, the histograms' WebAssembly memory) that V8 reported right after one of its own collections (v8.GCProfiler, ${small.collections} and ${large.collections} collections; no flag, none forced): what the run keeps alive, counters, histograms and the messages in flight, with whatever old garbage the collector had not reached yet`,
      "peak RSS and heap peak are the run's own figures (resources.rssPeakMB, resources.heapPeakMB), sampled every 100 ms; young generation: the largest new space V8 had after a collection",
      "why RSS is not the target: RSS also holds the young generation, which V8 grows while objects keep surviving its scavenges, up to its limit (two semi-spaces of 64 MB on Node 24, 16 MB on Node 20), and keeps; a run of a million messages ends before it gets there, so RSS grows by the difference once and then stops (a firehose of 30,000,000 peaks where one of 10,000,000 does), while what the run retains stays flat",
      `both runs balanced their audit: ${small.balanced && large.balanced ? "yes" : "NO"}; durations ${(small.durationMs / 1000).toFixed(1)} s and ${(large.durationMs / 1000).toFixed(1)} s`,
    ],
  });
}

main();
