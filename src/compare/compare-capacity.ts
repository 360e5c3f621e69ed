import type { CapacityDocument } from "../capacity/capacity-document.js";
import { type CompareOptions, countVerdicts, describeRun } from "./compare.js";
import { COMPARISON_SCHEMA, type Comparison, type ComparisonRow } from "./comparison.js";
import { judge } from "./verdict.js";

/** The confirmed step of a search: the rate held longest. */
function confirmation(doc: CapacityDocument) {
  return doc.steps.filter((step) => step.phase === "confirm").at(-1);
}

/** The rate a search can stand behind: the confirmed one (or --max-rate's), else none. */
function standingRate(doc: CapacityDocument): number | null {
  const { verdict, sustainedRate } = doc.outcome;
  return verdict === "found" || verdict === "at maximum" ? sustainedRate : null;
}

/**
 * Set two capacity searches side by side: the rate each sustained (a search that found none,
 * or only a range, has no figure there, which is `n/a`), the rate each saw fail, and the
 * latency of each confirmation. Warnings say what makes them doubtful to compare.
 */
export function compareCapacities(
  base: CapacityDocument,
  candidate: CapacityDocument,
  options: CompareOptions,
): Comparison {
  const row = (
    metric: string,
    label: string,
    unit: string,
    higherIsBetter: boolean,
    pick: (doc: CapacityDocument) => number | null,
  ): ComparisonRow => {
    const b = pick(base);
    const c = pick(candidate);
    return {
      metric,
      label,
      unit,
      higherIsBetter,
      base: b,
      candidate: c,
      ...judge(b, c, unit === "ms" ? "ms" : "msg/s", higherIsBetter, options.tolerance),
    };
  };
  const rows = [
    row("outcome.sustainedRate", "sustained rate", "msg/s", true, standingRate),
    row(
      "outcome.firstFailingRate",
      "first failing rate",
      "msg/s",
      true,
      (d) => d.outcome.firstFailingRate,
    ),
    row(
      "confirm.endToEnd.p50",
      "p50 at the rate found",
      "ms",
      false,
      (d) => confirmation(d)?.endToEnd.p50 ?? null,
    ),
    row(
      "confirm.endToEnd.p99",
      "p99 at the rate found",
      "ms",
      false,
      (d) => confirmation(d)?.endToEnd.p99 ?? null,
    ),
  ];
  return {
    schema: COMPARISON_SCHEMA,
    tolerance: options.tolerance,
    base: describeRun(base, options.baseLabel ?? "base"),
    candidate: describeRun(candidate, options.candidateLabel ?? "candidate"),
    rows,
    summary: countVerdicts(rows),
    warnings: capacityWarnings(base, candidate),
  };
}

function capacityWarnings(base: CapacityDocument, candidate: CapacityDocument): string[] {
  const warnings: string[] = [];
  const slo = (doc: CapacityDocument) => [...doc.search.slo].sort().join(", ") || "none";
  if (slo(base) !== slo(candidate)) {
    warnings.push(`different SLOs: ${slo(base)} vs ${slo(candidate)}`);
  }
  for (const [side, doc] of [
    ["base", base],
    ["candidate", candidate],
  ] as const) {
    if (standingRate(doc) === null) {
      warnings.push(`the ${side}'s search ended ${doc.outcome.verdict}: it has no rate to compare`);
    }
  }
  if (base.config.queue !== candidate.config.queue) {
    warnings.push(`different queues: ${base.config.queue} vs ${candidate.config.queue}`);
  }
  if (base.core !== candidate.core)
    warnings.push(`different cores: ${base.core} vs ${candidate.core}`);
  if (base.environment.hostname !== candidate.environment.hostname) {
    warnings.push(
      `different machines: ${base.environment.hostname} vs ${candidate.environment.hostname}`,
    );
  }
  return warnings;
}
