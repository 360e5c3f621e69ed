import type Database from "better-sqlite3";
import { nowMs } from "../../util/clock.js";
import type { DeadLetter, QueueDepth } from "../driver.js";
import { deadLetterOf, decodeBody, decodeRecipients, StoredMessage } from "./codec.js";
import { QueueFileClaim } from "./owner.js";
import { openQueueFile } from "./schema.js";
import type { InspectedDeadRow } from "./statements.js";
import { MAX_ROWS_PER_TRANSACTION, QueueStore } from "./store.js";

/** What one priority holds. */
export interface PriorityDepth {
  readonly priority: number;
  readonly ready: number;
  readonly delayed: number;
  readonly leased: number;
}

/** A dead letter as the file keeps it. */
export interface InspectedDeadLetter extends DeadLetter {
  /** When it was dead-lettered, epoch ms. */
  readonly deadAt: number;
}

/** How often one error was the reason for a dead letter. */
export interface ErrorCount {
  readonly error: string;
  readonly count: number;
}

/** The dead letters of a queue file. */
export interface DeadLetterInspection {
  /** Every dead letter ever counted and not requeued, kept or not. */
  readonly total: number;
  /** Those the file keeps with their body (all of them unless a `deadLetterLimit` was set). */
  readonly kept: number;
  /** Kept dead letters by error, most frequent first. */
  readonly byError: readonly ErrorCount[];
  /** The oldest kept dead letters. */
  readonly first: readonly InspectedDeadLetter[];
}

/** What `queue inspect` shows: a queue file's contents, read without changing anything. */
export interface QueueInspection {
  readonly path: string;
  readonly schemaVersion: number;
  /**
   * Messages by state as stored: a message whose lease expired still counts as leased here
   * (see `expiredLeases`) and a retry that is due as delayed (see `dueRetries`), until a
   * process using the queue makes them ready.
   */
  readonly depth: QueueDepth;
  /** Leased messages whose visibility timeout has passed: handed out again at the next lease. */
  readonly expiredLeases: number;
  /** Delayed messages whose retry time has come. */
  readonly dueRetries: number;
  /** Depth per priority, highest first. */
  readonly byPriority: readonly PriorityDepth[];
  /** How long ago the oldest message still held was first accepted, ms; undefined when empty. */
  readonly oldestAgeMs: number | undefined;
  /** Earliest retry time of a delayed message, epoch ms, or undefined if none. */
  readonly nextRetryAt: number | undefined;
  readonly deadLetters: DeadLetterInspection;
}

/** Options of {@link inspectQueue}. */
export interface InspectOptions {
  /** Clock for ages and expiry, epoch ms. Default {@link nowMs}. */
  readonly now?: () => number;
  /** How many of the oldest dead letters to include. Default 20. */
  readonly deadLetterSample?: number;
  /** How many distinct errors to count, most frequent first. Default 20. */
  readonly errorKinds?: number;
}

type PriorityRow = [priority: number, ready: number, delayed: number, leased: number];

/**
 * Reads the queue file at `path` through a read-only connection: depth by state and by
 * priority, the oldest message's age, and the dead letters with their errors. Safe while other
 * processes use the queue; what it reports is one consistent moment.
 *
 * @throws {ConfigError} when the file is missing, or not a sound swarm-stress queue of a
 * schema this version reads; the file is never modified.
 */
export function inspectQueue(path: string, options: InspectOptions = {}): QueueInspection {
  const db = openQueueFile(path, "readonly");
  try {
    return db.transaction(() => inspect(db, path, options))();
  } finally {
    db.close();
  }
}

function inspect(db: Database.Database, path: string, options: InspectOptions): QueueInspection {
  const now = (options.now ?? nowMs)();
  const one = <T>(sql: string, ...params: unknown[]): T =>
    db
      .prepare<unknown[], T>(sql)
      .pluck()
      .get(...params) as T;
  const byPriority = db
    .prepare<[], PriorityRow>(
      `SELECT m.priority,
        sum(m.state = 0 AND m.ord > coalesce(l.cursor, 0)),
        sum(m.state = 1),
        sum(m.state = 0 AND m.ord <= coalesce(l.cursor, 0))
      FROM messages AS m LEFT JOIN lanes AS l ON l.priority = m.priority
      GROUP BY m.priority ORDER BY m.priority DESC`,
    )
    .raw()
    .all()
    .map(([priority, ready, delayed, leased]) => ({ priority, ready, delayed, leased }));
  const sum = (key: "ready" | "delayed" | "leased") =>
    byPriority.reduce((total, lane) => total + lane[key], 0);
  const deadTotal = one<number>("SELECT dead FROM meta WHERE id = 0");
  const oldest = one<number | null>("SELECT min(accepted_at) FROM batches");
  const sample = Math.max(0, Math.floor(options.deadLetterSample ?? 20));
  return {
    path,
    schemaVersion: one<number>("PRAGMA user_version"),
    depth: {
      ready: sum("ready"),
      delayed: sum("delayed"),
      leased: sum("leased"),
      deadLettered: deadTotal,
    },
    expiredLeases: one<number>(
      `SELECT count(*) FROM leases AS r JOIN messages AS m ON m.state = 0
        AND m.priority = r.priority AND m.ord BETWEEN r.first_ord AND r.last_ord
      WHERE r.expires_at <= ?`,
      now,
    ),
    dueRetries: one<number>("SELECT count(*) FROM messages WHERE state = 1 AND due_at <= ?", now),
    byPriority,
    oldestAgeMs: oldest === null ? undefined : now - oldest,
    nextRetryAt:
      one<number | null>("SELECT min(due_at) FROM messages WHERE state = 1") ?? undefined,
    deadLetters: {
      total: deadTotal,
      kept: one<number>("SELECT count(*) FROM dead_letters"),
      byError: db
        .prepare<[number], [string, number]>(
          `SELECT error, count(*) AS n FROM dead_letters GROUP BY error
            ORDER BY n DESC, error LIMIT ?`,
        )
        .raw()
        .all(Math.max(0, Math.floor(options.errorKinds ?? 20)))
        .map(([error, count]) => ({ error, count })),
      first: db
        .prepare<[number], InspectedDeadRow>(
          `SELECT seq, priority, error, attempts, last_error, recipients, enqueued_at, body, dead_at
            FROM dead_letters ORDER BY id LIMIT ?`,
        )
        .raw()
        .all(sample)
        .map((row) => ({ ...deadLetterOf(row), deadAt: row[8] })),
    },
  };
}

