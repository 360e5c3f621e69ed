import type { QueueKind } from "../config/queue-kind.js";
import type { Environment, RunResult } from "../result/result.js";

/** Identifies the shape of {@link SideBySideSummary}; bumped on any incompatible change. */
export const SIDE_BY_SIDE_SCHEMA = "swarm-stress/bench-queues@1";

/** One queue of the comparison as the user named it, password hidden. */
export interface ComparedQueue {
  /** The queue setting with any password replaced by `***`: safe to print and save. */
  readonly label: string;
  readonly kind: QueueKind;
}

/** One run of the comparison: which queue, in which round and place, and what it measured. */
export interface SideBySideRun {
  /** Index of the queue in the order given. */
  readonly queue: number;
  /** 0-based round of the repeats. */
  readonly round: number;
  /** 0-based place of the run within its round. */
  readonly position: number;
  readonly result: RunResult;
}

/** The figures of one run that the comparison takes medians of. */
export interface RunFigures {
  readonly round: number;
  readonly position: number;
  /** Messages settled per second (`throughput.messagesPerSec`). */
  readonly messagesPerSec: number;
  /** End-to-end latency percentiles, ms (`latency.endToEnd`). */
  readonly endToEndP50Ms: number;
  readonly endToEndP99Ms: number;
  /** The core's own time per delivery attempt, p99, ms (`latency.delivery`). */
  readonly deliveryP99Ms: number;
  /** This process's peak resident memory during the run, MB (`resources.rssPeakMB`). */
  readonly rssPeakMB: number;
  /** This process's mean CPU use during the run, % of one core (`resources.cpuAvgPct`). */
  readonly cpuAvgPct: number;
  readonly auditBalanced: boolean;
  readonly lost: number;
  readonly duplicates: number;
  readonly stoppedEarly: boolean;
  /** Why an environment fault stopped the run, when one did. */
  readonly fault?: string;
}

/**
 * One queue's line of the comparison: medians over its runs, the audit over all of them. A
 * queue without a finished run has NaN medians (null in the saved JSON).
 */
export interface SideBySideQueue extends ComparedQueue {
  /** Runs that finished on this queue (fewer than the repeats when stopped early). */
  readonly runs: number;
  /** Medians over the runs of {@link RunFigures}' figures of the same names. */
  readonly messagesPerSec: number;
  readonly endToEndP50Ms: number;
  readonly endToEndP99Ms: number;
  readonly deliveryP99Ms: number;
  readonly rssPeakMB: number;
  readonly cpuAvgPct: number;
  /** Lowest and highest throughput of the runs: how far the median can be trusted. */
  readonly messagesPerSecMin: number;
  readonly messagesPerSecMax: number;
  /** True when every run's audit balanced (false with no run). */
  readonly auditBalanced: boolean;
  /** Summed over the runs: a single message lost anywhere is one too many. */
  readonly lost: number;
  readonly duplicates: number;
  /** True when a run of this queue was cut short. */
  readonly stoppedEarly: boolean;
  readonly perRun: readonly RunFigures[];
}

