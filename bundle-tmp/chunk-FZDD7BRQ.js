import {
  UNCHANGING_FIELDS,
  checkedTuple,
  owesEveryAddressee,
  pack,
  unchangingFields,
  unpack
} from "./chunk-HIGQFWUQ.js";

// dist/queue/sqlite/codec.js
function encodeBodies(messages, from, to) {
  const bodies = new Array(to - from);
  for (let i = from; i < to; i++)
    bodies[i - from] = unchangingFields(messages[i]);
  return pack(bodies);
}
function encodeBody(message) {
  return pack(unchangingFields(message));
}
function decodeBodies(blob) {
  return checkedTuple(unpack(blob), "a message batch in the queue file");
}
function decodeBody(blob) {
  return checkedTuple(unpack(blob), "a dead letter in the queue file", UNCHANGING_FIELDS);
}
function encodeRecipients(message) {
  return owesEveryAddressee(message) ? null : pack(message.recipients);
}
function decodeRecipients(blob, addressedTo) {
  return blob === null ? addressedTo : unpack(blob);
}
var StoredMessage = class {
  priority;
  recipients;
  enqueuedAt;
  attempts;
  lastError;
  acceptedAt;
  id;
  seq;
  type;
  sender;
  addressedTo;
  payload;
  scheduledAt;
  constructor(body, priority, recipients, enqueuedAt, attempts, lastError, acceptedAt) {
    this.priority = priority;
    this.recipients = recipients;
    this.enqueuedAt = enqueuedAt;
    this.attempts = attempts;
    this.lastError = lastError;
    this.acceptedAt = acceptedAt;
    this.id = body[0];
    this.type = body[1];
    this.sender = body[2];
    this.addressedTo = body[3];
    this.payload = body[4];
    this.scheduledAt = body[5];
    this.seq = body[6];
  }
};
function deadLetterOf(row) {
  const [, priority, error, attempts, lastError, recipients, enqueuedAt, blob] = row;
  const body = decodeBody(blob);
  const message = new StoredMessage(body, priority, decodeRecipients(recipients, body[3]), enqueuedAt, attempts, lastError ?? void 0);
  return { message, error };
}

// dist/queue/sqlite/ack.js
var SCAN_PER_ACK = 4;
function deleteAcked(sql, leases, from, to) {
  const byPriority = /* @__PURE__ */ new Map();
  for (let i = from; i < to; i++) {
    const lease = leases[i];
    const group = byPriority.get(lease.message.priority);
    if (group === void 0)
      byPriority.set(lease.message.priority, [lease]);
    else
      group.push(lease);
  }
  const deleted = /* @__PURE__ */ new Map();
  const count = (batch, rows) => {
    deleted.set(batch, (deleted.get(batch) ?? 0) + rows);
  };
  for (const [priority, group] of byPriority)
    deleteGroup(sql, priority, group, count);
  return deleted;
}
function deleteGroup(sql, priority, group, count) {
  const acked = /* @__PURE__ */ new Set();
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const { token } of group) {
    acked.add(token);
    if (token < low)
      low = token;
    if (token > high)
      high = token;
  }
  const limit = SCAN_PER_ACK * group.length + 64;
  const ords = sql.scanAcked.all(priority, low, high, limit);
  if (ords.length >= limit) {
    sql.deleteLeased.collect(group.length, (row, params, at) => {
      params[at] = priority;
      params[at + 1] = group[row].token;
    }, (batch) => count(batch, 1));
    return;
  }
  let first;
  let last = 0;
  const flush = () => {
    if (first === void 0)
      return;
    for (const [batch, rows] of sql.runBatches.all(priority, first, last))
      count(batch, rows);
    sql.deleteRun.run(priority, first, last);
    first = void 0;
  };
  for (const ord of ords) {
    if (!acked.has(ord)) {
      flush();
      continue;
    }
    if (first === void 0)
      first = ord;
    last = ord;
  }
  flush();
}