/** Options of {@link requeueDead}. */
export interface RequeueOptions {
  /** Clock for the requeued messages' `enqueuedAt`, epoch ms. Default {@link nowMs}. */
  readonly now?: () => number;
}

type RequeueRow = [
  id: number,
  seq: number,
  priority: number,
  lastError: string | null,
  recipients: Uint8Array | null,
  body: Uint8Array,
];

/**
 * Moves the dead letters of the queue file at `path` back to ready, oldest first, with their
 * attempts reset to 0 and their last error and owed recipients kept, in transactions of at most
 * {@link MAX_ROWS_PER_TRANSACTION}. A dead letter whose `seq` the queue holds again (a later
 * run's message) stays where it is. Capacity is not applied: no running queue's limit is known
 * here. Returns how many moved.
 *
 * The file must not be in use by a run (see {@link QueueFileClaim}): the run would count the
 * moved messages as dead letters still. The run state a run keeps in the file is brought in
 * line in the same transactions: each moved message's final outcome is forgotten, so a
 * resumed run delivers it again, and the number moved is counted for that run to report.
 *
 * @throws {ConfigError} when the file is missing, in use by a live process, or not a sound
 * swarm-stress queue of a schema this version reads; such a file is never modified.
 */
export function requeueDead(path: string, options: RequeueOptions = {}): number {
  const claim = QueueFileClaim.take(path, "requeue-dead", "existing");
  try {
    return moveDeadLetters(openQueueFile(path, "existing"), options.now ?? nowMs);
  } finally {
    claim.release();
  }
}

/** Move every dead letter of the open file `db` back to ready; see {@link requeueDead}. */
function moveDeadLetters(db: Database.Database, now: () => number): number {
  const store = new QueueStore(db, Number.POSITIVE_INFINITY);
  try {
    const runState = new RunStateOfFile(db);
    const chunk = db
      .prepare<[number, number], RequeueRow>(
        `SELECT id, seq, priority, last_error, recipients, body FROM dead_letters
          WHERE id > ? ORDER BY id LIMIT ?`,
      )
      .raw();
    // seq is no key of the file, so the held ones are read once per chunk instead of looked up.
    const held = db.prepare<[], number>("SELECT seq FROM messages").pluck();
    const drop = db.prepare<[number]>("DELETE FROM dead_letters WHERE id = ?");
    const uncount = db.prepare<[number]>("UPDATE meta SET dead = dead - ? WHERE id = 0");
    // One chunk: its dead letters go back in the batch the store writes, in one transaction
    // (the store's own becomes a savepoint inside it).
    const move = db.transaction((after: number): [number, number] => {
      const rows = chunk.all(after, MAX_ROWS_PER_TRANSACTION);
      const last = rows.at(-1)?.[0];
      if (last === undefined) return [-1, after];
      const seen = new Set<number>(held.all());
      const messages: StoredMessage[] = [];
      for (const [id, seq, priority, lastError, recipients, blob] of rows) {
        if (seen.has(seq)) continue;
        seen.add(seq);
        const body = decodeBody(blob);
        const owed = decodeRecipients(recipients, body[3]);
        messages.push(new StoredMessage(body, priority, owed, 0, 0, lastError ?? undefined));
        drop.run(id);
        runState.forgetOutcome(seq);
      }
      if (messages.length > 0) {
        store.insert(messages, 0, messages.length, Number.POSITIVE_INFINITY, now());
        uncount.run(messages.length);
        runState.countRequeued(messages.length);
      }
      return [messages.length, last];
    });
    let moved = 0;
    for (let after = 0; ; ) {
      const [count, last] = move.immediate(after);
      if (count < 0) return moved;
      moved += count;
      after = last;
    }
  } finally {
    store.close();
  }
}

/**
 * The run state a run keeps in its queue file (`run/durable-state.ts` owns its layout), as far
 * as requeueing dead letters changes it; nothing for a file no run has used.
 */
class RunStateOfFile {
  private readonly forget: Database.Statement<[number]> | undefined;
  private readonly count: Database.Statement<[string]> | undefined;

  constructor(db: Database.Database) {
    const tables = new Set(
      db
        .prepare<[], string>(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('run_state', 'run_outcomes')",
        )
        .pluck()
        .all(),
    );
    if (tables.has("run_outcomes")) {
      this.forget = db.prepare("DELETE FROM run_outcomes WHERE seq = ?");
    }
    if (tables.has("run_state")) {
      this.count = db.prepare(
        `INSERT INTO run_state (key, value) VALUES ('requeued', ?)
          ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + excluded.value AS TEXT)`,
      );
    }
  }

  /** The message `seq` has no final outcome any more: it goes round again. */
  forgetOutcome(seq: number): void {
    this.forget?.run(seq);
  }

  /** `moved` more dead letters went back to the queue. */
  countRequeued(moved: number): void {
    this.count?.run(String(moved));
  }
}