/** The summary of `bench --queue …`, saved as `summary.json` and printed by `--json`. */
export interface SideBySideSummary {
  readonly schema: typeof SIDE_BY_SIDE_SCHEMA;
  /** The bench row (workload) every run used. */
  readonly workload: string;
  readonly core: string;
  readonly seed: number;
  /** Rounds asked for; each round runs every queue once. */
  readonly repeat: number;
  /** The queue indexes of each round, in the order they ran (see {@link interleavedOrder}). */
  readonly order: readonly (readonly number[])[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** True when the comparison was stopped before every run had finished. */
  readonly stoppedEarly: boolean;
  /**
   * Why the comparison stopped before its end on a fault of its environment (a broker gone): a
   * run's own fault, or a run that could not start. Absent when none stopped it.
   */
  readonly fault?: string;
  /** One per queue, in the order given. */
  readonly queues: readonly SideBySideQueue[];
  readonly environment: Environment;
}

/**
 * The order of the runs: round `r` starts at queue `r mod n` and goes round from there
 * (A,B,C then B,C,A then C,A,B). Each queue thus takes each place equally often over `n`
 * rounds, so what favours a place (the first run warming the JIT and the page cache, a later
 * one inheriting the heap its predecessors grew, a neighbour's load drifting) is spread over
 * the queues instead of always helping or hurting the same one.
 */
export function interleavedOrder(queues: number, repeat: number): number[][] {
  return Array.from({ length: repeat }, (_, round) =>
    Array.from({ length: queues }, (_, place) => (round + place) % queues),
  );
}

/**
 * The median: the middle value, or the mean of the two middle ones; NaN for none. Robust to the
 * one run a hiccup of the machine slowed, which a mean would drag along.
 */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** The figures the comparison reads from one run: a pure function of its result. */
export function runFigures(run: SideBySideRun): RunFigures {
  const { result } = run;
  return {
    round: run.round,
    position: run.position,
    messagesPerSec: result.throughput.messagesPerSec,
    endToEndP50Ms: result.latency.endToEnd.p50,
    endToEndP99Ms: result.latency.endToEnd.p99,
    deliveryP99Ms: result.latency.delivery.p99,
    rssPeakMB: result.resources.rssPeakMB,
    cpuAvgPct: result.resources.cpuAvgPct,
    auditBalanced: result.audit.balanced,
    lost: result.audit.lost,
    duplicates: result.audit.duplicates,
    stoppedEarly: result.stoppedEarly,
    ...(result.fault ? { fault: result.fault.reason } : {}),
  };
}

/** What {@link buildSideBySide} needs besides the runs. */
export interface SideBySideContext {
  readonly workload: string;
  readonly core: string;
  readonly seed: number;
  readonly repeat: number;
  readonly queues: readonly ComparedQueue[];
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly environment: Environment;
  /** Why the comparison stopped early on a fault of its environment, if it did. */
  readonly fault?: string;
}

/**
 * The comparison of the runs: per queue, the median of each figure over its runs and the audit
 * summed over them. Pure: the same runs give the same summary, printed or saved, live or later.
 */
export function buildSideBySide(
  runs: readonly SideBySideRun[],
  context: SideBySideContext,
): SideBySideSummary {
  const queues = context.queues.map((queue, index) =>
    queueLine(
      queue,
      runs.filter((run) => run.queue === index),
    ),
  );
  const expected = context.queues.length * context.repeat;
  return {
    schema: SIDE_BY_SIDE_SCHEMA,
    workload: context.workload,
    core: context.core,
    seed: context.seed,
    repeat: context.repeat,
    order: interleavedOrder(context.queues.length, context.repeat),
    startedAt: new Date(context.startedAt).toISOString(),
    finishedAt: new Date(context.finishedAt).toISOString(),
    durationMs: context.finishedAt - context.startedAt,
    stoppedEarly: runs.length < expected || queues.some((queue) => queue.stoppedEarly),
    ...(context.fault === undefined ? {} : { fault: context.fault }),
    queues,
    environment: context.environment,
  };
}

function queueLine(queue: ComparedQueue, runs: readonly SideBySideRun[]): SideBySideQueue {
  const perRun = runs.map(runFigures).sort((a, b) => a.round - b.round);
  const middle = (figure: (run: RunFigures) => number): number => median(perRun.map(figure));
  const rates = perRun.map((run) => run.messagesPerSec);
  const sum = (figure: (run: RunFigures) => number): number =>
    perRun.reduce((total, run) => total + figure(run), 0);
  return {
    label: queue.label,
    kind: queue.kind,
    runs: perRun.length,
    messagesPerSec: middle((run) => run.messagesPerSec),
    endToEndP50Ms: middle((run) => run.endToEndP50Ms),
    endToEndP99Ms: middle((run) => run.endToEndP99Ms),
    deliveryP99Ms: middle((run) => run.deliveryP99Ms),
    rssPeakMB: middle((run) => run.rssPeakMB),
    cpuAvgPct: middle((run) => run.cpuAvgPct),
    messagesPerSecMin: rates.length === 0 ? Number.NaN : Math.min(...rates),
    messagesPerSecMax: rates.length === 0 ? Number.NaN : Math.max(...rates),
    auditBalanced: perRun.length > 0 && perRun.every((run) => run.auditBalanced),
    lost: sum((run) => run.lost),
    duplicates: sum((run) => run.duplicates),
    stoppedEarly: perRun.some((run) => run.stoppedEarly),
    perRun,
  };
}
