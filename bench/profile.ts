/**
 * Where the time goes: the firehose run under V8's sampling profiler, self time summed by part
 * of the pipeline. Regenerated with the rest, so the account in docs/benchmarks.md always
 * matches the code it describes. Run alone with `npx tsx bench/profile.ts`.
 */
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import { StressTestRunner } from "../src/run/runner.js";
import { publish } from "./support/output.js";
import { describeMachine, figure } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

/** A node of a V8 CPU profile, as much of it as is read here. */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Parts of the pipeline, matched on the source path; the first match wins. */
const PARTS: readonly [label: string, pattern: RegExp][] = [
  ["generator and producer (src/workload)", /\/src\/workload\//],
  ["queue driver (src/queue)", /\/src\/queue\//],
  ["processor (src/processor)", /\/src\/processor\//],
  ["recorder and histograms (src/metrics)", /\/src\/metrics\//],
  ["mock core (src/delivery)", /\/src\/delivery\//],
  ["runner and clock (src/run)", /\/src\/run\//],
];

const started = performance.now();
const run = () => new StressTestRunner({ scenario: "firehose", seed: 1 }).run();
// One run first, unprofiled, so the profile shows the optimised code rather than its warm-up.
await run();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const result = await run();
const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
session.disconnect();

const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
let total = 0;
const byPart = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const time = selfTime.get(node.id) ?? 0;
  if (time === 0) continue;
  total += time;
  const { functionName, url } = node.callFrame;
  const part = partOf(functionName, url);
  byPart.set(part, (byPart.get(part) ?? 0) + time);
  const where = url ? url.replace(/^.*\/(src|node_modules)\//, "$1/") : "(native)";
  const name = `${functionName || "(anonymous)"}  ${where}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
}

const share = (time: number): number => (total === 0 ? 0 : (100 * time) / total);
const parts = [...byPart].sort((a, b) => b[1] - a[1]);
const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15);
const entry = questionEntry("profile");
publish({
  schema: "swarm-stress/bench-question@1",
  name: entry.name,
  title: entry.title,
  question:
    "Where does a firehose run (1 million direct messages, zero delay) spend its CPU time, by part of the pipeline?",
  at: new Date().toISOString(),
  durationMs: performance.now() - started,
  machine: describeMachine(),
  figures: [
    figure("firehose throughput while profiled", result.throughput.messagesPerSec, "msg/s"),
    ...parts.map(([label, time]) => figure(label, share(time), "% of CPU")),
  ],
  details: [
    "Hottest functions (self time):",
    ...top.map(([name, time]) => `  ${share(time).toFixed(1).padStart(5)}%  ${name}`),
  ].join("\n"),
  notes: [
    "V8 sampling profiler (node:inspector), 100 us interval, on the second of two runs in one process.",
    "Self time: a function's own samples, not its callees'; inlined functions count toward their caller.",
    "The profiler itself slows the run; compare parts with each other, not the throughput with question 1.",
  ],
});

function partOf(functionName: string, url: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)" || functionName === "(idle)") return "V8 and idle";
  // Native frames have no URL; the two that matter are the clock and the profiler's own work.
  if (url === "" && functionName === "now") return "clock reads (performance.now)";
  if (url === "" && functionName === "dispatch") return "the profiler itself";
  for (const [label, pattern] of PARTS) if (pattern.test(url)) return label;
  return url.startsWith("node:") ? "Node internals (timers, promises, clock)" : "other";
}
