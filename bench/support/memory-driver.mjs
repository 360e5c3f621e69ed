// One firehose run of argv[2] messages in a process of its own, for bench/memory.ts: a fresh
// process per size keeps one run's heap from inflating the next one's peak. Plain JavaScript
// on the BUILT library (`npm run build` first), so no TypeScript loader sits in the measured
// process. Prints one JSON line.
import { StressTestRunner } from "../../dist/index.js";

const AGENTS = 10;
const messages = Number(process.argv[2]);
if (!Number.isInteger(messages) || messages <= 0 || messages % AGENTS !== 0) {
  process.stderr.write(`memory-driver: expected a message count divisible by ${AGENTS}\n`);
  process.exit(2);
}

const result = await new StressTestRunner({
  scenario: "firehose",
  seed: 1,
  agents: AGENTS,
  messagesPerAgent: messages / AGENTS,
}).run();

process.stdout.write(
  `${JSON.stringify({
    messages: result.totals.generated,
    rssPeakMB: result.resources.rssPeakMB,
    rssAvgMB: result.resources.rssAvgMB,
    heapPeakMB: result.resources.heapPeakMB,
    messagesPerSec: result.throughput.messagesPerSec,
    durationMs: result.durationMs,
    balanced: result.audit.balanced,
  })}\n`,
);
