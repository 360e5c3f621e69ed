// One firehose run of argv[2] messages in a process of its own, for bench/memory.ts: a fresh
// process per size keeps one run's heap from inflating the next one's peak. Plain JavaScript
// on the BUILT library (`npm run build` first), so no TypeScript loader sits in the measured
// process. Prints one JSON line.
//
// Besides the run's own RSS peak, it reads what V8 reports right after each of its own
// collections (v8.GCProfiler: no flag, no forced collection): the heap in use plus external
// memory (ArrayBuffers, hdr-histogram-js's WebAssembly memory) at that moment is what the run
// keeps alive, while RSS also holds the young generation V8 sizes for itself.
import v8 from "node:v8";
import { StressTestRunner } from "../../dist/index.js";

const AGENTS = 10;
const MB = 1024 * 1024;
const messages = Number(process.argv[2]);
if (!Number.isInteger(messages) || messages <= 0 || messages % AGENTS !== 0) {
  process.stderr.write(`memory-driver: expected a message count divisible by ${AGENTS}\n`);
  process.exit(2);
}

const profiler = new v8.GCProfiler();
profiler.start();
const result = await new StressTestRunner({
  scenario: "firehose",
  seed: 1,
  agents: AGENTS,
  messagesPerAgent: messages / AGENTS,
}).run();
const { statistics } = profiler.stop();

let retainedPeak = 0;
let youngPeak = 0;
for (const { afterGC } of statistics) {
  const { usedHeapSize, externalMemory } = afterGC.heapStatistics;
  retainedPeak = Math.max(retainedPeak, usedHeapSize + externalMemory);
  const young = afterGC.heapSpaceStatistics.find((space) => space.spaceName === "new_space");
  if (young) youngPeak = Math.max(youngPeak, young.spaceSize);
}

process.stdout.write(
  `${JSON.stringify({
    messages: result.totals.generated,
    rssPeakMB: result.resources.rssPeakMB,
    rssAvgMB: result.resources.rssAvgMB,
    heapPeakMB: result.resources.heapPeakMB,
    retainedPeakMB: retainedPeak / MB,
    youngGenerationPeakMB: youngPeak / MB,
    collections: statistics.length,
    messagesPerSec: result.throughput.messagesPerSec,
    durationMs: result.durationMs,
    balanced: result.audit.balanced,
  })}\n`,
);
