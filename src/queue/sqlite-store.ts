import type Database from "better-sqlite3";
import type { Message } from "../model/message.js";
import type { DeadLetter, Lease, QueueDepth } from "./driver.js";
import { BatchCache, type DecodedBatch } from "./sqlite-batch-cache.js";
import {
  decodeBodies,
  decodeBody,
  decodeRecipients,
  encodeBodies,
  encodeBody,
  encodeRecipients,
  StoredMessage,
} from "./sqlite-codec.js";
import { MultiRowStatement } from "./sqlite-rows.js";

/**
 * Most message rows one transaction writes or hands out. A transaction runs synchronously on
 * the event loop; at about a microsecond per row this keeps each one to a few milliseconds.
 */
export const MAX_ROWS_PER_TRANSACTION = 1_000;

/** Decoded message bodies kept in memory for leasing batches in parts. */
const CACHED_BODIES = 16_384;

/** Expired or settled lease ranges looked at per lease; more than one lease adds per call. */
const RANGES_SWEPT = 3;

/** A hand-out from the file. Its token is the message's `ord`, which names this hand-out. */
class StoredLease implements Lease {
  constructor(
    readonly message: Message,
    readonly token: number,
  ) {}
}

type MetaRow = [
  nextOrd: number,
  nextBatch: number,
  ready: number,
  delayed: number,
  leased: number,
  dead: number,
];
type LaneRow = [priority: number, cursor: number];
type TakenRow = [
  seq: number,
  batch: number,
  slot: number,
  ord: number,
  enqueuedAt: number | null,
  attempts: number,
  lastError: string | null,
  recipients: Uint8Array | null,
];
type RangeRow = [id: number, priority: number, firstOrd: number, lastOrd: number, at: number];
type DueRow = [seq: number, dueAt: number, ord: number];
type HeldRow = [
  seq: number,
  batch: number,
  slot: number,
  priority: number,
  enqueuedAt: number | null,
  attempts: number,
  lastError: string | null,
  recipients: Uint8Array | null,
];
type DeadRow = [
  seq: number,
  priority: number,
  error: string,
  attempts: number,
  lastError: string | null,
  recipients: Uint8Array | null,
  enqueuedAt: number,
  body: Uint8Array,
];

/** Changes to the counters in `meta`, applied in one statement. */
interface Delta {
  ord?: number;
  batch?: number;
  ready?: number;
  delayed?: number;
  leased?: number;
  dead?: number;
}

function values(sql: string, rows: number): string {
  return Array.from({ length: rows }, () => sql).join(",");
}

/**
 * The queue's operations on an open file, each one synchronous and, where it writes, one
 * `BEGIN IMMEDIATE` transaction, so several processes can share the file. Knows nothing of
 * waiting: {@link SqliteQueue} builds backpressure and long polls on top.
 *
 * Counters in `meta` are kept in step with the rows by every write, so depth and capacity
 * checks never count rows.
 */
export class QueueStore {
  private readonly cache = new BatchCache(CACHED_BODIES);
  /** Priorities known to have a lane in the file (lanes are never removed). */
  private readonly lanes = new Set<number>();

  private readonly sql;
  private readonly insertRows: MultiRowStatement;
  private readonly deleteLeased: MultiRowStatement<number>;
  private readonly insertTx;
  private readonly leaseTx;
  private readonly ackTx;
  private readonly nackTx;
  private readonly deadLetterTx;
  private readonly maintainTx;

