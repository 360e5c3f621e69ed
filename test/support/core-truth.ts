/**
 * Runs against a core that times itself (test/fixtures/cores/self-timing.js), and the figures
 * its own clock gives, for comparing with what the harness reported. Shared by the truth tests
 * and bench/truth.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunSettings } from "../../src/config/run-settings.js";
import { DELIVERED } from "../../src/delivery/delivery-core.js";
import type { RunResult } from "../../src/result/result.js";
import { StressTestRunner } from "../../src/run/runner.js";
import {
  type SelfTimingKind,
  type SelfTimingView,
  selfTimingCore,
} from "../fixtures/cores/self-timing.js";

/** The percentiles every latency comparison looks at. */
export const COMPARED_PERCENTILES = [50, 90, 99] as const;

/** The nearest-rank percentile `p` (0-100) of `values`, exactly; NaN for none. */
export function percentileOf(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** How far `reported` is from `truth`, as a signed fraction of it (0.03 = 3% high). */
export function relativeError(reported: number, truth: number): number {
  return (reported - truth) / truth;
}

/** A run in this process against a fresh self-timing core, and what the core saw. */
export interface OwnClockRun {
  readonly result: RunResult;
  readonly view: SelfTimingView;
}

/**
 * What a self-timing core answers with: the harness's own DELIVERED, as a core built on the
 * package does (the harness then times a run of synchronous calls with one clock reading per
 * call), or an equal outcome of the core's own (each call timed alone, with two).
 */
export type OwnClockAnswer = "harness" | "own";

/** Run `settings` against a self-timing core of `kind` working `ms` per delivery. */
export async function runAgainstOwnClock(
  kind: SelfTimingKind,
  ms: number,
  settings: RunSettings,
  answer: OwnClockAnswer = "harness",
): Promise<OwnClockRun> {
  const core = selfTimingCore({
    kind,
    ms,
    ...(answer === "harness" ? { delivered: DELIVERED } : {}),
  });
  const result = await new StressTestRunner({ seed: 1, ...settings, deliveryCore: core }).run();
  return { result, view: core.view };
}

/** Settings for `messages` direct messages at `concurrency`, with no pause between batches. */
export function directMessages(
  messages: number,
  concurrency: number,
  batchSize = concurrency,
): RunSettings {
  return {
    agents: 4,
    messagesPerAgent: messages / 4,
    types: ["direct"],
    interval: 0,
    batchSize: Math.max(batchSize, concurrency),
    concurrency,
  };
}

/**
 * Direct and broadcast messages to the `bimodal` core, ten in flight: deliveries of 1 ms and
 * 20 ms share every batch, so a message timed to its batch's end would show.
 */
export const BIMODAL_RUN: RunSettings = {
  agents: 4,
  messagesPerAgent: 100,
  types: ["direct", "broadcast"],
  interval: 0,
  batchSize: 10,
  concurrency: 10,
};

/** Delivery percentiles the harness reported, against the core's own, as signed errors. */
export function deliveryErrors(
  run: OwnClockRun,
): Record<(typeof COMPARED_PERCENTILES)[number], number> {
  return errorsOf(run.result.latency.delivery, run.view.durations);
}

/** End-to-end percentiles the harness reported, against the core's own, as signed errors. */
export function endToEndErrors(
  run: OwnClockRun,
): Record<(typeof COMPARED_PERCENTILES)[number], number> {
  return errorsOf(run.result.latency.endToEnd, [...run.view.endToEnd.values()]);
}

/**
 * The harness's overhead per message against the core's clock: the span of its calls per call,
 * less its own time per call, in µs. Meaningful with one call per message (direct messages).
 */
export function overheadTruthUs(view: SelfTimingView): number {
  const span = view.lastEndAt - view.firstStartAt;
  return ((span - view.ownMs) / view.calls) * 1000;
}

function errorsOf(
  reported: { readonly p50: number; readonly p90: number; readonly p99: number },
  own: readonly number[],
): Record<(typeof COMPARED_PERCENTILES)[number], number> {
  return {
    50: relativeError(reported.p50, percentileOf(own, 50)),
    90: relativeError(reported.p90, percentileOf(own, 90)),
    99: relativeError(reported.p99, percentileOf(own, 99)),
  };
}

/** Where the self-timing core module is, for worker processes that load it by path. */
export const SELF_TIMING_MODULE = fileURLToPath(
  new URL("../fixtures/cores/self-timing.js", import.meta.url),
);

/** A distributed run against self-timing cores in its workers, and the span of their calls. */
export interface DistributedOwnClockRun {
  readonly result: RunResult;
  /** The first call's start and the last call's end over every worker, epoch ms. */
  readonly firstStartAt: number;
  readonly lastEndAt: number;
  readonly calls: number;
}

/**
 * Run `settings` on the Redis queue `queue` with `workers` local worker processes, each with a
 * self-timing core of `kind` that writes its view into a fresh folder when it closes.
 */
export async function runDistributedAgainstOwnClock(
  queue: string,
  workers: number,
  kind: SelfTimingKind,
  ms: number,
  settings: RunSettings,
): Promise<DistributedOwnClockRun> {
  const folder = mkdtempSync(join(tmpdir(), "swarm-truth-"));
  const previous = process.env.SELF_TIMING_CORE;
  // Local workers inherit this process's environment.
  process.env.SELF_TIMING_CORE = JSON.stringify({ kind, ms, out: join(folder, "view-{pid}.json") });
  try {
    const result = await new StressTestRunner({
      seed: 1,
      ...settings,
      queue,
      workers,
      core: SELF_TIMING_MODULE,
    }).run();
    // A worker writes its view as its core closes, which may come after the run has its
    // result: on a busy machine, give the last one a moment.
    const deadline = Date.now() + 10_000;
    const written = () => readdirSync(folder).filter((name) => name.endsWith(".json"));
    while (written().length < workers && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const views = written().map(
      (name) => JSON.parse(readFileSync(join(folder, name), "utf8")) as SelfTimingView,
    );
    if (views.length !== workers) {
      throw new Error(`expected ${workers} worker views, found ${views.length} in ${folder}`);
    }
    return {
      result,
      firstStartAt: Math.min(...views.map((view) => view.firstStartAt)),
      lastEndAt: Math.max(...views.map((view) => view.lastEndAt)),
      calls: views.reduce((sum, view) => sum + view.calls, 0),
    };
  } finally {
    if (previous === undefined) delete process.env.SELF_TIMING_CORE;
    else process.env.SELF_TIMING_CORE = previous;
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The distributed truth run: its workers, their core, and the workload. */
export const DISTRIBUTED_TRUTH = {
  workers: 2,
  kind: "timer",
  ms: 2,
  settings: {
    agents: 4,
    messagesPerAgent: 1500,
    types: ["direct"],
    interval: 0,
    batchSize: 4,
    concurrency: 4,
  },
} as const satisfies {
  workers: number;
  kind: SelfTimingKind;
  ms: number;
  settings: RunSettings;
};

/** {@link DISTRIBUTED_TRUTH} on the Redis queue `queue`. */
export function runDistributedTruth(queue: string): Promise<DistributedOwnClockRun> {
  const { workers, kind, ms, settings } = DISTRIBUTED_TRUTH;
  return runDistributedAgainstOwnClock(queue, workers, kind, ms, {
    ...settings,
    types: [...settings.types],
  });
}

/** Messages settled per second of the span of the cores' calls. */
export function throughputOverCoreSpan(run: DistributedOwnClockRun): number {
  const settled = run.result.totals.delivered + run.result.totals.deadLettered;
  return (settled * 1000) / (run.lastEndAt - run.firstStartAt);
}
