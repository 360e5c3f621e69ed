import os from "node:os";

/** Identifies the shape of {@link QuestionReport}; bumped on any incompatible change. */
export const QUESTION_SCHEMA = "swarm-stress/bench-question@1";

/** What a figure must reach for its question's answer to be yes. */
export type Target =
  | { readonly kind: "atLeast"; readonly value: number }
  | { readonly kind: "below"; readonly value: number }
  /** No more than `value`: a bound that is itself allowed, such as "at most twice as long". */
  | { readonly kind: "atMost"; readonly value: number }
  /** Within `tolerance` (a fraction, 0.05 = 5%) of `value`. */
  | { readonly kind: "within"; readonly value: number; readonly tolerance: number }
  /** Only that the figure exists: a finite number. */
  | { readonly kind: "reported" };

/** One measured figure, with its target and whether it holds when it has one. */
export interface Figure {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: Target;
  /** Absent for a figure without a target (shown for context). */
  readonly pass?: boolean;
}

/** The machine a bench ran on; figures from different machines are not comparable. */
export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
}

/** What one bench file measured: printed, and saved to `bench/results/<name>.json`. */
export interface QuestionReport {
  readonly schema: typeof QUESTION_SCHEMA;
  /** File name stem, `ceiling` for `bench/ceiling.ts`. */
  readonly name: string;
  readonly title: string;
  /** The question the figures answer, in one or two sentences. */
  readonly question: string;
  readonly at: string;
  readonly durationMs: number;
  readonly machine: Machine;
  readonly figures: readonly Figure[];
  /** Preformatted text shown after the figures (a table of a suite, say). */
  readonly details?: string;
  /** How the figures were measured, one line each. */
  readonly notes: readonly string[];
}

/** A figure, judged against `target` when it has one. */
export function figure(label: string, value: number, unit: string, target?: Target): Figure {
  return target === undefined
    ? { label, value, unit }
    : { label, value, unit, target, pass: holds(value, target) };
}

/** Whether `value` meets `target`; NaN and infinities never do. */
export function holds(value: number, target: Target): boolean {
  if (!Number.isFinite(value)) return false;
  switch (target.kind) {
    case "atLeast":
      return value >= target.value;
    case "below":
      return value < target.value;
    case "atMost":
      return value <= target.value;
    case "within":
      return Math.abs(value - target.value) <= Math.abs(target.value) * target.tolerance;
    case "reported":
      return true;
  }
}

/** The machine this process runs on. */
export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() || "unknown",
    cores: cpus.length > 0 ? cpus.length : os.availableParallelism(),
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
}

/** The middle value (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `numerators[i] / denominators[i]`, round by round. The two sides of a round ran back to back,
 * so each ratio sees the machine at one speed; a ratio of medians taken from different rounds
 * would not cancel a slow moment that hit one side only.
 *
 * @throws {Error} when the two lists are not the same length.
 */
export function pairedRatios(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  if (numerators.length !== denominators.length) {
    throw new Error(`paired ratios of ${numerators.length} and ${denominators.length} rounds`);
  }
  return numerators.map((value, i) => value / (denominators[i] as number));
}