// dist/queue/sqlite/batch-cache.js
var BatchCache = class {
  maxBodies;
  batches = /* @__PURE__ */ new Map();
  bodies = 0;
  constructor(maxBodies) {
    this.maxBodies = maxBodies;
  }
  /** The batch `id`, decoded by `load` when it is not held. */
  get(id, load) {
    const held = this.batches.get(id);
    if (held !== void 0)
      return held;
    const batch = load(id);
    this.batches.set(id, batch);
    this.bodies += batch.bodies.length;
    for (const [oldest, entry] of this.batches) {
      if (this.bodies <= this.maxBodies || oldest === id)
        break;
      this.batches.delete(oldest);
      this.bodies -= entry.bodies.length;
    }
    return batch;
  }
  /** Drops batch `id`, once its last message is gone from the file. */
  forget(id) {
    const entry = this.batches.get(id);
    if (entry === void 0)
      return;
    this.batches.delete(id);
    this.bodies -= entry.bodies.length;
  }
  /** Drops everything. */
  clear() {
    this.batches.clear();
    this.bodies = 0;
  }
};

// dist/queue/sqlite/rows.js
var SIZES = [100, 10, 1];
var MultiRowStatement = class {
  paramsPerRow;
  statements;
  params;
  /**
   * @param sql builds the statement for `rows` rows.
   * @param paramsPerRow how many values `fill` writes per row.
   * @param pluck whether each statement returns only its first column.
   */
  constructor(db, sql, paramsPerRow, pluck = false) {
    this.paramsPerRow = paramsPerRow;
    const statements = /* @__PURE__ */ new Map();
    const params = /* @__PURE__ */ new Map();
    for (const size of SIZES) {
      const statement = db.prepare(sql(size));
      statements.set(size, pluck ? statement.pluck() : statement);
      params.set(size, new Array(size * paramsPerRow));
    }
    this.statements = statements;
    this.params = params;
  }
  /**
   * Runs the statement over rows `0..count)`: `fill(row, params, at)` writes row `row`'s values
   * into `params` from index `at`. Returns how many rows SQLite changed.
   */
  run(count, fill) {
    let changed = 0;
    this.each(count, false, fill, (statement, params) => {
      changed += statement.run(params).changes;
    });
    return changed;
  }
  /**
   * Like {@link run}, but for statements that return rows (`RETURNING`), handed to `visit`.
   * Rows may be repeated to fill the last call, so the statement must be one where that is
   * harmless: a delete or a select by key, never an insert.
   */
  collect(count, fill, visit) {
    this.each(count, true, fill, (statement, params) => {
      for (const result of statement.all(params))
        visit(result);
    });
  }
  each(count, pad, fill, call) {
    const width = this.paramsPerRow;
    let row = 0;
    for (const size of SIZES) {
      const statement = this.statements.get(size);
      const params = this.params.get(size);
      while (count - row >= size || pad && count - row > size / 10) {
        for (let i = 0; i < size; i++)
          fill(Math.min(row + i, count - 1), params, i * width);
        call(statement, params);
        row += size;
      }
      if (row >= count)
        return;
    }
  }
};