  constructor(
    private readonly db: Database.Database,
    /** Dead letters kept with their body; later ones are only counted. */
    private readonly deadLetterLimit: number,
  ) {
    const prepare = <Row = unknown>(source: string) => db.prepare<unknown[], Row>(source);
    this.sql = {
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
          WHERE state = 0 AND priority = l.priority AND ord > l.cursor) ORDER BY priority DESC`,
      ).raw(),
      take: prepare<TakenRow>(
        `SELECT seq, batch, slot, ord, enqueued_at, attempts, last_error, recipients
          FROM messages WHERE state = 0 AND priority = ? AND ord > ? ORDER BY ord LIMIT ?`,
      ).raw(),
      moveCursor: prepare("UPDATE lanes SET cursor = ? WHERE priority = ?"),
      addRange: prepare(
        "INSERT INTO leases (priority, first_ord, last_ord, expires_at) VALUES (?, ?, ?, ?)",
      ),
      somethingDue: prepare<number>(
        `SELECT EXISTS (SELECT 1 FROM leases WHERE expires_at <= @now)
          OR EXISTS (SELECT 1 FROM messages WHERE state = 1 AND due_at <= @now)`,
      ).pluck(),
      expiredRanges: prepare<RangeRow>(
        `SELECT id, priority, first_ord, last_ord, expires_at FROM leases
          WHERE expires_at <= ? ORDER BY expires_at, id`,
      ).raw(),
      oldestRanges: prepare<RangeRow>(
        `SELECT id, priority, first_ord, last_ord, expires_at FROM leases ORDER BY id LIMIT ${RANGES_SWEPT}`,
      ).raw(),
      rangeRows: prepare<[number, number]>(
        "SELECT seq, ord FROM messages WHERE state = 0 AND priority = ? AND ord BETWEEN ? AND ?",
      ).raw(),
      rangeHeld: prepare<number>(
        `SELECT EXISTS (SELECT 1 FROM messages
          WHERE state = 0 AND priority = ? AND ord BETWEEN ? AND ?)`,
      ).pluck(),
      dropRange: prepare("DELETE FROM leases WHERE id = ?"),
      dueRetries: prepare<DueRow>(
        "SELECT seq, due_at, ord FROM messages WHERE state = 1 AND due_at <= ? ORDER BY due_at, ord",
      ).raw(),
      promote: prepare(
        "UPDATE messages SET state = 0, ord = ?, due_at = NULL, enqueued_at = ? WHERE seq = ?",
      ),
      nack: prepare(
        `UPDATE messages SET state = 1, due_at = ?, attempts = ?, last_error = ?, recipients = ?
          WHERE seq = ? AND ord = ? AND state = 0`,
      ),
      takeDead: prepare<[number, number]>(
        "DELETE FROM messages WHERE seq = ? AND ord = ? AND state = 0 RETURNING batch, priority",
      ).raw(),
      keptDead: prepare<number>(
        "SELECT count(*) FROM (SELECT 1 FROM dead_letters LIMIT ?)",
      ).pluck(),
      addDead: prepare(
        `INSERT INTO dead_letters (seq, priority, error, attempts, last_error, recipients,
          enqueued_at, dead_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deadLetters: prepare<DeadRow>(
        `SELECT seq, priority, error, attempts, last_error, recipients, enqueued_at, body
          FROM dead_letters ORDER BY id LIMIT ?`,
      ).raw(),
      held: prepare<HeldRow>(
        `SELECT seq, batch, slot, priority, enqueued_at, attempts, last_error, recipients
          FROM messages`,
      ).raw(),
      existing: prepare<number>("SELECT seq FROM messages WHERE seq = ?").pluck(),
      nextRetryAt: prepare<number | null>(
        "SELECT min(due_at) FROM messages WHERE state = 1",
      ).pluck(),
    };
    this.insertRows = new MultiRowStatement(
      db,
      (rows) =>
        `INSERT INTO messages (seq, batch, slot, priority, state, ord, attempts, last_error, recipients)
          VALUES ${values("(?, ?, ?, ?, 0, ?, ?, ?, ?)", rows)}`,
      8,
    );
    // Matching seq and ord as two lists is exact for genuine leases: an ord is given to one
    // message once, so a row whose ord is in the list is the message that lease names.
    this.deleteLeased = new MultiRowStatement<number>(
      db,
      (rows) =>
        `DELETE FROM messages WHERE seq IN (${values("?", rows)}) AND ord IN (${values("?", rows)})
          AND state = 0 RETURNING batch`,
      2,
      true,
    );
    this.insertTx = db.transaction(this.insertInTransaction.bind(this));
    this.leaseTx = db.transaction(this.leaseInTransaction.bind(this));
    this.ackTx = db.transaction(this.ackInTransaction.bind(this));
    this.nackTx = db.transaction(this.nackInTransaction.bind(this));
    this.deadLetterTx = db.transaction(this.deadLetterInTransaction.bind(this));
    this.maintainTx = db.transaction(this.maintain.bind(this));
  }

