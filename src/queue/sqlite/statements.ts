import type Database from "better-sqlite3";
import { MultiRowStatement } from "./rows.js";

/**
 * Slots per batch in the location a lease reads (`batch * SLOTS + slot`); a batch holds at most
 * `MAX_ROWS_PER_TRANSACTION` (1 000) messages. Batch ids stay below 2^42, so the location,
 * doubled for its flag bit, is an exact JavaScript number.
 */
export const SLOTS = 1_024;

/** Expired or settled lease ranges looked at per lease; more than one lease adds per call. */
const RANGES_SWEPT = 3;

/** The counters row of `meta`. */
export type MetaRow = [
  nextOrd: number,
  nextBatch: number,
  ready: number,
  delayed: number,
  leased: number,
  dead: number,
];
/** A priority that has ready messages, and its lane's cursor. */
export type LaneRow = [priority: number, cursor: number];
/**
 * A row as a lease reads it: two numbers, because better-sqlite3's cost per row grows with the
 * columns read. `where` packs the batch, the slot, and in its lowest bit whether the row has
 * changed since it was enqueued (restamped, retried, fewer recipients), in which case the
 * changes are read separately.
 */
export type TakenRow = [ord: number, where: number];
/** What may have changed on a message since it was enqueued. */
export type ChangesRow = [
  enqueuedAt: number | null,
  attempts: number,
  lastError: string | null,
  recipients: Uint8Array | null,
];
/** One lease call's hand-out from one lane: an ord range, and when it lapses (`at`). */
export type RangeRow = [
  id: number,
  priority: number,
  firstOrd: number,
  lastOrd: number,
  at: number,
];
/**
 * A message becoming ready: where it is, when it became due, and the hand-outs to add to its
 * attempts (1 for an expired lease, whose hand-out no settle call stored; 0 for a retry).
 */
export type DueRow = [priority: number, ord: number, dueAt: number, expiredHandOuts: 0 | 1];
/** A held message as `snapshot` reads it. */
export type HeldRow = [
  batch: number,
  slot: number,
  priority: number,
  enqueuedAt: number | null,
  attempts: number,
  lastError: string | null,
  recipients: Uint8Array | null,
];
/** A dead letter as `deadLetters` reads it. */
export type DeadRow = [
  seq: number,
  priority: number,
  error: string,
  attempts: number,
  lastError: string | null,
  recipients: Uint8Array | null,
  enqueuedAt: number,
  body: Uint8Array,
];
/** A dead letter as `queue inspect` reads it: the same columns, then when it died. */
export type InspectedDeadRow = [...DeadRow, deadAt: number];

/** A prepared statement returning rows of type `Row`. */
type Query<Row> = Database.Statement<unknown[], Row>;

/** The prepared statements of one connection. */
export interface Statements {
  readonly meta: Query<MetaRow>;
  readonly adjust: Query<unknown>;
  readonly addBatch: Query<unknown>;
  readonly batch: Query<[number, Uint8Array]>;
  readonly releaseBatch: Query<number>;
  readonly dropBatch: Query<unknown>;
  readonly addLane: Query<unknown>;
  readonly readyLanes: Query<LaneRow>;
  readonly take: Query<TakenRow>;
  readonly changes: Query<ChangesRow>;
  readonly moveCursor: Query<unknown>;
  readonly addRange: Query<unknown>;
  readonly somethingDue: Query<number>;
  readonly expiredRanges: Query<RangeRow>;
  readonly lapseAll: Query<unknown>;
  readonly oldestRanges: Query<RangeRow>;
  readonly rangeOrds: Query<number>;
  readonly rangeHeld: Query<number>;
  readonly scanAcked: Query<number>;
  readonly runBatches: Query<[number, number]>;
  readonly deleteRun: Query<unknown>;
  readonly dropRange: Query<unknown>;
  readonly dueRetries: Query<DueRow>;
  readonly promote: Query<unknown>;
  readonly nack: Query<unknown>;
  readonly takeDead: Query<number>;
  readonly keptDead: Query<number>;
  readonly isDead: Query<number>;
  readonly addDead: Query<unknown>;
  readonly deadLetters: Query<DeadRow>;
  readonly held: Query<HeldRow>;
  readonly nextRetryAt: Query<number | null>;
  readonly insertRows: MultiRowStatement;
  readonly insertPlainRows: MultiRowStatement;
  readonly deleteLeased: MultiRowStatement<number>;
}

/**
 * Every statement the queue runs, prepared once per connection. In the SQL, `state = 0` is a
 * queued message (ready above its lane's cursor, leased at or below it) and `state = 1` a
 * delayed one; see `sqlite-schema.ts`.
 */