// dist/queue/sqlite/statements.js
var SLOTS = 1024;
var RANGES_SWEPT = 3;
function prepareStatements(db) {
  const prepare = (source) => db.prepare(source);
  return {
    meta: prepare("SELECT next_ord, next_batch, ready, delayed, leased, dead FROM meta WHERE id = 0").raw(),
    adjust: prepare(`UPDATE meta SET next_ord = next_ord + ?, next_batch = next_batch + ?, ready = ready + ?,
        delayed = delayed + ?, leased = leased + ?, dead = dead + ? WHERE id = 0`),
    addBatch: prepare("INSERT INTO batches (id, accepted_at, live, body) VALUES (?, ?, ?, ?)"),
    batch: prepare("SELECT accepted_at, body FROM batches WHERE id = ?").raw(),
    releaseBatch: prepare("UPDATE batches SET live = live - ? WHERE id = ? RETURNING live").pluck(),
    dropBatch: prepare("DELETE FROM batches WHERE id = ?"),
    addLane: prepare("INSERT OR IGNORE INTO lanes (priority, cursor) VALUES (?, 0)"),
    readyLanes: prepare(`SELECT priority, cursor FROM lanes AS l WHERE EXISTS (SELECT 1 FROM messages
        WHERE priority = l.priority AND ord > l.cursor AND state = 0) ORDER BY priority DESC`).raw(),
    take: prepare(`SELECT ord, (batch * ${SLOTS} + slot) * 2 + (enqueued_at IS NOT NULL OR attempts <> 0
          OR last_error IS NOT NULL OR recipients IS NOT NULL)
        FROM messages WHERE priority = ? AND ord > ? AND state = 0 ORDER BY ord LIMIT ?`).raw(),
    changes: prepare(`SELECT enqueued_at, attempts, last_error, recipients FROM messages
        WHERE priority = ? AND ord = ?`).raw(),
    moveCursor: prepare("UPDATE lanes SET cursor = ? WHERE priority = ?"),
    addRange: prepare("INSERT INTO leases (priority, first_ord, last_ord, expires_at) VALUES (?, ?, ?, ?)"),
    somethingDue: prepare(`SELECT EXISTS (SELECT 1 FROM leases WHERE expires_at <= @now)
        OR EXISTS (SELECT 1 FROM messages WHERE state = 1 AND due_at <= @now)`).pluck(),
    lapseAll: prepare("UPDATE leases SET expires_at = ? WHERE expires_at > ?"),
    expiredRanges: prepare(`SELECT id, priority, first_ord, last_ord, expires_at FROM leases
        WHERE expires_at <= ? ORDER BY expires_at, id`).raw(),
    oldestRanges: prepare(`SELECT id, priority, first_ord, last_ord, expires_at FROM leases ORDER BY id LIMIT ${RANGES_SWEPT}`).raw(),
    rangeOrds: prepare("SELECT ord FROM messages WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0").pluck(),
    rangeHeld: prepare(`SELECT EXISTS (SELECT 1 FROM messages
        WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0)`).pluck(),
    scanAcked: prepare(`SELECT ord FROM messages WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0
        ORDER BY ord LIMIT ?`).pluck(),
    runBatches: prepare(`SELECT batch, count(*) FROM messages WHERE priority = ? AND ord BETWEEN ? AND ?
        AND state = 0 GROUP BY batch`).raw(),
    // No RETURNING: it would cost three times the delete itself; runBatches counts first.
    deleteRun: prepare("DELETE FROM messages WHERE priority = ? AND ord BETWEEN ? AND ? AND state = 0"),
    dropRange: prepare("DELETE FROM leases WHERE id = ?"),
    dueRetries: prepare("SELECT priority, ord, due_at, 0 FROM messages WHERE state = 1 AND due_at <= ?").raw(),
    promote: prepare(`UPDATE messages SET state = 0, ord = ?, due_at = NULL, enqueued_at = ?,
        attempts = attempts + ? WHERE priority = ? AND ord = ?`),
    nack: prepare(`UPDATE messages SET state = 1, due_at = ?, attempts = ?, last_error = ?, recipients = ?
        WHERE priority = ? AND ord = ? AND seq = ? AND state = 0`),
    takeDead: prepare(`DELETE FROM messages WHERE priority = ? AND ord = ? AND seq = ? AND state = 0
        RETURNING batch`).pluck(),
    keptDead: prepare("SELECT count(*) FROM (SELECT 1 FROM dead_letters LIMIT ?)").pluck(),
    isDead: prepare("SELECT EXISTS (SELECT 1 FROM dead_letters WHERE seq = ?)").pluck(),
    addDead: prepare(`INSERT INTO dead_letters (seq, priority, error, attempts, last_error, recipients,
        enqueued_at, dead_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    deadLetters: prepare(`SELECT seq, priority, error, attempts, last_error, recipients, enqueued_at, body
        FROM dead_letters ORDER BY id LIMIT ?`).raw(),
    held: prepare(`SELECT batch, slot, priority, enqueued_at, attempts, last_error, recipients
        FROM messages`).raw(),
    nextRetryAt: prepare("SELECT min(due_at) FROM messages WHERE state = 1").pluck(),
    insertRows: new MultiRowStatement(db, (rows) => `INSERT INTO messages (priority, ord, seq, state, batch, slot, attempts, last_error,
        recipients) VALUES ${values("(?, ?, ?, 0, ?, ?, ?, ?, ?)", rows)}`, 8),
    insertPlainRows: new MultiRowStatement(db, (rows) => `INSERT INTO messages (priority, ord, seq, state, batch, slot, attempts)
        VALUES ${values("(?, ?, ?, 0, ?, ?, 0)", rows)}`, 5),
    deleteLeased: new MultiRowStatement(db, (rows) => `DELETE FROM messages WHERE (priority, ord) IN (VALUES ${values("(?, ?)", rows)})
        AND state = 0 RETURNING batch`, 2, true)
  };
}
function values(sql, rows) {
  return Array.from({ length: rows }, () => sql).join(",");
}

// dist/queue/sqlite/store.js
var MAX_ROWS_PER_TRANSACTION = 1e3;
var CACHED_BODIES = 16384;
var StoredLease = class {
  message;
  token;
  constructor(message, token) {
    this.message = message;
    this.token = token;
  }
};
var QueueStore = class {
  db;
  deadLetterLimit;
  cache = new BatchCache(CACHED_BODIES);
  /** Priorities known to have a lane in the file (lanes are never removed). */
  lanes = /* @__PURE__ */ new Set();
  sql;
  insertTx;
  leaseTx;
  ackTx;
  nackTx;
  deadLetterTx;
  maintainTx;
  constructor(db, deadLetterLimit) {
    this.db = db;
    this.deadLetterLimit = deadLetterLimit;
    this.sql = prepareStatements(db);
    this.insertTx = db.transaction(this.insertInTransaction.bind(this));
    this.leaseTx = db.transaction(this.leaseInTransaction.bind(this));
    this.ackTx = db.transaction(this.ackInTransaction.bind(this));
    this.nackTx = db.transaction(this.nackInTransaction.bind(this));
    this.deadLetterTx = db.transaction(this.deadLetterInTransaction.bind(this));
    this.maintainTx = db.transaction(this.maintain.bind(this));
  }
  /** Messages held: ready + delayed + leased, across every process using the file. */
  held() {
    const [, , ready, delayed, leased] = this.meta();
    return ready + delayed + leased;
  }
  /**
   * Stores as many of `messages[from..to)` as fit under `capacity`, at most
   * {@link MAX_ROWS_PER_TRANSACTION}, as one batch stamped `now`. Returns how many it stored.
   */
  insert(messages, from, to, capacity, now) {
    const wanted = Math.min(to - from, MAX_ROWS_PER_TRANSACTION);
    if (wanted <= 0 || this.held() >= capacity)
      return 0;
    const added = [];
    const stored = this.insertTx.immediate(messages, from, from + wanted, capacity, now, added);
    for (const priority of added)
      this.lanes.add(priority);
    return stored;
  }
  /** Let every lease lapse at `now`; returns how many hand-outs (lease calls) that was. */
  lapseLeases(now) {
    return this.sql.lapseAll.run(now, now).changes;
  }
  /** True when a lease could hand something out now; reads only, so polling takes no lock. */
  hasWork(now) {
    return this.meta()[2] > 0 || this.sql.somethingDue.get({ now }) === 1;
  }
  /**
   * Hands out up to `max` ready messages (at most {@link MAX_ROWS_PER_TRANSACTION}), highest
   * priority first, FIFO within a priority, after expired leases and due retries have become
   * ready. Each lease lapses `visibilityMs` after `now`.
   */
  lease(max, visibilityMs, now) {
    const count = Math.min(Math.floor(max), MAX_ROWS_PER_TRANSACTION);
    if (!(count >= 1) || !this.hasWork(now))
      return [];
    return this.leaseTx.immediate(count, now + visibilityMs, now);
  }
  /** Deletes the messages of live leases among `leases[from..to)`; returns how many. */
  ack(leases, from, to) {
    if (to <= from)
      return 0;
    return this.ackTx.immediate(leases, from, to);
  }
  /** Delays a leased message until `retryAt` with the lease's message fields; false if stale. */
  nack(lease, retryAt) {
    return this.nackTx.immediate(lease, retryAt);
  }
  /** Moves a leased message to the dead letters; false if the token is stale. */
  deadLetter(lease, error, now) {
    return this.deadLetterTx.immediate(lease, error, now);
  }
  /** Up to `limit` dead letters, oldest first. */
  deadLetters(limit) {
    if (!(limit >= 1))
      return [];
    return this.sql.deadLetters.all(Math.floor(limit)).map(deadLetterOf);
  }
  /** Every held message (ready, delayed, leased). */
  snapshot() {
    return this.sql.held.all().map(([batch, slot, priority, enqueuedAt, attempts, lastError, recipients]) => this.message(batch, slot, priority, enqueuedAt, attempts, lastError, recipients));
  }
  /** Contents by state once expired leases and due retries have become ready. */
  depth(now) {
    this.catchUp(now);
    const [, , ready, delayed, leased, deadLettered] = this.meta();
    return { ready, delayed, leased, deadLettered };
  }
  /** Retry time of the earliest message still delayed once due ones have become ready. */
  nextRetryAt(now) {
    this.catchUp(now);
    return this.sql.nextRetryAt.get() ?? void 0;
  }
  /** Closes the file. */
  close() {
    this.cache.clear();
    this.db.close();
  }
  meta() {
    return this.sql.meta.get();
  }
  adjust(delta) {
    this.sql.adjust.run(delta.ord ?? 0, delta.batch ?? 0, delta.ready ?? 0, delta.delayed ?? 0, delta.leased ?? 0, delta.dead ?? 0);
  }
  catchUp(now) {
    if (this.sql.somethingDue.get({ now }) === 1)
      this.maintainTx.immediate(now);
  }
  insertInTransaction(messages, from, to, capacity, now, added) {
    const [firstOrd, batch, ready, delayed, leased] = this.meta();
    const count = Math.min(to - from, capacity - ready - delayed - leased);
    if (count <= 0)
      return 0;
    this.sql.addBatch.run(batch, now, count, encodeBodies(messages, from, from + count));
    let plain = true;
    for (let i = from; i < from + count; i++) {
      const message = messages[i];
      const priority = message.priority;
      if (!this.lanes.has(priority) && !added.includes(priority)) {
        this.sql.addLane.run(priority);
        added.push(priority);
      }
      plain &&= message.attempts === 0 && message.lastError === void 0 && encodeRecipients(message) === null;
    }
    if (plain) {
      this.sql.insertPlainRows.run(count, (row, params, at) => {
        const message = messages[from + row];
        params[at] = message.priority;
        params[at + 1] = firstOrd + row;
        params[at + 2] = message.seq;
        params[at + 3] = batch;
        params[at + 4] = row;
      });
    } else {
      this.sql.insertRows.run(count, (row, params, at) => {
        const message = messages[from + row];
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
  leaseInTransaction(max, expiresAt, now) {
    this.maintain(now);
    this.sweepRanges();
    const leases = [];
    for (const [priority, cursor] of this.sql.readyLanes.all()) {
      const rows = this.sql.take.all(priority, cursor, max - leases.length);
      if (rows.length === 0)
        continue;
      for (const [ord, where] of rows) {
        const location = Math.floor(where / 2);
        const batch = Math.floor(location / SLOTS);
        const slot = location % SLOTS;
        let message;
        if (where % 2 === 0) {
          const decoded = this.cache.get(batch, this.loadBatch);
          const body = bodyAt(decoded, slot);
          message = new StoredMessage(body, priority, body[3], decoded.acceptedAt, 1, void 0, decoded.acceptedAt);
        } else {
          const [enqueuedAt, attempts, lastError, recipients] = this.sql.changes.get(priority, ord);
          message = this.message(batch, slot, priority, enqueuedAt, attempts + 1, lastError, recipients);
        }
        leases.push(new StoredLease(message, ord));
      }
      const firstOrd = rows[0][0];
      const lastOrd = rows[rows.length - 1][0];
      this.sql.moveCursor.run(lastOrd, priority);
      this.sql.addRange.run(priority, firstOrd, lastOrd, expiresAt);
      if (leases.length >= max)
        break;
    }
    if (leases.length > 0)
      this.adjust({ ready: -leases.length, leased: leases.length });
    return leases;
  }
  ackInTransaction(leases, from, to) {
    let deleted = 0;
    for (const [batch, rows] of deleteAcked(this.sql, leases, from, to)) {
      this.release(batch, rows);
      deleted += rows;
    }
    if (deleted > 0)
      this.adjust({ leased: -deleted });
    return deleted;
  }
  nackInTransaction(lease, retryAt) {
    const message = lease.message;
    const { changes } = this.sql.nack.run(retryAt, message.attempts, message.lastError ?? null, encodeRecipients(message), message.priority, lease.token, message.seq);
    if (changes === 0)
      return false;
    this.adjust({ leased: -1, delayed: 1 });
    return true;
  }
  deadLetterInTransaction(lease, error, now) {
    const message = lease.message;
    const batch = this.sql.takeDead.get(message.priority, lease.token, message.seq);
    if (batch === void 0)
      return false;
    this.release(batch, 1);
    if (this.sql.isDead.get(message.seq) === 1) {
      this.adjust({ leased: -1 });
      return true;
    }
    const limit = this.deadLetterLimit;
    if (limit === Number.POSITIVE_INFINITY || (this.sql.keptDead.get(limit) ?? 0) < limit) {
      this.sql.addDead.run(message.seq, message.priority, error, message.attempts, message.lastError ?? null, encodeRecipients(message), message.enqueuedAt, now, encodeBody(message));
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
  maintain(now) {
    const due = [];
    let expired = 0;
    for (const [id, priority, firstOrd, lastOrd, expiresAt] of this.sql.expiredRanges.all(now)) {
      for (const ord2 of this.sql.rangeOrds.all(priority, firstOrd, lastOrd)) {
        due.push([priority, ord2, expiresAt, 1]);
        expired++;
      }
      this.sql.dropRange.run(id);
    }
    const retries = this.sql.dueRetries.all(now);
    if (due.length + retries.length === 0)
      return;
    for (const row of retries)
      due.push(row);
    due.sort((a, b) => a[2] - b[2] || a[1] - b[1]);
    let ord = this.meta()[0];
    for (const [priority, old, dueAt, expiredHandOuts] of due) {
      this.sql.promote.run(ord++, dueAt, expiredHandOuts, priority, old);
    }
    this.adjust({
      ord: due.length,
      ready: due.length,
      leased: -expired,
      delayed: -retries.length
    });
  }
  /** Drops the oldest lease ranges whose messages have all been settled. */
  sweepRanges() {
    for (const [id, priority, firstOrd, lastOrd] of this.sql.oldestRanges.all()) {
      if (this.sql.rangeHeld.get(priority, firstOrd, lastOrd) === 0)
        this.sql.dropRange.run(id);
    }
  }
  release(batch, count) {
    const live = this.sql.releaseBatch.get(count, batch);
    if (live !== void 0 && live <= 0) {
      this.sql.dropBatch.run(batch);
      this.cache.forget(batch);
    }
  }
  loadBatch = (id) => {
    const row = this.sql.batch.get(id);
    if (row === void 0)
      throw new Error(`message batch ${id} is missing from the queue file`);
    return { acceptedAt: row[0], bodies: decodeBodies(row[1]) };
  };
  message(batch, slot, priority, enqueuedAt, attempts, lastError, recipients) {
    const decoded = this.cache.get(batch, this.loadBatch);
    const body = bodyAt(decoded, slot);
    return new StoredMessage(body, priority, decodeRecipients(recipients, body[3]), enqueuedAt ?? decoded.acceptedAt, attempts, lastError ?? void 0, decoded.acceptedAt);
  }
};
function bodyAt(batch, slot) {
  const body = batch.bodies[slot];
  if (body === void 0)
    throw new Error(`a message is missing from its batch (slot ${slot})`);
  return body;
}

export {
  decodeBody,
  decodeRecipients,
  StoredMessage,
  deadLetterOf,
  MAX_ROWS_PER_TRANSACTION,
  QueueStore
};
