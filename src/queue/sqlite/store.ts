import type Database from "better-sqlite3";
import type { Message } from "../../model/message.js";
import type { DeadLetter, Lease, QueueDepth } from "../driver.js";
import { deleteAcked } from "./ack.js";
import { BatchCache, type DecodedBatch } from "./batch-cache.js";
import {
  type Body,
  deadLetterOf,
  decodeBodies,
  decodeRecipients,
  encodeBodies,
  encodeBody,
  encodeRecipients,
  StoredMessage,
} from "./codec.js";
import {
  type ChangesRow,
  type DueRow,
  type MetaRow,
  prepareStatements,
  SLOTS,
  type Statements,
  type TakenRow,
} from "./statements.js";

/**
 * Most message rows one transaction writes or hands out. A transaction runs synchronously on
 * the event loop; at about a microsecond per row this keeps each one to a few milliseconds.
 */
export const MAX_ROWS_PER_TRANSACTION = 1_000;

/** Decoded message bodies kept in memory for leasing batches in parts. */
const CACHED_BODIES = 16_384;

/** A hand-out from the file. Its token is the message's `ord`, which names this hand-out. */
class StoredLease implements Lease {
  constructor(
    readonly message: Message,
    readonly token: number,
  ) {}
}

/** Changes to the counters in `meta`, applied in one statement. */
interface Delta {
  ord?: number;
  batch?: number;
  ready?: number;
  delayed?: number;
  leased?: number;
  dead?: number;
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

