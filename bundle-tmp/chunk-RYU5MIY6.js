import {
  MAX_ROWS_PER_TRANSACTION,
  QueueStore,
  StoredMessage,
  deadLetterOf,
  decodeBody,
  decodeRecipients
} from "./chunk-FZDD7BRQ.js";
import {
  nowMs
} from "./chunk-QCUIJKYM.js";
import {
  QueueFileClaim
} from "./chunk-P3LC74PZ.js";
import {
  openQueueFile
} from "./chunk-UZ6Z45I5.js";

// dist/queue/sqlite/inspect.js
function inspectQueue(path, options = {}) {
  const db = openQueueFile(path, "readonly");
  try {
    return db.transaction(() => inspect(db, path, options))();
  } finally {
    db.close();
  }
}
function inspect(db, path, options) {
  const now = (options.now ?? nowMs)();
  const one = (sql, ...params) => db.prepare(sql).pluck().get(...params);
  const byPriority = db.prepare(`SELECT m.priority,
        sum(m.state = 0 AND m.ord > coalesce(l.cursor, 0)),
        sum(m.state = 1),
        sum(m.state = 0 AND m.ord <= coalesce(l.cursor, 0))
      FROM messages AS m LEFT JOIN lanes AS l ON l.priority = m.priority
      GROUP BY m.priority ORDER BY m.priority DESC`).raw().all().map(([priority, ready, delayed, leased]) => ({ priority, ready, delayed, leased }));
  const sum = (key) => byPriority.reduce((total, lane) => total + lane[key], 0);
  const deadTotal = one("SELECT dead FROM meta WHERE id = 0");
  const oldest = one("SELECT min(accepted_at) FROM batches");
  const sample = Math.max(0, Math.floor(options.deadLetterSample ?? 20));
  return {
    path,
    schemaVersion: one("PRAGMA user_version"),
    depth: {
      ready: sum("ready"),
      delayed: sum("delayed"),
      leased: sum("leased"),
      deadLettered: deadTotal
    },
    expiredLeases: one(`SELECT count(*) FROM leases AS r JOIN messages AS m ON m.state = 0
        AND m.priority = r.priority AND m.ord BETWEEN r.first_ord AND r.last_ord
      WHERE r.expires_at <= ?`, now),
    dueRetries: one("SELECT count(*) FROM messages WHERE state = 1 AND due_at <= ?", now),
    byPriority,
    oldestAgeMs: oldest === null ? void 0 : now - oldest,
    nextRetryAt: one("SELECT min(due_at) FROM messages WHERE state = 1") ?? void 0,
    deadLetters: {
      total: deadTotal,
      kept: one("SELECT count(*) FROM dead_letters"),
      byError: db.prepare(`SELECT error, count(*) AS n FROM dead_letters GROUP BY error
            ORDER BY n DESC, error LIMIT ?`).raw().all(Math.max(0, Math.floor(options.errorKinds ?? 20))).map(([error, count]) => ({ error, count })),
      first: db.prepare(`SELECT seq, priority, error, attempts, last_error, recipients, enqueued_at, body, dead_at
            FROM dead_letters ORDER BY id LIMIT ?`).raw().all(sample).map((row) => ({ ...deadLetterOf(row), deadAt: row[8] }))
    }
  };
}
function requeueDead(path, options = {}) {
  const claim = QueueFileClaim.take(path, "requeue-dead", "existing");
  try {
    return moveDeadLetters(openQueueFile(path, "existing"), options.now ?? nowMs);
  } finally {
    claim.release();
  }
}
function moveDeadLetters(db, now) {
  const store = new QueueStore(db, Number.POSITIVE_INFINITY);
  try {
    const runState = new RunStateOfFile(db);
    const chunk = db.prepare(`SELECT id, seq, priority, last_error, recipients, body FROM dead_letters
          WHERE id > ? ORDER BY id LIMIT ?`).raw();
    const held = db.prepare("SELECT seq FROM messages").pluck();
    const drop = db.prepare("DELETE FROM dead_letters WHERE id = ?");
    const uncount = db.prepare("UPDATE meta SET dead = dead - ? WHERE id = 0");
    const move = db.transaction((after) => {
      const rows = chunk.all(after, MAX_ROWS_PER_TRANSACTION);
      const last = rows.at(-1)?.[0];
      if (last === void 0)
        return [-1, after];
      const seen = new Set(held.all());
      const messages = [];
      for (const [id, seq, priority, lastError, recipients, blob] of rows) {
        if (seen.has(seq))
          continue;
        seen.add(seq);
        const body = decodeBody(blob);
        const owed = decodeRecipients(recipients, body[3]);
        messages.push(new StoredMessage(body, priority, owed, 0, 0, lastError ?? void 0));
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
      if (count < 0)
        return moved;
      moved += count;
      after = last;
    }
  } finally {
    store.close();
  }
}
var RunStateOfFile = class {
  forget;
  count;
  constructor(db) {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('run_state', 'run_outcomes')").pluck().all());
    if (tables.has("run_outcomes")) {
      this.forget = db.prepare("DELETE FROM run_outcomes WHERE seq = ?");
    }
    if (tables.has("run_state")) {
      this.count = db.prepare(`INSERT INTO run_state (key, value) VALUES ('requeued', ?)
          ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + excluded.value AS TEXT)`);
    }
  }
  /** The message `seq` has no final outcome any more: it goes round again. */
  forgetOutcome(seq) {
    this.forget?.run(seq);
  }
  /** `moved` more dead letters went back to the queue. */
  countRequeued(moved) {
    this.count?.run(String(moved));
  }
};

export {
  inspectQueue,
  requeueDead
};
