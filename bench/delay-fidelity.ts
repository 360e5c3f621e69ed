/**
 * Question 3, delay fidelity: does a mock delay of 1 ms (or 0.1 ms) cost what it says, so that
 * a run's pace is set by its settings and not by timer granularity? Run alone with
 * `npx tsx bench/delay-fidelity.ts`.
 */
import { performance } from "node:perf_hooks";
import type { RunSettings } from "../src/config/run-settings.js";
import type { RunResult } from "../src/result/result.js";
import { StressTestRunner } from "../src/run/runner.js";
import { publish } from "./support/output.js";
import { describeMachine, type Figure, figure } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

/** Tolerance of the measured delivery p50 around the configured delay. */
const P50_TOLERANCE = 0.05;

interface DelayCase {
  readonly label: string;
  readonly delayMs: number;
  readonly concurrency: number;
  /** Messages: enough for about two seconds at the target rate. */
  readonly messages: number;
  readonly batchSize: number;
  readonly targetPerSec: number;
}

const CASES: readonly DelayCase[] = [
  {
    label: "1 ms, concurrency 1",
    delayMs: 1,
    concurrency: 1,
    messages: 2_000,
    batchSize: 100,
    targetPerSec: 900,
  },
  {
    label: "1 ms, concurrency 100",
    delayMs: 1,
    concurrency: 100,
    messages: 200_000,
    batchSize: 1_000,
    targetPerSec: 80_000,
  },
  {
    label: "0.1 ms, concurrency 1",
    delayMs: 0.1,
    concurrency: 1,
    messages: 20_000,
    batchSize: 100,
    targetPerSec: 7_000,
  },
];

const AGENTS = 10;

function settingsOf(c: DelayCase): RunSettings {
  return {
    agents: AGENTS,
    messagesPerAgent: c.messages / AGENTS,
    types: ["direct"],
    payloadSize: 64,
    batchSize: c.batchSize,
    concurrency: c.concurrency,
    interval: 0,
    delay: c.delayMs,
    successRate: 1,
    seed: 1,
  };
}

function figuresOf(c: DelayCase, result: RunResult): Figure[] {
  return [
    figure(`${c.label}: throughput`, result.throughput.messagesPerSec, "msg/s", {
      kind: "atLeast",
      value: c.targetPerSec,
    }),
    figure(`${c.label}: delivery p50`, result.latency.delivery.p50, "ms", {
      kind: "within",
      value: c.delayMs,
      tolerance: P50_TOLERANCE,
    }),
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  // Warm-up: the first run pays for JIT and WASM, which is not what this question asks about.
  await new StressTestRunner({ ...settingsOf(CASES[2] as DelayCase), messagesPerAgent: 100 }).run();
  const results: RunResult[] = [];
  for (const c of CASES) results.push(await new StressTestRunner(settingsOf(c)).run());
  const { title } = questionEntry("delay-fidelity");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "delay-fidelity",
    title: `${title}: the mock core's delay against the clock`,
    question:
      "Does a configured mock delay cost what it says, alone and with 100 deliveries in flight, so a run's pace comes from its settings?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures: CASES.flatMap((c, i) => figuresOf(c, results[i] as RunResult)),
    notes: [
      ...CASES.map(
        (c, i) =>
          `${c.label}: ${c.messages.toLocaleString("en-US")} direct messages in batches of ${c.batchSize.toLocaleString("en-US")}, interval 0; delivery p99 ${(results[i] as RunResult).latency.delivery.p99.toFixed(3)} ms; ideal ${Math.round((c.concurrency * 1000) / c.delayMs).toLocaleString("en-US")} msg/s`,
      ),
      "delivery time runs from the deliver call to its outcome (docs/metrics.md)",
    ],
  });
}

await main();
