/**
 * Question 12, sleep cost: what does waiting cost the harness in CPU? A mock core's delays,
 * processor pauses and the open load's arrival clock all sleep on the precise scheduler
 * (src/util/precise-sleep.ts); every core the harness keeps busy while it waits is a core the
 * system under test does not get. Run alone with `npx tsx bench/sleep-cost.ts`.
 */
import { performance } from "node:perf_hooks";
import type { RunSettings } from "../src/config/run-settings.js";
import type { RunResult } from "../src/result/result.js";
import { StressTestRunner } from "../src/run/runner.js";
import { publish } from "./support/output.js";
import { describeMachine, type Figure, figure } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

/** Most CPU the harness may use, % of one core, while 1 ms deliveries set the pace. */
const CPU_TARGET_PCT = 15;
/** Tolerances of the delivery p50 and p99 around the configured delay. */
const P50_TOLERANCE = 0.05;
const P99_TOLERANCE = 0.2;

/**
 * Open load at a rate low enough that the harness's own work per message is small beside the
 * sleeping: what is left is the cost of waiting for the arrival clock and the deliveries.
 */
const RATE = 500;
const DURATION_MS = 4000;
const CONCURRENCY = 100;

interface Measured {
  readonly result: RunResult;
  /** process.cpuUsage over the run's wall time, % of one core: every thread of the process. */
  readonly cpuPct: number;
}

function settingsOf(delay: string | number, durationMs = DURATION_MS): RunSettings {
  return {
    agents: 10,
    types: ["direct"],
    payloadSize: 64,
    concurrency: CONCURRENCY,
    batchSize: CONCURRENCY,
    interval: 0,
    delay,
    rate: RATE,
    duration: durationMs,
    seed: 12,
  };
}

async function measure(settings: RunSettings): Promise<Measured> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await new StressTestRunner(settings).run();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100 };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function main(): Promise<void> {
  const started = performance.now();
  // Warm-up: JIT, and the scheduler learning how late a kernel sleep wakes on this machine.
  await measure(settingsOf("1ms", 1000));
  const oneMs = await measure(settingsOf("1ms"));
  const tenthMs = await measure(settingsOf("0.1ms"));
  const free = await measure(settingsOf(0));
  const figures: Figure[] = [
    figure("1 ms delays: harness CPU", oneMs.cpuPct, "%", {
      kind: "below",
      value: CPU_TARGET_PCT,
    }),
    figure("1 ms delays: delivery p50", oneMs.result.latency.delivery.p50, "ms", {
      kind: "within",
      value: 1,
      tolerance: P50_TOLERANCE,
    }),
    figure("1 ms delays: delivery p99", oneMs.result.latency.delivery.p99, "ms", {
      kind: "within",
      value: 1,
      tolerance: P99_TOLERANCE,
    }),
    figure("0.1 ms delays: delivery p50", tenthMs.result.latency.delivery.p50, "ms", {
      kind: "within",
      value: 0.1,
      tolerance: P50_TOLERANCE,
    }),
    figure("0.1 ms delays: harness CPU", tenthMs.cpuPct, "%"),
    figure("no delay: harness CPU", free.cpuPct, "%"),
  ];
  const { title } = questionEntry("sleep-cost");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "sleep-cost",
    title: `${title}: the harness's CPU while deliveries sleep`,
    question:
      "Does waiting cost the harness next to no CPU: a run whose mock deliveries take 1 ms uses at most 15% of one core, with delivery p50 and p99 still on the configured delay?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures,
    notes: [
      `each run: open load, ${RATE}/s uniform arrivals for ${DURATION_MS / 1000} s, concurrency ${CONCURRENCY}, batches of up to ${CONCURRENCY}, memory queue, mock core; the rate keeps the harness's own work per message small, so its CPU is mostly the cost of waiting`,
      `1 ms delays: ${oneMs.result.totals.generated.toLocaleString("en-US")} messages, delivery p90 ${ms(oneMs.result.latency.delivery.p90)}, max ${ms(oneMs.result.latency.delivery.max)}; schedule kept: ${oneMs.result.harness.scheduleKept ? "yes" : "no"}`,
      `0.1 ms delays: delivery p99 ${ms(tenthMs.result.latency.delivery.p99)}; a wait shorter than a kernel sleep's lateness (about 0.1 ms) is waited out reading the clock, which uses the core meanwhile`,
      "no delay: the same arrivals with a core that answers at once, so the 1 ms figure less this one is what sleeping costs. Even this one waits: the arrival clock wakes for each arrival, 2 ms apart, with a timer and then 0.5 ms kernel sleeps, and each wake-up costs some 25-35 µs of CPU on a virtual machine; the harness's own work per message is a few µs (a V8 profile of the run)",
      "the cost follows the number of wake-ups: 0.5 ms slices bound how long a socket's reply can wait behind a sleep; 1 ms slices measured about 3 points less CPU at 1 ms delays, and were not taken (src/util/precise-sleep.ts, SLICE_MS)",
      "on a machine whose other processes hold the cores, wake-ups come late by milliseconds now and then: that is what moves the 1 ms p99, and the harness can only report it",
      "harness CPU: process.cpuUsage (user + system, every thread) over the run's wall time, % of one core",
    ],
  });
}

await main();
