import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RunSettings } from "../src/config/run-settings.js";
import type { RunResult } from "../src/result/result.js";
import { SATURATED_OVERHEAD_SHARE } from "../src/run/build-result.js";
import { StressTestRunner } from "../src/run/runner.js";
import type { SelfTimingKind } from "../test/fixtures/cores/self-timing.js";
import {
  BIMODAL_RUN,
  COMPARED_PERCENTILES,
  DISTRIBUTED_TRUTH,
  deliveryErrors,
  directMessages,
  endToEndErrors,
  overheadTruthUs,
  percentileOf,
  relativeError,
  runAgainstOwnClock,
  runDistributedTruth,
  throughputOverCoreSpan,
} from "../test/support/core-truth.js";
import { freshStream, REDIS_URL, redisAvailable, streamUrl } from "../test/support/redis.js";
import { publish } from "./support/output.js";
import { describeMachine, type Figure, figure } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

/** Largest error of a latency percentile against the core's own clock, %. */
const LATENCY_ERROR_PCT = 3;
/** Largest error of the harness's overhead per message against the core's clock, %. */
const OVERHEAD_ERROR_PCT = 10;
/** Largest error of a distributed run's throughput against the span of its cores' calls, %. */
const THROUGHPUT_ERROR_PCT = 2;

/** Base work per delivery of the latency cases, ms (each message works 0.5 to 2.25 times it). */
const LATENCY_MS = 2;
const LATENCY_MESSAGES = 400;
const LATENCY_KINDS: readonly SelfTimingKind[] = ["sync", "timer", "async-busy"];
const CONCURRENCIES: readonly number[] = [1, 10, 100];

const OVERHEAD_MESSAGES = 20_000;

/** Largest share of the span the harness may take beside a core working 5 ms per call, %. */
const BUSY_SHARE_PCT = 10;

/** Enough messages, with nothing to deliver, for the harness's own work to set the pace. */
const FLOOD: RunSettings = directMessages(50_000, 1, 1000);

const pct = (fraction: number) => 100 * fraction;
const signed = (fraction: number) => `${fraction >= 0 ? "+" : ""}${pct(fraction).toFixed(2)}%`;
const ms = (value: number) => value.toFixed(3);
const count = (value: number) => Math.round(value).toLocaleString("en-US");

/** The reported percentile `p` of a latency summary. */
function reportedAt(
  summary: { readonly p50: number; readonly p90: number; readonly p99: number },
  p: (typeof COMPARED_PERCENTILES)[number],
): number {
  return p === 50 ? summary.p50 : p === 90 ? summary.p90 : summary.p99;
}

/** Figures (absolute error, %) and notes (truth, reported, signed error) for one latency run. */
function latencyFigures(
  label: string,
  errors: Record<(typeof COMPARED_PERCENTILES)[number], number>,
  truth: readonly number[],
  reported: { readonly p50: number; readonly p90: number; readonly p99: number },
): { figures: Figure[]; note: string } {
  const figures = COMPARED_PERCENTILES.map((p) =>
    figure(`${label}: p${p} error`, Math.abs(pct(errors[p])), "%", {
      kind: "below",
      value: LATENCY_ERROR_PCT,
    }),
  );
  const parts = COMPARED_PERCENTILES.map(
    (p) =>
      `p${p} ${ms(percentileOf(truth, p))} / ${ms(reportedAt(reported, p))} ms (${signed(errors[p])})`,
  );
  return { figures, note: `${label}, core's clock / reported: ${parts.join(", ")}` };
}

/** 1 for true, 0 for false: a verdict as a figure. */
const flag = (value: boolean) => (value ? 1 : 0);

