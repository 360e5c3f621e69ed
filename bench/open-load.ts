/**
 * Question 11, open load: does an open run offer and send the rate asked for, and does the
 * capacity search find the rate a pipeline sustains? Ground truth for the search is the same
 * pipeline draining a closed backlog as fast as it can (its service rate), measured in the same
 * run, with concurrency / delay beside it. Run alone with `npx tsx bench/open-load.ts`.
 */
import { performance } from "node:perf_hooks";
import type { CapacityDocument } from "../src/capacity/capacity-document.js";
import { findCapacity } from "../src/capacity/find-capacity.js";
import type { RunSettings } from "../src/config/run-settings.js";
import { StressTestRunner } from "../src/run/runner.js";
import { publish } from "./support/output.js";
import { describeMachine, type Figure, figure } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

/** Largest gap between what was sent and what was offered, uniform arrivals. */
const RATE_TOLERANCE = 0.01;
/** Largest gap of a Poisson schedule's mean rate from the rate asked for. */
const POISSON_TOLERANCE = 0.02;
/** Largest gap of the rate found from the pipeline's closed-drain service rate. */
const SEARCH_TOLERANCE = 0.05;

const RATES = [1000, 10_000, 100_000] as const;

/** A zero-cost mock core: only the harness and the queue between arrival and delivery. */
const FREE: RunSettings = {
  agents: 10,
  types: ["direct"],
  delay: 0,
  batchSize: 100,
  interval: 0,
  seed: 11,
};

/** Pipelines whose service rate is known by arithmetic: concurrency / delay. */
const PIPELINES = [
  { concurrency: 4, delayMs: 5 },
  { concurrency: 10, delayMs: 1 },
] as const;

const count = (value: number) => Math.round(value).toLocaleString("en-US");

function pipelineSettings(concurrency: number, delayMs: number): RunSettings {
  return {
    agents: 10,
    types: ["direct"],
    delay: `${delayMs}ms`,
    concurrency,
    // Ten rounds per batch, so that a batch's lease and settles weigh little.
    batchSize: concurrency * 10,
    interval: 0,
    seed: 12,
  };
}

/** The pipeline's service rate: how fast it drains a closed backlog of ten seconds' work. */
async function closedDrain(concurrency: number, delayMs: number): Promise<number> {
  const perSecond = (concurrency * 1000) / delayMs;
  const result = await new StressTestRunner({
    ...pipelineSettings(concurrency, delayMs),
    messagesPerAgent: Math.round(perSecond / 2),
  }).run();
  return result.throughput.messagesPerSec;
}

async function search(concurrency: number, delayMs: number): Promise<CapacityDocument> {
  return findCapacity({
    settings: pipelineSettings(concurrency, delayMs),
    search: {
      slo: [],
      startRate: 100,
      maxRate: 1_000_000,
      resolution: 0.02,
      stepMs: 3000,
      warmupMs: 1000,
      confirmMs: 6000,
      backlogTolerance: 0.01,
    },
  });
}

/** The rate the search settled on: the confirmed one, or the top of its range. */
function foundRate(doc: CapacityDocument): number {
  return doc.outcome.sustainedRate ?? doc.outcome.range?.[1] ?? Number.NaN;
}

async function main(): Promise<void> {
  const started = performance.now();
  const figures: Figure[] = [];
  const notes: string[] = [];
  // Warm-up: JIT and the allocator settle before anything is judged.
  await new StressTestRunner({ ...FREE, rate: 5000, duration: 1000 }).run();
  for (const rate of RATES) {
    const result = await new StressTestRunner({ ...FREE, rate, duration: 2000 }).run();
    const load = result.load;
    const offered = load?.offeredPerSec ?? Number.NaN;
    const sent = load?.sentPerSec ?? Number.NaN;
    figures.push(
      figure(`${count(rate)}/s uniform: sent / offered`, sent / offered, "", {
        kind: "within",
        value: 1,
        tolerance: RATE_TOLERANCE,
      }),
      figure(`${count(rate)}/s uniform: send lag p99`, load?.sendLag.p99 ?? Number.NaN, "ms"),
      figure(
        `${count(rate)}/s uniform: harness late p99`,
        result.harness.scheduleLagP99Ms ?? Number.NaN,
        "ms",
      ),
    );
    notes.push(
      `${count(rate)}/s for 2 s, uniform: offered ${count(offered)}/s, sent ${count(sent)}/s, ${count(result.totals.generated)} messages, schedule kept: ${result.harness.scheduleKept ? "yes" : "no"}, CPU ${result.resources.cpuAvgPct.toFixed(0)}%`,
    );
  }
  const poisson = await new StressTestRunner({
    ...FREE,
    rate: 10_000,
    duration: 4000,
    arrivals: "poisson",
  }).run();
  const poissonRate = poisson.load?.offeredPerSec ?? Number.NaN;
  figures.push(
    figure("10,000/s Poisson: offered / asked", poissonRate / 10_000, "", {
      kind: "within",
      value: 1,
      tolerance: POISSON_TOLERANCE,
    }),
  );
  notes.push(
    `Poisson: 10,000/s for 4 s, seeded: ${count(poisson.totals.generated)} arrivals, ${count(poissonRate)}/s over the span of their intended times`,
  );
  for (const { concurrency, delayMs } of PIPELINES) {
    const label = `c=${concurrency}, d=${delayMs} ms`;
    const drain = await closedDrain(concurrency, delayMs);
    const doc = await search(concurrency, delayMs);
    const found = foundRate(doc);
    const ideal = (concurrency * 1000) / delayMs;
    figures.push(
      figure(`${label}: rate found`, found, "msg/s"),
      figure(`${label}: found / closed drain`, found / drain, "", {
        kind: "within",
        value: 1,
        tolerance: SEARCH_TOLERANCE,
      }),
      figure(`${label}: found / (c / d)`, found / ideal, ""),
    );
    const judged = doc.steps.filter((step) => step.phase !== "warm-up");
    const below = judged.filter((step) => step.verdict === "sustained").at(-1);
    const above = judged
      .filter((step) => step.verdict === "not sustained")
      .sort((a, b) => a.rate - b.rate)[0];
    notes.push(
      `${label} (c/d = ${count(ideal)}/s, batches of ${concurrency * 10}): closed drain ${count(drain)}/s; search: ${doc.outcome.verdict} ${count(found)}/s in ${doc.steps.length} steps of 3 s (confirmation 6 s), ${(doc.durationMs / 1000).toFixed(0)} s; highest step that held ${count(below?.rate ?? Number.NaN)}/s with p99 ${(below?.endToEnd.p99 ?? Number.NaN).toFixed(1)} ms; lowest that did not ${count(above?.rate ?? Number.NaN)}/s, backlog growing ${(above?.depthSlopePerSec ?? Number.NaN).toFixed(1)}/s`,
    );
  }
  notes.push(
    "the closed drain is the pipeline's service rate measured the other way (a backlog worked off as fast as it goes); the processor leases a batch and finishes it before the next, so it serves a little under c / d",
  );
  const { title } = questionEntry("open-load");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "open-load",
    title: `${title}: rates offered and the capacity found`,
    question:
      "Does an open run send the rate it offers, uniform and Poisson, and does the capacity search find the rate a pipeline sustains (its closed-drain service rate)?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures,
    notes,
  });
}

await main();
