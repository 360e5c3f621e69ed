import type Database from "better-sqlite3";
import type { RunConfig } from "../../config/run-settings.js";
import { ConfigError } from "../../errors.js";
import type { MessageType } from "../../model/message.js";
import type { SettledRecord } from "../../model/settled-record.js";
import { duringUse, guard, openQueueFile } from "./schema.js";

const TABLES = `
CREATE TABLE IF NOT EXISTS run_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS run_outcomes (
  seq INTEGER PRIMARY KEY,
  outcome TEXT NOT NULL,
  type TEXT NOT NULL,
  sender TEXT NOT NULL,
  error TEXT
) STRICT;
`;

/**
 * The configuration of the run kept in the queue file at `path`, read through a read-only
 * connection: looking changes nothing, even in a file that holds no run.
 *
 * @throws {ConfigError} when the file is missing, not a sound queue, or holds no run.
 */
export function readSavedConfig(path: string): RunConfig {
  const db = openQueueFile(path, "readonly");
  try {
    const hasState = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'run_state'")
      .pluck()
      .get();
    const row = hasState
      ? db.prepare("SELECT value FROM run_state WHERE key = 'config'").pluck().get()
      : undefined;
    if (typeof row !== "string") throw new ConfigError(`queue file ${path} holds no run to resume`);
    return JSON.parse(row) as RunConfig;
  } finally {
    db.close();
  }
}

/**
 * What a run on a durable queue keeps beside its messages so that it can be resumed after a
 * crash: its configuration, how many messages the producer handed to the queue, and every
 * message's final outcome.
 *
 * The order of writes is what makes a crash lose nothing: an outcome is written before the
 * queue forgets the message (so a crash in between means the message is delivered again, and
 * counted as a duplicate, never lost), and the producer's count after the queue took the
 * messages; a crash in the middle of a chunk is caught by {@link DurableRunState.handedOver},
 * which looks at what the file holds, so nothing is enqueued twice.
 */
export class DurableRunState {
  private readonly insertOutcome: Database.Statement;
  private readonly writeKey: Database.Statement;

  private constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    guard(path, () => db.exec(TABLES));
    this.insertOutcome = db.prepare(
      "INSERT OR IGNORE INTO run_outcomes (seq, outcome, type, sender, error) VALUES (?, ?, ?, ?, ?)",
    );
    this.writeKey = db.prepare(
      "INSERT INTO run_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
  }

  /**
   * Open the run state kept in the queue file at `path` (checked like the queue itself); with
   * `existing`, a missing file is an error rather than a new queue.
   */
  static open(path: string, mode: "create" | "existing" = "create"): DurableRunState {
    const db = openQueueFile(path, mode);
    db.pragma("busy_timeout = 5000");
    return new DurableRunState(db, path);
  }

  /** Begin a new run: record its configuration and forget any earlier run's outcomes. */
  start(config: RunConfig): void {
    this.db.transaction(() => {
      this.db.exec("DELETE FROM run_outcomes; DELETE FROM run_state;");
      this.writeKey.run("config", JSON.stringify(config));
      this.writeKey.run("generated", "0");
    })();
  }

  /** Messages the producer has handed to the queue so far. */
  generated(): number {
    const row = this.db
      .prepare("SELECT value FROM run_state WHERE key = 'generated'")
      .pluck()
      .get();
    return typeof row === "string" ? Number(row) : 0;
  }

  /**
   * Messages the producer has handed to the queue: the count saved after each chunk, or more
   * when a crash came while the queue was storing a chunk in several transactions (a full
   * queue takes a chunk as space frees up). The producer hands messages over in sequence
   * order, so every sequence number up to the highest one the file holds anywhere (queued,
   * dead-lettered, or settled) was handed over, and must not be made again.
   */
  handedOver(): number {
    const highest = this.db
      .prepare(
        `SELECT max(seq) FROM (SELECT max(seq) AS seq FROM messages
          UNION ALL SELECT max(seq) FROM dead_letters UNION ALL SELECT max(seq) FROM run_outcomes)`,
      )
      .pluck()
      .get() as number | null;
    return Math.max(this.generated(), highest === null ? 0 : highest + 1);
  }

  /**
   * Dead letters `queue requeue-dead` moved back to the queue since this was last asked, which
   * it counts under the key `requeued` (see `sqlite-inspect.ts`); asking resets the count.
   */
  takeRequeuedDeadLetters(): number {
    return this.db.transaction(() => {
      const row = this.db
        .prepare("SELECT value FROM run_state WHERE key = 'requeued'")
        .pluck()
        .get();
      this.db.prepare("DELETE FROM run_state WHERE key = 'requeued'").run();
      return typeof row === "string" ? Number(row) : 0;
    })();
  }

  /** Record that the first `count` messages are in the queue. */
  setGenerated(count: number): void {
    this.write(() => this.writeKey.run("generated", String(count)));
  }

  /** Keep final outcomes, in one transaction; an outcome already kept stays as it was. */
  recordOutcomes(records: readonly SettledRecord[]): void {
    if (records.length === 0) return;
    this.write(() =>
      this.db.transaction(() => {
        for (const r of records) {
          this.insertOutcome.run(r.seq, r.outcome, r.type, r.sender, r.error ?? null);
        }
      })(),
    );
  }

  /** A write during the run: a full disk or a read-only file is a fault of the environment. */
  private write(work: () => unknown): void {
    try {
      work();
    } catch (error) {
      throw duringUse(this.path, error);
    }
  }

  /** Every kept outcome, in sequence order. */
  *outcomes(): IterableIterator<SettledRecord> {
    const rows = this.db
      .prepare("SELECT seq, outcome, type, sender, error FROM run_outcomes ORDER BY seq")
      .iterate() as IterableIterator<{
      seq: number;
      outcome: SettledRecord["outcome"];
      type: MessageType;
      sender: string;
      error: string | null;
    }>;
    for (const row of rows) {
      yield {
        seq: row.seq,
        outcome: row.outcome,
        type: row.type,
        sender: row.sender,
        ...(row.error === null ? {} : { error: row.error }),
      };
    }
  }

  /** Release the connection. */
  close(): void {
    this.db.close();
  }
}
