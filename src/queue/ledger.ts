import type { SettledRecord } from "../model/settled-record.js";

/** What a broker kept of a run that a rerun with `--resume` continues. */
export interface SavedRun {
  /** The run's configuration, as JSON, written when it began. */
  readonly config: string;
  /** Every final outcome kept, the first kept for each sequence number. */
  readonly outcomes: readonly SettledRecord[];
}

/**
 * What a run on a broker keeps beside its queue so that a rerun can continue it after a crash:
 * its configuration, and every message's final outcome, written before the broker is told
 * (ack or dead letter). A crash between the two means the message is delivered again and
 * counted as a duplicate, never lost; an outcome kept twice counts once (the first).
 *
 * What the producer handed over is not written: every message handed over is either still in
 * the broker (pending or leased) or has an outcome here, so the highest sequence number of
 * either tells it.
 */
export interface RunLedger {
  /** Where it lives, for messages: `NATS stream NAME_RUN at HOST:PORT`. Never a password. */
  readonly describe: string;
  /** Begin a new run: forget any earlier run's ledger, then keep `config`. */
  begin(config: string): Promise<void>;
  /** What an earlier run kept, or undefined when there is no run (or it was forgotten). */
  saved(): Promise<SavedRun | undefined>;
  /** Keep final outcomes; awaited before the broker hears of them. */
  record(records: readonly SettledRecord[]): Promise<void>;
  /** Forget the run (after `queue purge`): a later `--resume` finds nothing. */
  forget(): Promise<void>;
  /** Release the connection. */
  close(): Promise<void>;
}

/** A batch of outcomes as every ledger stores it: one JSON array. */
export function encodeOutcomes(records: readonly SettledRecord[]): string {
  return JSON.stringify(
    records.map(({ seq, outcome, type, sender, error }) => ({
      seq,
      outcome,
      type,
      sender,
      ...(error === undefined ? {} : { error }),
    })),
  );
}

/**
 * Outcomes decoded from stored batches, in the order kept: the first for each sequence number
 * wins (a later one is the same message settled again after a crash), sorted by sequence.
 */
export function firstOutcomes(batches: Iterable<string>): SettledRecord[] {
  const bySeq = new Map<number, SettledRecord>();
  for (const batch of batches) {
    for (const record of JSON.parse(batch) as SettledRecord[]) {
      if (!bySeq.has(record.seq)) bySeq.set(record.seq, record);
    }
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