async function main(): Promise<void> {
  const started = performance.now();
  const figures: Figure[] = [];
  const notes: string[] = [];

  // Warm-up: the first run pays for JIT and WASM, which is not what this question asks about.
  await runAgainstOwnClock("sync", 1, directMessages(200, 10, 20));

  // 1. The harness's verdicts about itself, first: a run's event-loop lag also shows the
  // garbage collections the runs before it left behind, which are not what these ask about.
  const busy = await runAgainstOwnClock("async-busy", 5, directMessages(100, 10));
  const busyShare = pct(
    busy.result.harness.overheadMs / (busy.result.harness.spanMs ?? Number.NaN),
  );
  figures.push(
    figure(
      "async-busy 5 ms: generator saturated (1 = yes)",
      flag(busy.result.resources.generatorSaturated),
      "",
      { kind: "below", value: 1 },
    ),
    figure("async-busy 5 ms: harness share of the span", busyShare, "%", {
      kind: "below",
      value: BUSY_SHARE_PCT,
    }),
  );
  // The mock core at zero delay costs nothing: the harness alone sets the pace.
  const flood = await new StressTestRunner({ ...FLOOD, delay: 0, seed: 1 }).run();
  figures.push(
    figure(
      "mock core at 0 ms, 50,000 messages: generator saturated (1 = yes)",
      flag(flood.resources.generatorSaturated),
      "",
      { kind: "atLeast", value: 1 },
    ),
    figure(
      "mock core at 0 ms, 50,000 messages: harness warning (1 = given)",
      flag(flood.warnings.some((w) => w.startsWith("the harness was the bottleneck"))),
      "",
      { kind: "atLeast", value: 1 },
    ),
  );
  const block = await runAgainstOwnClock("block", 1000, directMessages(200, 1));
  const blockWarned = block.result.warnings.some((w) => w.startsWith("the core ("));
  figures.push(
    figure("block 1 s: core-blocking warning (1 = given)", flag(blockWarned), "", {
      kind: "atLeast",
      value: 1,
    }),
    figure(
      "block 1 s: generator saturated (1 = yes)",
      flag(block.result.resources.generatorSaturated),
      "",
      { kind: "below", value: 1 },
    ),
  );
  notes.push(
    `verdicts: async-busy core, 5 ms of synchronous work per call, 100 direct messages, concurrency 10 (harness ${busy.result.harness.overheadMs.toFixed(1)} of ${(busy.result.harness.spanMs ?? Number.NaN).toFixed(1)} ms, lag p99 ${busy.result.resources.eventLoopLagP99Ms.toFixed(1)} ms); mock core at zero delay, 50,000 direct messages in batches of 1,000, concurrency 1 (harness ${saturationText(flood)}); block core, whose first call holds the thread 1 s, 200 direct messages (lag p99 ${block.result.resources.eventLoopLagP99Ms.toFixed(1)} ms, longest call ${(block.result.harness.coreBlockMaxMs ?? Number.NaN).toFixed(0)} ms)`,
    `the saturated verdict is the harness's own work taking at least ${pct(SATURATED_OVERHEAD_SHARE)}% of the processing span, or event-loop lag the core's longest call does not explain`,
    'a verdict is a figure of 1 (yes) or 0 (no); the saturated flag is the run\'s resources.generatorSaturated; the warnings are those starting "the harness was the bottleneck" and "the core ("',
    "delivery time runs from the deliver call to its outcome, end-to-end from the message's scheduled time to its last delivery's end (docs/metrics.md); errors are |reported - core's own| / core's own, over the same nearest-rank percentile",
  );

  // 2. Delivery latency against the core's own durations.
  for (const kind of LATENCY_KINDS) {
    for (const concurrency of CONCURRENCIES) {
      const run = await runAgainstOwnClock(
        kind,
        LATENCY_MS,
        directMessages(LATENCY_MESSAGES, concurrency, Math.max(concurrency, 20)),
      );
      const { figures: f, note } = latencyFigures(
        `delivery, ${kind}, concurrency ${concurrency}`,
        deliveryErrors(run),
        run.view.durations,
        run.result.latency.delivery,
      );
      figures.push(...f);
      notes.push(note);
    }
  }

  // 3. End-to-end latency against the core's own (its end less the message's scheduled time).
  const bimodal = await runAgainstOwnClock("bimodal", 1, BIMODAL_RUN);
  {
    const { figures: f, note } = latencyFigures(
      "end-to-end, bimodal",
      endToEndErrors(bimodal),
      [...bimodal.view.endToEnd.values()],
      bimodal.result.latency.endToEnd,
    );
    figures.push(...f);
    notes.push(note);
  }

  // 4. The harness's overhead per message against the gaps the core saw between its calls.
  const zero = await runAgainstOwnClock("zero", 0, directMessages(OVERHEAD_MESSAGES, 1, 1));
  const overheadReported = zero.result.harness.overheadUsPerMessage;
  const overheadTruth = overheadTruthUs(zero.view);
  const overheadError = relativeError(overheadReported, overheadTruth);
  figures.push(
    figure("harness overhead per message: error", Math.abs(pct(overheadError)), "%", {
      kind: "below",
      value: OVERHEAD_ERROR_PCT,
    }),
  );
  notes.push(
    `harness overhead, zero core, ${count(OVERHEAD_MESSAGES)} direct messages, one per batch, concurrency 1: ${overheadTruth.toFixed(3)} µs per message by the core's clock (span of its calls less their own time, per call) / ${overheadReported.toFixed(3)} µs reported (${signed(overheadError)})`,
  );

  // 5. A distributed run's throughput against the span of its workers' cores' calls.
  if (!redisAvailable) {
    notes.push(`distributed throughput: not measured, no Redis answers at ${REDIS_URL}`);
  } else if (!existsSync(join(import.meta.dirname, "..", "dist", "cli", "main.js"))) {
    notes.push(
      "distributed throughput: not measured, the workers need the built CLI (npm run build)",
    );
  } else {
    const run = await runDistributedTruth(streamUrl(freshStream("bench-truth")));
    const reported = run.result.throughput.messagesPerSec;
    const truth = throughputOverCoreSpan(run);
    const error = relativeError(reported, truth);
    figures.push(
      figure("distributed throughput: error", Math.abs(pct(error)), "%", {
        kind: "below",
        value: THROUGHPUT_ERROR_PCT,
      }),
    );
    notes.push(
      `distributed throughput, ${DISTRIBUTED_TRUTH.workers} worker processes through Redis, ${DISTRIBUTED_TRUTH.kind} core ${DISTRIBUTED_TRUTH.ms} ms, ${count(run.calls)} direct messages, batches of ${DISTRIBUTED_TRUTH.settings.batchSize}, concurrency ${DISTRIBUTED_TRUTH.settings.concurrency} per worker: ${count(truth)} msg/s over the span of the cores' calls (${count(run.calls)} calls, ${(run.lastEndAt - run.firstStartAt).toFixed(0)} ms) / ${count(reported)} msg/s reported (${signed(error)})`,
    );
  }

  const { title } = questionEntry("truth");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "truth",
    title: `${title}: reported against the core's own clock`,
    question:
      "Do the latencies, overhead and throughput the harness reports agree with what a core that times itself measured, and does the harness say rightly when it, or the core, was the bottleneck?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures,
    notes,
  });
}

function saturationText(result: RunResult): string {
  const h = result.harness;
  const share = pct(h.overheadMs / (h.spanMs ?? Number.NaN));
  return `${share.toFixed(0)}% of the span, ${h.overheadUsPerMessage.toFixed(2)} µs per message`;
}

await main();
