import {
  CrossProcessWaiters
} from "./chunk-3BTMKE6O.js";
import {
  QueueClosedError,
  checkDeadLetterLimit,
  checkDriverLimits,
  leaseVisibilityError
} from "./chunk-ISEEBYCG.js";
import "./chunk-ANFZG24T.js";
import {
  MAX_ROWS_PER_TRANSACTION,
  QueueStore
} from "./chunk-FZDD7BRQ.js";
import "./chunk-HIGQFWUQ.js";
import {
  nowMs
} from "./chunk-QCUIJKYM.js";
import {
  duringUse,
  openQueueFile
} from "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-4OEG5RSY.js";

// dist/queue/sqlite/sqlite.js
var POLL_MS = 5;
var NO_WAITS = Promise.resolve(0);
var SETTLED = Promise.resolve();
var SqliteQueue = class _SqliteQueue {
  path;
  store;
  /** Always `sqlite`. */
  name = "sqlite";
  /** Most messages the file may hold at once. */
  capacity;
  /** Visibility timeout of a lease whose call names none, ms. */
  visibilityMs;
  /** How many dead letters keep their body. */
  deadLetterLimit;
  now;
  waiters = new CrossProcessWaiters(POLL_MS, {
    closed: () => this.closed,
    pump: () => this.pump(),
    serveConsumers: () => this.serveConsumers(),
    giveUp: (consumer) => this.giveUp(consumer)
  });
  continuation;
  closed = false;
  constructor(path, store, options) {
    this.path = path;
    this.store = store;
    this.capacity = options.capacity;
    this.visibilityMs = options.visibilityMs;
    this.deadLetterLimit = options.deadLetterLimit;
    this.now = options.now;
  }
  /**
   * Opens the queue file at `path`, creating it when missing. An existing file is checked
   * read-only first and never modified unless it is a sound queue of a schema this version
   * reads.
   *
   * @throws {ConfigError} when an option is out of range, or the file is not a regular file,
   * not an SQLite database, corrupt, another application's database, or from a newer schema.
   */
  static open(path, options = {}) {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const deadLetterLimit = checkDeadLetterLimit(options.deadLetterLimit ?? Number.POSITIVE_INFINITY);
    const db = openQueueFile(path, "create");
    return new _SqliteQueue(path, new QueueStore(db, deadLetterLimit), {
      capacity,
      visibilityMs,
      deadLetterLimit,
      now: options.now ?? nowMs
    });
  }
  /**
   * Stores what fits at once, up to {@link MAX_ROWS_PER_TRANSACTION} messages, before it
   * returns; the rest follows in later turns of the event loop, waiting behind any producer
   * already waiting whenever the queue is full. Resolves to the number of waits: 1 for the
   * first time the call found the queue full, plus 1 each time freed space took some but not
   * all of what was left. The caller may reuse `messages` once the call returns.
   */
  /**
   * Let the leases in the file lapse now rather than at their visibility timeout, so their
   * messages are handed out again at once, each expired hand-out counted in its attempts. Only
   * for a caller that owns the file (a resumed run holds its claim): then whoever leased them
   * is gone. Returns how many lease calls lapsed.
   */
  lapseOrphanedLeases() {
    return this.store.lapseLeases(this.now());
  }
  enqueue(messages) {
    if (this.closed)
      return this.rejectClosed();
    if (messages.length === 0)
      return NO_WAITS;
    const head = this.waiters.producers.peek();
    if (head !== void 0) {
      return this.park(messages, 0, head.blocked);
    }
    let stored;
    try {
      stored = this.store.insert(messages, 0, messages.length, this.capacity, this.now());
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    if (stored > 0 && this.waiters.consumerWaiting)
      this.serveConsumers();
    if (stored === messages.length)
      return NO_WAITS;
    const full = stored < Math.min(messages.length, MAX_ROWS_PER_TRANSACTION);
    return this.park(messages, stored, full);
  }
  /**
   * Hands out up to `max` messages (at most {@link MAX_ROWS_PER_TRANSACTION}), highest priority
   * first, FIFO within a priority. Expired leases and due retries become ready first. With
   * `waitMs` and nothing ready, waits for this instance's enqueue or nack, or for a poll to
   * find work, else resolves to `[]` after `waitMs`; waiting calls are served in arrival order.
   */
  lease(max, options) {
    if (this.closed)
      return this.rejectClosed();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== void 0)
      return Promise.reject(badVisibility);
    let leases;
    try {
      leases = this.store.lease(max, visibilityMs, this.now());
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    const waitMs = options?.waitMs ?? 0;
    if (leases.length > 0 || !(max >= 1) || !(waitMs > 0))
      return Promise.resolve(leases);
    return new Promise((resolve, reject) => {
      this.waiters.waitForLease({ max, visibilityMs, resolve, reject, timer: void 0 }, waitMs);
    });
  }
  /** Deletes the messages for good; stale tokens are ignored. Freed space goes to waiting producers. */
  ack(leases) {
    if (this.closed)
      return this.rejectClosed();
    if (leases.length > MAX_ROWS_PER_TRANSACTION)
      return this.ackInTurns(leases);
    try {
      if (this.store.ack(leases, 0, leases.length) > 0)
        this.pump();
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    return SETTLED;
  }
  /**
   * Delays the message until `retryAt`, storing the attempts, recipients and last error of
   * `lease.message`; a stale token is ignored. The message keeps its place in `capacity`.
   */
  nack(lease, retryAt) {
    if (this.closed)
      return this.rejectClosed();
    if (Number.isNaN(retryAt))
      return Promise.reject(new RangeError("retryAt must not be NaN"));
    try {
      if (this.store.nack(lease, retryAt) && this.waiters.consumerWaiting)
        this.serveConsumers();
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
    return SETTLED;
  }
  /**
   * Moves the message, as `lease.message` has it, to the file's dead letters with `error`; a
   * stale token is ignored. Only the first `deadLetterLimit` keep their body, but every one is
   * counted in `depth().deadLettered`.
   */
  deadLetter(lease, error) {
    if (this.closed)
      return this.rejectClosed();
    try {
      if (this.store.deadLetter(lease, error, this.now()))
        this.pump();
    } catch (failure) {
      return Promise.reject(duringUse(this.path, failure));
    }
    return SETTLED;
  }
  /** Up to `limit` of the kept dead letters, oldest first. */
  deadLetters(limit) {
    return this.read(() => this.store.deadLetters(limit));
  }
  /** Every message held in the file (ready, delayed, leased), in no particular order. */
  snapshot() {
    return this.read(() => this.store.snapshot());
  }
  /** Current contents by state, after expired leases and due retries have become ready. */
  depth() {
    return this.read(() => this.store.depth(this.now()));
  }
  /** Retry time of the earliest message still delayed (due ones are made ready first). */
  nextRetryAt() {
    return this.read(() => this.store.nextRetryAt(this.now()));
  }
  /** Closes the file; what it holds stays there for the next open. Idempotent. */
  close() {
    if (this.closed)
      return SETTLED;
    this.closed = true;
    if (this.continuation !== void 0)
      clearImmediate(this.continuation);
    this.continuation = void 0;
    this.waiters.close(this.name);
    this.store.close();
    return SETTLED;
  }
  park(messages, stored, full) {
    return new Promise((resolve, reject) => {
      this.waiters.producers.push({
        messages: messages.slice(stored),
        next: 0,
        waits: full ? 1 : 0,
        blocked: full,
        resolve,
        reject
      });
      if (full)
        this.waiters.armPoll();
      else
        this.continueSoon();
    });
  }
  /**
   * Stores waiting producers' messages, oldest producer first, one transaction's worth per
   * turn of the event loop; stops at a full queue (to be woken by a settle call or a poll).
   */
  pump() {
    const producers = this.waiters.producers;
    const producer = producers.peek();
    if (producer === void 0 || this.closed)
      return;
    const left = producer.messages.length - producer.next;
    let stored;
    try {
      stored = this.store.insert(producer.messages, producer.next, producer.messages.length, this.capacity, this.now());
    } catch (error) {
      producers.shift();
      producer.reject(duringUse(this.path, error));
      this.continueSoon();
      return;
    }
    producer.next += stored;
    if (stored > 0 && this.waiters.consumerWaiting)
      this.serveConsumers();
    if (stored === left) {
      producers.shift();
      producer.resolve(producer.waits);
      this.waiters.disarmPollWhenIdle();
      this.continueSoon();
    } else if (stored < Math.min(left, MAX_ROWS_PER_TRANSACTION)) {
      if (stored > 0 || !producer.blocked)
        producer.waits++;
      producer.blocked = true;
      this.waiters.armPoll();
    } else {
      producer.blocked = false;
      this.continueSoon();
    }
  }
  /** Runs {@link pump} again in the next turn of the event loop, if anyone waits. */
  continueSoon() {
    if (this.continuation !== void 0 || this.waiters.producers.size === 0 || this.closed) {
      return;
    }
    this.continuation = setImmediate(() => {
      this.continuation = void 0;
      this.pump();
    });
  }
  serveConsumers() {
    const consumers = this.waiters.consumers;
    while (consumers.length > 0) {
      const consumer = consumers[0];
      let leases;
      try {
        leases = this.store.lease(consumer.max, consumer.visibilityMs, this.now());
      } catch (error) {
        consumers.shift();
        clearTimeout(consumer.timer);
        consumer.reject(duringUse(this.path, error));
        continue;
      }
      if (leases.length === 0)
        return;
      consumers.shift();
      clearTimeout(consumer.timer);
      consumer.resolve(leases);
    }
    this.waiters.disarmPollWhenIdle();
  }
  /** A long poll's wait ran out: one last look, then `[]`. */
  giveUp(consumer) {
    consumer.timer = void 0;
    if (!this.waiters.drop(consumer))
      return;
    this.waiters.disarmPollWhenIdle();
    try {
      consumer.resolve(this.store.lease(consumer.max, consumer.visibilityMs, this.now()));
    } catch (error) {
      consumer.reject(duringUse(this.path, error));
    }
  }
  async ackInTurns(leases) {
    for (let from = 0; from < leases.length; from += MAX_ROWS_PER_TRANSACTION) {
      if (from > 0)
        await new Promise((resolve) => setImmediate(resolve));
      if (this.closed)
        throw new QueueClosedError(this.name);
      const to = Math.min(leases.length, from + MAX_ROWS_PER_TRANSACTION);
      let acked;
      try {
        acked = this.store.ack(leases, from, to);
      } catch (error) {
        throw duringUse(this.path, error);
      }
      if (acked > 0)
        this.pump();
    }
  }
  read(work) {
    if (this.closed)
      return this.rejectClosed();
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(duringUse(this.path, error));
    }
  }
  rejectClosed() {
    return Promise.reject(new QueueClosedError(this.name));
  }
};
export {
  SqliteQueue
};
