import type { Recorder } from "../metrics/recorder.js";
import type { QueueInventory } from "../queue/inventory.js";
import type { Audit } from "../result/result.js";

/** One slice of the traffic (a type or an agent) as the recorder counted it. */
export interface AuditGroup {
  readonly label: string;
  readonly generated: number;
  readonly delivered: number;
  readonly deadLettered: number;
  /** Dropped by an open run's full backlog: never queued. */
  readonly dropped: number;
}

/** The counts the audit reconciles, each kept by a different part of the run. */
export interface AuditInput {
  /** Counted by the recorder as the producer handed messages over. */
  readonly generated: number;
  /** The generator's own count of what it produced. */
  readonly generatorCount: number;
  /** Counted by the processor as messages settled. */
  readonly delivered: number;
  readonly deadLettered: number;
  /** Made but dropped by an open run's full backlog: never handed to the queue. */
  readonly dropped: number;
  /**
   * Dead letters as the queue driver holds them, plus stale copies of dead-lettered messages
   * still queued (their lease expired before the queue was told; the next lease moves them).
   */
  readonly queueDeadLettered: number;
  /**
   * Distinct messages the queue still holds that never settled; undefined when the queue could
   * not be read (a fault took it away), so that what did not settle is unconfirmed, not lost.
   */
  readonly queued: number | undefined;
  /** Made by the producer but never handed to the queue. */
  readonly unsent: number;
  /**
   * Distinct sequence numbers that reached a final outcome; undefined when the store that
   * keeps them could not be read (a fault), and the check is left out.
   */
  readonly settledDistinct: number | undefined;
  /** Duplicates seen during the run plus stale copies of settled messages left in the queue. */
  readonly duplicates: number;
  /** Ways of slicing the traffic (by type, by agent); each must add up to the totals. */
  readonly partitions: readonly (readonly AuditGroup[])[];
}

/**
 * Reconcile what the producer made with what the processor settled and what the queue still
 * holds: generated = delivered + dead-lettered + pending + dropped, overall and for every
 * slice, with each
 * settled message counted once; the generator's and the queue's own counts must agree. Any
 * difference is a problem and fails the run.
 */
export function auditRun(input: AuditInput): Audit & { readonly pending: number } {
  const problems: string[] = [];
  const unconfirmed =
    input.queued === undefined
      ? Math.max(
          0,
          input.generated - input.delivered - input.deadLettered - input.dropped - input.unsent,
        )
      : 0;
  if (unconfirmed > 0) {
    problems.push(
      `the queue could not be read: ${unconfirmed} message(s) neither delivered nor dead-lettered are counted as pending, unconfirmed`,
    );
  }
  const pending = (input.queued ?? unconfirmed) + input.unsent;
  if (input.generatorCount !== input.generated) {
    problems.push(
      `the generator made ${input.generatorCount} message(s) but ${input.generated} were counted`,
    );
  }
  if (input.queueDeadLettered !== input.deadLettered) {
    problems.push(
      `the queue holds ${input.queueDeadLettered} dead letter(s) but ${input.deadLettered} were counted`,
    );
  }
  const lost = input.generated - input.delivered - input.deadLettered - pending - input.dropped;
  const counted = `generated ${input.generated}, delivered ${input.delivered}, dead-lettered ${input.deadLettered}, pending ${pending}${input.dropped > 0 ? `, dropped ${input.dropped}` : ""}`;
  if (lost > 0) {
    problems.push(`${lost} message(s) lost: ${counted}`);
  } else if (lost < 0) {
    problems.push(`${-lost} outcome(s) more than messages: ${counted}`);
  }
  const settled = input.delivered + input.deadLettered;
  if (input.settledDistinct !== undefined && input.settledDistinct !== settled) {
    problems.push(
      `settled ${settled} message(s) but ${input.settledDistinct} distinct sequence numbers`,
    );
  }
  for (const groups of input.partitions) checkPartition(input, pending, groups, problems);
  return {
    balanced: problems.length === 0,
    lost: Math.max(0, lost),
    duplicates: input.duplicates,
    pending,
    problems,
  };
}

/** What the end of a run learnt, for {@link auditRecorded}, besides the recorder's counts. */
export interface RunEnding {
  /** The generator's own count of what it produced. */
  readonly generatorCount: number;
  /** Made by the producer but never handed to the queue. */
  readonly unsent: number;
  /** What the queue holds; undefined when a fault left it unreadable. */
  readonly inventory: QueueInventory | undefined;
  /**
   * Distinct messages settled: the recorder's, or a distributed run's store's; undefined when
   * that store could not be read.
   */
  readonly settledDistinct: number | undefined;
}

/** Audit a finished run: the recorder's counts against the other parts' (see {@link auditRun}). */
export function auditRecorded(
  recorder: Recorder,
  ending: RunEnding,
): Audit & { readonly pending: number } {
  const { inventory } = ending;
  const counts = recorder.counts();
  return auditRun({
    generated: counts.generated,
    generatorCount: ending.generatorCount,
    delivered: counts.delivered,
    deadLettered: counts.deadLettered,
    dropped: counts.dropped,
    // An unreadable queue cannot contradict the count: nothing to compare it with.
    queueDeadLettered: inventory
      ? inventory.deadLettered + inventory.staleDeadCopies
      : counts.deadLettered,
    queued: inventory?.pending,
    unsent: ending.unsent,
    settledDistinct: ending.settledDistinct,
    duplicates: recorder.totals(0).duplicates + (inventory?.staleCopies ?? 0),
    partitions: [
      [...recorder.byType()].map(([type, g]) => ({ label: `type ${type}`, ...g })),
      [...recorder.byAgent()].map(([agent, g]) => ({ label: `agent ${agent}`, ...g })),
    ],
  });
}

/** Every slice must balance on its own, and the slices must add up to the totals. */
function checkPartition(
  input: AuditInput,
  pending: number,
  groups: readonly AuditGroup[],
  problems: string[],
): void {
  let generated = 0;
  let settled = 0;
  let dropped = 0;
  for (const group of groups) {
    const unsettled = group.generated - group.delivered - group.deadLettered - group.dropped;
    if (unsettled < 0) {
      problems.push(`${group.label}: ${-unsettled} more outcome(s) than messages generated`);
    } else if (unsettled > pending) {
      problems.push(
        `${group.label}: ${unsettled} unsettled message(s) but only ${pending} pending`,
      );
    }
    generated += group.generated;
    settled += group.delivered + group.deadLettered;
    dropped += group.dropped;
  }
  const first = groups[0]?.label.split(" ")[0] ?? "slices";
  if (
    generated !== input.generated ||
    settled !== input.delivered + input.deadLettered ||
    dropped !== input.dropped
  ) {
    problems.push(
      dropped === 0 && input.dropped === 0
        ? `${first} slices add up to ${generated} generated / ${settled} settled, totals say ${input.generated} / ${input.delivered + input.deadLettered}`
        : `${first} slices add up to ${generated} generated / ${settled} settled / ${dropped} dropped, totals say ${input.generated} / ${input.delivered + input.deadLettered} / ${input.dropped}`,
    );
  }
}
