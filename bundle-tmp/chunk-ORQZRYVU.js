import {
  duringUse,
  guard,
  openQueueFile
} from "./chunk-UZ6Z45I5.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/queue/sqlite/run-state.js
var TABLES = `
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
function readSavedConfig(path) {
  const db = openQueueFile(path, "readonly");
  try {
    const hasState = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'run_state'").pluck().get();
    const row = hasState ? db.prepare("SELECT value FROM run_state WHERE key = 'config'").pluck().get() : void 0;
    if (typeof row !== "string")
      throw new ConfigError(`queue file ${path} holds no run to resume`);
    return JSON.parse(row);
  } finally {
    db.close();
  }
}
var DurableRunState = class _DurableRunState {
  db;
  path;
  insertOutcome;
  writeKey;
  constructor(db, path) {
    this.db = db;
    this.path = path;
    guard(path, () => db.exec(TABLES));
    this.insertOutcome = db.prepare("INSERT OR IGNORE INTO run_outcomes (seq, outcome, type, sender, error) VALUES (?, ?, ?, ?, ?)");
    this.writeKey = db.prepare("INSERT INTO run_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }
  /**
   * Open the run state kept in the queue file at `path` (checked like the queue itself); with
   * `existing`, a missing file is an error rather than a new queue.
   */
  static open(path, mode = "create") {
    const db = openQueueFile(path, mode);
    db.pragma("busy_timeout = 5000");
    return new _DurableRunState(db, path);
  }
  /** Begin a new run: record its configuration and forget any earlier run's outcomes. */
  start(config) {
    this.db.transaction(() => {
      this.db.exec("DELETE FROM run_outcomes; DELETE FROM run_state;");
      this.writeKey.run("config", JSON.stringify(config));
      this.writeKey.run("generated", "0");
    })();
  }
  /** Messages the producer has handed to the queue so far. */
  generated() {
    const row = this.db.prepare("SELECT value FROM run_state WHERE key = 'generated'").pluck().get();
    return typeof row === "string" ? Number(row) : 0;
  }
  /**
   * Messages the producer has handed to the queue: the count saved after each chunk, or more
   * when a crash came while the queue was storing a chunk in several transactions (a full
   * queue takes a chunk as space frees up). The producer hands messages over in sequence
   * order, so every sequence number up to the highest one the file holds anywhere (queued,
   * dead-lettered, or settled) was handed over, and must not be made again.
   */
  handedOver() {
    const highest = this.db.prepare(`SELECT max(seq) FROM (SELECT max(seq) AS seq FROM messages
          UNION ALL SELECT max(seq) FROM dead_letters UNION ALL SELECT max(seq) FROM run_outcomes)`).pluck().get();
    return Math.max(this.generated(), highest === null ? 0 : highest + 1);
  }
  /**
   * Dead letters `queue requeue-dead` moved back to the queue since this was last asked, which
   * it counts under the key `requeued` (see `sqlite-inspect.ts`); asking resets the count.
   */
  takeRequeuedDeadLetters() {
    return this.db.transaction(() => {
      const row = this.db.prepare("SELECT value FROM run_state WHERE key = 'requeued'").pluck().get();
      this.db.prepare("DELETE FROM run_state WHERE key = 'requeued'").run();
      return typeof row === "string" ? Number(row) : 0;
    })();
  }
  /** Record that the first `count` messages are in the queue. */
  setGenerated(count) {
    this.write(() => this.writeKey.run("generated", String(count)));
  }
  /** Keep final outcomes, in one transaction; an outcome already kept stays as it was. */
  recordOutcomes(records) {
    if (records.length === 0)
      return;
    this.write(() => this.db.transaction(() => {
      for (const r of records) {
        this.insertOutcome.run(r.seq, r.outcome, r.type, r.sender, r.error ?? null);
      }
    })());
  }
  /** A write during the run: a full disk or a read-only file is a fault of the environment. */
  write(work) {
    try {
      work();
    } catch (error) {
      throw duringUse(this.path, error);
    }
  }
  /** Every kept outcome, in sequence order. */
  *outcomes() {
    const rows = this.db.prepare("SELECT seq, outcome, type, sender, error FROM run_outcomes ORDER BY seq").iterate();
    for (const row of rows) {
      yield {
        seq: row.seq,
        outcome: row.outcome,
        type: row.type,
        sender: row.sender,
        ...row.error === null ? {} : { error: row.error }
      };
    }
  }
  /** Release the connection. */
  close() {
    this.db.close();
  }
};

export {
  readSavedConfig,
  DurableRunState
};