  private readonly sql: Statements;
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
    this.sql = prepareStatements(db);
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
    const stored = this.insertTx.immediate(messages, from, from + wanted, capacity, now, added);
    // Only once committed: a lane remembered from a rolled-back insert would never be created.
    for (const priority of added) this.lanes.add(priority);
    return stored;
  }

  /** Let every lease lapse at `now`; returns how many hand-outs (lease calls) that was. */
  lapseLeases(now: number): number {
    return this.sql.lapseAll.run(now, now).changes;
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
      .map(([batch, slot, priority, enqueuedAt, attempts, lastError, recipients]) =>
        this.message(batch, slot, priority, enqueuedAt, attempts, lastError, recipients),
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
    // Messages as the generator makes them carry nothing but their body, and take the
    // statement with fewer values to bind.
    let plain = true;
    for (let i = from; i < from + count; i++) {
      const message = messages[i] as Message;
      const priority = message.priority;
      if (!this.lanes.has(priority) && !added.includes(priority)) {
        this.sql.addLane.run(priority);
        added.push(priority);
      }
      plain &&=
        message.attempts === 0 &&
        message.lastError === undefined &&
        encodeRecipients(message) === null;
    }
    if (plain) {
      this.sql.insertPlainRows.run(count, (row, params, at) => {
        const message = messages[from + row] as Message;
        params[at] = message.priority;
        params[at + 1] = firstOrd + row;
        params[at + 2] = message.seq;
        params[at + 3] = batch;
        params[at + 4] = row;
      });
    } else {
      this.sql.insertRows.run(count, (row, params, at) => {
        const message = messages[from + row] as Message;
        params[at] = message.priority;
        params[at + 1] = firstOrd + row;
        params[at + 2] = message.seq;
        params[at + 3] = batch;
        params[at + 4] = row;
        params[at + 5] = message.attempts;
        params[at + 6] = message.lastError ?? null;
        params[at + 7] = encodeRecipients(message);
      });
    }
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
      for (const [ord, where] of rows) {
        const location = Math.floor(where / 2);
        const batch = Math.floor(location / SLOTS);
        const slot = location % SLOTS;
        let message: StoredMessage;
        if (where % 2 === 0) {
          const decoded = this.cache.get(batch, this.loadBatch);
          const body = bodyAt(decoded, slot);
          message = new StoredMessage(
            body,
            priority,
            body[3],
            decoded.acceptedAt,
            1,
            undefined,
            decoded.acceptedAt,
          );
        } else {
          const [enqueuedAt, attempts, lastError, recipients] = this.sql.changes.get(
            priority,
            ord,
          ) as ChangesRow;
          message = this.message(
            batch,
            slot,
            priority,
            enqueuedAt,
            attempts + 1,
            lastError,
            recipients,
          );
        }
        leases.push(new StoredLease(message, ord));
      }
      const firstOrd = (rows[0] as TakenRow)[0];
      const lastOrd = (rows[rows.length - 1] as TakenRow)[0];
      this.sql.moveCursor.run(lastOrd, priority);
      this.sql.addRange.run(priority, firstOrd, lastOrd, expiresAt);
      if (leases.length >= max) break;
    }
    if (leases.length > 0) this.adjust({ ready: -leases.length, leased: leases.length });
    return leases;
  }

  private ackInTransaction(leases: readonly Lease[], from: number, to: number): number {
    let deleted = 0;
    for (const [batch, rows] of deleteAcked(this.sql, leases, from, to)) {
      this.release(batch, rows);
      deleted += rows;
    }
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
      message.priority,
      lease.token,
      message.seq,
    );
    if (changes === 0) return false;
    this.adjust({ leased: -1, delayed: 1 });
    return true;
  }

  private deadLetterInTransaction(lease: Lease, error: string, now: number): boolean {
    const message = lease.message;
    const batch = this.sql.takeDead.get(message.priority, lease.token, message.seq);
    if (batch === undefined) return false;
    this.release(batch, 1);
    if (this.sql.isDead.get(message.seq) === 1) {
      // A copy of a message already among the dead letters (enqueued twice, or its earlier
      // copy's lease expired after all): one dead letter per message, counted once.
      this.adjust({ leased: -1 });
      return true;
    }
    const limit = this.deadLetterLimit;
    if (limit === Number.POSITIVE_INFINITY || (this.sql.keptDead.get(limit) ?? 0) < limit) {
      this.sql.addDead.run(
        message.seq,
        message.priority,
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
   * a new `ord` (the back of its priority's line) and `enqueuedAt` restamped to that moment. A
   * lease hands out a message with its stored attempts plus one without writing the row, so an
   * expired hand-out is added to the stored attempts here: every hand-out counts.
   */
  private maintain(now: number): void {
    const due: DueRow[] = [];
    let expired = 0;
    for (const [id, priority, firstOrd, lastOrd, expiresAt] of this.sql.expiredRanges.all(now)) {
      for (const ord of this.sql.rangeOrds.all(priority, firstOrd, lastOrd)) {
        due.push([priority, ord, expiresAt, 1]);
        expired++;
      }
      this.sql.dropRange.run(id);
    }
    const retries = this.sql.dueRetries.all(now);
    if (due.length + retries.length === 0) return;
    for (const row of retries) due.push(row);
    due.sort((a, b) => a[2] - b[2] || a[1] - b[1]);
    let ord = this.meta()[0];
    for (const [priority, old, dueAt, expiredHandOuts] of due) {
      this.sql.promote.run(ord++, dueAt, expiredHandOuts, priority, old);
    }
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
    priority: number,
    enqueuedAt: number | null,
    attempts: number,
    lastError: string | null,
    recipients: Uint8Array | null,
  ): StoredMessage {
    const decoded = this.cache.get(batch, this.loadBatch);
    const body = bodyAt(decoded, slot);
    return new StoredMessage(
      body,
      priority,
      decodeRecipients(recipients, body[3]),
      enqueuedAt ?? decoded.acceptedAt,
      attempts,
      lastError ?? undefined,
      decoded.acceptedAt,
    );
  }
}

/** The body in `slot` of a decoded batch. */
function bodyAt(batch: DecodedBatch, slot: number): Body {
  const body = batch.bodies[slot];
  if (body === undefined) throw new Error(`a message is missing from its batch (slot ${slot})`);
  return body;
}
