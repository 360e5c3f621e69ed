/** Identifies the shape of {@link Comparison}; bumped on any incompatible change. */
export const COMPARISON_SCHEMA = "swarm-stress/compare@1";

/** How a candidate's figure stands against the base's, within the tolerance. */
export type Verdict = "better" | "worse" | "same" | "n/a";

/** One compared figure. */
export interface ComparisonRow {
  /** Dotted path of the RunResult field, e.g. `latency.endToEnd.p99`. */
  readonly metric: string;
  /** Short label for tables, e.g. `end-to-end p99`. */
  readonly label: string;
  /** Unit of both values: `ms`, `ratio`, `msg/s`, `MB`, `%` or `count`. */
  readonly unit: string;
  /** Whether a larger value is the better one (throughput) or the worse one (latency). */
  readonly higherIsBetter: boolean;
  /** Null when the result has no such value (an older schema). */
  readonly base: number | null;
  readonly candidate: number | null;
  /** `candidate / base`; null when either is missing or the base is 0. */
  readonly ratio: number | null;
  /** `better`/`worse` when the change exceeds the tolerance, `n/a` when it cannot be told. */
  readonly verdict: Verdict;
}

/** Which run a side of the comparison is. */
export interface ComparedRun {
  /** What the user called it: the file path, or a label. */
  readonly label: string;
  readonly schema: string;
  readonly scenario: string;
  readonly core: string;
  readonly startedAt: string;
}

/** Two runs side by side: a pure function of two RunResults and a tolerance. */
export interface Comparison {
  readonly schema: typeof COMPARISON_SCHEMA;
  /**
   * Relative change under which two values count as the same, e.g. 0.05 for 5%. Rates in 0..1
   * (unit `ratio`) are judged by the relative change of the share that failed.
   */
  readonly tolerance: number;
  readonly base: ComparedRun;
  readonly candidate: ComparedRun;
  readonly rows: readonly ComparisonRow[];
  /** Counts of the rows' verdicts. */
  readonly summary: Readonly<Record<Verdict, number>>;
  /** What makes the comparison doubtful: different schemas, scenarios, settings or machines. */
  readonly warnings: readonly string[];
}