  /** Messages held: ready + delayed + leased, across every process using the file. */
  held(): number {
    const [, , ready, delayed, leased] = this.meta();
    return ready + delayed + leased;
  }

  /**
   * Stores as many of `messages[from..to)` as fit under `capacity`, at most
   * {@link MAX_ROWS_PER_TRANSACTION}, as one batch stamped `now`. Returns how many it stored.
   *
   * @throws {DuplicateSeqError} when the file already holds one of their sequence numbers.
   */
  insert(
    messages: readonly Message[],
    from: number,
    to: number,
    capacity: number,
    now: number,
  ): number {
    const wanted = Math.min(to - from, MAX_ROWS_PER_TRANSACTION);
    // Looked at outside a transaction first, so a producer polling a full queue takes no lock.
    if (wanted <= 0 || this.held() >= capacity) return 0;
    const added: number[] = [];
    let stored: number;
    try {
      stored = this.insertTx.immediate(messages, from, from + wanted, capacity, now, added);
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
        throw new DuplicateSeqError(this.duplicateIn(messages, from, from + wanted));
      }
      throw error;
    }
    // Only once committed: a lane remembered from a rolled-back insert would never be created.
    for (const priority of added) this.lanes.add(priority);
    return stored;
  }

  /** True when a lease could hand something out now; reads only, so polling takes no lock. */
  hasWork(now: number): boolean {
    return this.meta()[2] > 0 || this.sql.somethingDue.get({ now }) === 1;
  }

  /**
   * Hands out up to `max` ready messages (at most {@link MAX_ROWS_PER_TRANSACTION}), highest
   * priority first, FIFO within a priority, after expired leases and due retries have become
   * ready. Each lease lapses `visibilityMs` after `now`.
   */
  lease(max: number, visibilityMs: number, now: number): Lease[] {
    const count = Math.min(Math.floor(max), MAX_ROWS_PER_TRANSACTION);
    if (!(count >= 1) || !this.hasWork(now)) return [];
    return this.leaseTx.immediate(count, now + visibilityMs, now);
  }

  /** Deletes the messages of live leases among `leases[from..to)`; returns how many. */
  ack(leases: readonly Lease[], from: number, to: number): number {
    if (to <= from) return 0;
    return this.ackTx.immediate(leases, from, to);
  }

  /** Delays a leased message until `retryAt` with the lease's message fields; false if stale. */
  nack(lease: Lease, retryAt: number): boolean {
    return this.nackTx.immediate(lease, retryAt);
  }

  /** Moves a leased message to the dead letters; false if the token is stale. */
  deadLetter(lease: Lease, error: string, now: number): boolean {
    return this.deadLetterTx.immediate(lease, error, now);
  }

  /** Up to `limit` dead letters, oldest first. */
  deadLetters(limit: number): DeadLetter[] {
    if (!(limit >= 1)) return [];
    return this.sql.deadLetters.all(Math.floor(limit)).map(deadLetterOf);
  }

  /** Every held message (ready, delayed, leased). */
  snapshot(): Message[] {
    return this.sql.held
      .all()
      .map(([seq, batch, slot, priority, enqueuedAt, attempts, lastError, recipients]) =>
        this.message(batch, slot, seq, priority, enqueuedAt, attempts, lastError, recipients),
      );
  }

  /** Contents by state once expired leases and due retries have become ready. */
  depth(now: number): QueueDepth {
    this.catchUp(now);
    const [, , ready, delayed, leased, deadLettered] = this.meta();
    return { ready, delayed, leased, deadLettered };
  }

  /** Retry time of the earliest message still delayed once due ones have become ready. */
  nextRetryAt(now: number): number | undefined {
    this.catchUp(now);
    return this.sql.nextRetryAt.get() ?? undefined;
  }

  /** Closes the file. */
  close(): void {
    this.cache.clear();
    this.db.close();
  }

  private meta(): MetaRow {
    return this.sql.meta.get() as MetaRow;
  }

  private adjust(delta: Delta): void {
    this.sql.adjust.run(
      delta.ord ?? 0,
      delta.batch ?? 0,
      delta.ready ?? 0,
      delta.delayed ?? 0,
      delta.leased ?? 0,
      delta.dead ?? 0,
    );
  }

  private catchUp(now: number): void {
    if (this.sql.somethingDue.get({ now }) === 1) this.maintainTx.immediate(now);
  }

  private insertInTransaction(
    messages: readonly Message[],
    from: number,
    to: number,
    capacity: number,
    now: number,
    added: number[],
  ): number {
    const [firstOrd, batch, ready, delayed, leased] = this.meta();
    const count = Math.min(to - from, capacity - ready - delayed - leased);
    if (count <= 0) return 0;
    this.sql.addBatch.run(batch, now, count, encodeBodies(messages, from, from + count));
    for (let i = from; i < from + count; i++) {
      const priority = (messages[i] as Message).priority;
      if (!this.lanes.has(priority) && !added.includes(priority)) {
        this.sql.addLane.run(priority);
        added.push(priority);
      }
    }
    this.insertRows.run(count, (row, params, at) => {
      const message = messages[from + row] as Message;
      params[at] = message.seq;
      params[at + 1] = batch;
      params[at + 2] = row;
      params[at + 3] = message.priority;
      params[at + 4] = firstOrd + row;
      params[at + 5] = message.attempts;
      params[at + 6] = message.lastError ?? null;
      params[at + 7] = encodeRecipients(message);
    });
    this.adjust({ ord: count, batch: 1, ready: count });
    return count;
  }

  private leaseInTransaction(max: number, expiresAt: number, now: number): Lease[] {
    this.maintain(now);
    this.sweepRanges();
    const leases: Lease[] = [];
    for (const [priority, cursor] of this.sql.readyLanes.all()) {
      const rows = this.sql.take.all(priority, cursor, max - leases.length);
      if (rows.length === 0) continue;
      for (const [seq, batch, slot, ord, enqueuedAt, attempts, lastError, recipients] of rows) {
        const message = this.message(
          batch,
          slot,
          seq,
          priority,
          enqueuedAt,
          attempts,
          lastError,
          recipients,
        );
        leases.push(new StoredLease(message, ord));
      }
      const firstOrd = (rows[0] as TakenRow)[3];
      const lastOrd = (rows[rows.length - 1] as TakenRow)[3];
      this.sql.moveCursor.run(lastOrd, priority);
      this.sql.addRange.run(priority, firstOrd, lastOrd, expiresAt);
      if (leases.length >= max) break;
    }
    if (leases.length > 0) this.adjust({ ready: -leases.length, leased: leases.length });
    return leases;
  }

  private ackInTransaction(leases: readonly Lease[], from: number, to: number): number {
    const released = new Map<number, number>();
    let deleted = 0;
    this.deleteLeased.collect(
      to - from,
      (row, params, at) => {
        const lease = leases[from + row] as Lease;
        params[at / 2] = lease.message.seq;
        params[params.length / 2 + at / 2] = lease.token;
      },
      (batch) => {
        deleted++;
        released.set(batch, (released.get(batch) ?? 0) + 1);
      },
    );
    for (const [batch, count] of released) this.release(batch, count);
    if (deleted > 0) this.adjust({ leased: -deleted });
    return deleted;
  }

  private nackInTransaction(lease: Lease, retryAt: number): boolean {
    const message = lease.message;
    const { changes } = this.sql.nack.run(
      retryAt,
      message.attempts,
      message.lastError ?? null,
      encodeRecipients(message),
      message.seq,
      lease.token,
    );
    if (changes === 0) return false;
    this.adjust({ leased: -1, delayed: 1 });
    return true;
  }

  private deadLetterInTransaction(lease: Lease, error: string, now: number): boolean {
    const message = lease.message;
    const row = this.sql.takeDead.get(message.seq, lease.token);
    if (row === undefined) return false;
    const [batch, priority] = row;
    this.release(batch, 1);
    const limit = this.deadLetterLimit;
    if (limit === Number.POSITIVE_INFINITY || (this.sql.keptDead.get(limit) ?? 0) < limit) {
      this.sql.addDead.run(
        message.seq,
        priority,
        error,
        message.attempts,
        message.lastError ?? null,
        encodeRecipients(message),
        message.enqueuedAt,
        now,
        encodeBody(message),
      );
    }
    this.adjust({ leased: -1, dead: 1 });
    return true;
  }

  /**
   * Makes expired leases and due retries ready again, in the order they became due, each with
   * a new `ord` (the back of its priority's line) and `enqueuedAt` restamped to that moment.
   */
  private maintain(now: number): void {
    const due: DueRow[] = [];
    let expired = 0;
    for (const [id, priority, firstOrd, lastOrd, expiresAt] of this.sql.expiredRanges.all(now)) {
      for (const [seq, ord] of this.sql.rangeRows.all(priority, firstOrd, lastOrd)) {
        due.push([seq, expiresAt, ord]);
        expired++;
      }
      this.sql.dropRange.run(id);
    }
    const retries = this.sql.dueRetries.all(now);
    if (due.length + retries.length === 0) return;
    for (const row of retries) due.push(row);
    due.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
    let ord = this.meta()[0];
    for (const [seq, dueAt] of due) this.sql.promote.run(ord++, dueAt, seq);
    this.adjust({
      ord: due.length,
      ready: due.length,
      leased: -expired,
      delayed: -retries.length,
    });
  }

  /** Drops the oldest lease ranges whose messages have all been settled. */
  private sweepRanges(): void {
    for (const [id, priority, firstOrd, lastOrd] of this.sql.oldestRanges.all()) {
      if (this.sql.rangeHeld.get(priority, firstOrd, lastOrd) === 0) this.sql.dropRange.run(id);
    }
  }

  private release(batch: number, count: number): void {
    const live = this.sql.releaseBatch.get(count, batch);
    if (live !== undefined && live <= 0) {
      this.sql.dropBatch.run(batch);
      this.cache.forget(batch);
    }
  }

  private readonly loadBatch = (id: number): DecodedBatch => {
    const row = this.sql.batch.get(id);
    if (row === undefined) throw new Error(`message batch ${id} is missing from the queue file`);
    return { acceptedAt: row[0], bodies: decodeBodies(row[1]) };
  };

  private message(
    batch: number,
    slot: number,
    seq: number,
    priority: number,
    enqueuedAt: number | null,
    attempts: number,
    lastError: string | null,
    recipients: Uint8Array | null,
  ): StoredMessage {
    const decoded = this.cache.get(batch, this.loadBatch);
    const body = decoded.bodies[slot];
    if (body === undefined) throw new Error(`message ${seq} is missing from its batch`);
    return new StoredMessage(
      body,
      seq,
      priority,
      decodeRecipients(recipients, body[3]),
      enqueuedAt ?? decoded.acceptedAt,
      attempts,
      lastError ?? undefined,
    );
  }

  private duplicateIn(messages: readonly Message[], from: number, to: number): number {
    const seen = new Set<number>();
    for (let i = from; i < to; i++) {
      const seq = (messages[i] as Message).seq;
      if (seen.has(seq) || this.sql.existing.get(seq) !== undefined) return seq;
      seen.add(seq);
    }
    return Number.NaN;
  }
}

/** A dead letter row as the contract's {@link DeadLetter}. */
function deadLetterOf(row: DeadRow): DeadLetter {
  const [seq, priority, error, attempts, lastError, recipients, enqueuedAt, blob] = row;
  const body = decodeBody(blob);
  const message = new StoredMessage(
    body,
    seq,
    priority,
    decodeRecipients(recipients, body[3]),
    enqueuedAt,
    attempts,
    lastError ?? undefined,
  );
  return { message, error };
}

/** An enqueued message's `seq` is already in the file, or twice in one batch. */
export class DuplicateSeqError extends Error {
  override readonly name = "DuplicateSeqError";

  /** @param seq the sequence number held twice. */
  constructor(readonly seq: number) {
    super(`message seq ${seq} is already in the queue`);
  }
}