export function prepareStatements(db: Database.Database): Statements {
  const prepare = <Row = unknown>(source: string) => db.prepare<unknown[], Row>(source);
  return {
    meta: prepare<MetaRow>(
      "SELECT next_ord, next_batch, ready, delayed, leased, dead FROM meta WHERE id = 0",
    ).raw(),
    adjust: prepare(
      `UPDATE meta SET next_ord = next_ord + ?, next_batch = next_batch + ?, ready = ready + ?,
        delayed = delayed + ?, leased = leased + ?, dead = dead + ? WHERE id = 0`,
    ),
    addBatch: prepare("INSERT INTO batches (id, accepted_at, live, body) VALUES (?, ?, ?, ?)"),
    batch: prepare<[number, Uint8Array]>(
      "SELECT accepted_at, body FROM batches WHERE id = ?",
    ).raw(),
    releaseBatch: prepare<number>(
      "UPDATE batches SET live = live - ? WHERE id = ? RETURNING live",
    ).pluck(),
    dropBatch: prepare("DELETE FROM batches WHERE id = ?"),
    addLane: prepare("INSERT OR IGNORE INTO lanes (priority, cursor) VALUES (?, 0)"),
    readyLanes: prepare<LaneRow>(
      `SELECT priority, cursor FROM lanes AS l WHERE EXISTS (SELECT 1 FROM messages
        WHERE priority = l.priority AND ord > l.cursor AND state = 0) ORDER BY priority DESC`,
    ).raw(),
    take: prepare<TakenRow>(
      `SELECT ord, (batch * ${SLOTS} + slot) * 2 + (enqueued_at IS NOT NULL OR attempts <> 0
          OR last_error IS NOT NULL OR recipients IS NOT NULL)
        FROM messages WHERE priority = ? AND ord > ? AND state = 0 ORDER BY ord LIMIT ?`,
    ).raw(),
    changes: prepare<ChangesRow>(
      `SELECT enqueued_at, attempts, last_error, recipients FROM messages
        WHERE priority = ? AND ord = ?`,
    ).raw(),
    moveCursor: prepare("UPDATE lanes SET cursor = ? WHERE priority = ?"),
    addRange: prepare(
      "INSERT INTO leases (priority, first_ord, last_ord, expires_at) VALUES (?, ?, ?, ?)",
    ),
    somethingDue: prepare<number>(
      `SELECT EXISTS (SELECT 1 FROM leases WHERE expires_at <= @now)
        OR EXISTS (SELECT 1 FROM messages WHERE state = 1 AND due_at <= @now)`,
    ).pluck(),
    lapseAll: prepare("UPDATE leases SET expires_at = ? WHERE expires_at > ?"),
    expiredRanges: prepare<RangeRow>(
      `SELECT id, priority, first_ord, last_ord, expires_at FROM leases
        WHERE expires_at <= ? ORDER BY expires_at, id`,
    ).raw(),
    oldestRanges: prepare<RangeRow>(
      `SELECT id, priority, first_ord, last_ord, expires_at FROM leases ORDER BY id LIMIT ${RANGES_SWEPT}`,
    ).raw(),
    rangeOrds: prepare<number>(
      "SELECT ord FROM messages WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0",
    ).pluck(),
    rangeHeld: prepare<number>(
      `SELECT EXISTS (SELECT 1 FROM messages
        WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0)`,
    ).pluck(),
    scanAcked: prepare<number>(
      `SELECT ord FROM messages WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0
        ORDER BY ord LIMIT ?`,
    ).pluck(),
    runBatches: prepare<[number, number]>(
      `SELECT batch, count(*) FROM messages WHERE priority = ? AND ord BETWEEN ? AND ?
        AND state = 0 GROUP BY batch`,
    ).raw(),
    // No RETURNING: it would cost three times the delete itself; runBatches counts first.
    deleteRun: prepare(
      "DELETE FROM messages WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0",
    ),
    dropRange: prepare("DELETE FROM leases WHERE id = ?"),
    dueRetries: prepare<DueRow>(
      "SELECT priority, ord, due_at, 0 FROM messages WHERE state = 1 AND due_at <= ?",
    ).raw(),
    promote: prepare(
      `UPDATE messages SET state = 0, ord = ?, due_at = NULL, enqueued_at = ?,
        attempts = attempts + ? WHERE priority = ? AND ord = ?`,
    ),
    nack: prepare(
      `UPDATE messages SET state = 1, due_at = ?, attempts = ?, last_error = ?, recipients = ?
        WHERE priority = ? AND ord = ? AND seq = ? AND state = 0`,
    ),
    takeDead: prepare<number>(
      `DELETE FROM messages WHERE priority = ? AND ord = ? AND seq = ? AND state = 0
        RETURNING batch`,
    ).pluck(),
    keptDead: prepare<number>("SELECT count(*) FROM (SELECT 1 FROM dead_letters LIMIT ?)").pluck(),
    isDead: prepare<number>("SELECT EXISTS (SELECT 1 FROM dead_letters WHERE seq = ?)").pluck(),
    addDead: prepare(
      `INSERT INTO dead_letters (seq, priority, error, attempts, last_error, recipients,
        enqueued_at, dead_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deadLetters: prepare<DeadRow>(
      `SELECT seq, priority, error, attempts, last_error, recipients, enqueued_at, body
        FROM dead_letters ORDER BY id LIMIT ?`,
    ).raw(),
    held: prepare<HeldRow>(
      `SELECT batch, slot, priority, enqueued_at, attempts, last_error, recipients
        FROM messages`,
    ).raw(),
    nextRetryAt: prepare<number | null>("SELECT min(due_at) FROM messages WHERE state = 1").pluck(),
    insertRows: new MultiRowStatement(
      db,
      (rows) =>
        `INSERT INTO messages (priority, ord, seq, state, batch, slot, attempts, last_error,
        recipients) VALUES ${values("(?, ?, ?, 0, ?, ?, ?, ?, ?)", rows)}`,
      8,
    ),
    insertPlainRows: new MultiRowStatement(
      db,
      (rows) =>
        `INSERT INTO messages (priority, ord, seq, state, batch, slot, attempts)
        VALUES ${values("(?, ?, ?, 0, ?, ?, 0)", rows)}`,
      5,
    ),
    deleteLeased: new MultiRowStatement<number>(
      db,
      (rows) =>
        `DELETE FROM messages WHERE (priority, ord) IN (VALUES ${values("(?, ?)", rows)})
        AND state = 0 RETURNING batch`,
      2,
      true,
    ),
  };
}

function values(sql: string, rows: number): string {
  return Array.from({ length: rows }, () => sql).join(",");
}
