import {
  Breather
} from "./chunk-D4KOJIO3.js";
import {
  TimeLedger,
  callMs,
  outstanding,
  preciseNow,
  preciseSleep,
  preciseSleepTo,
  preciseTimer
} from "./chunk-DXVUV3UL.js";
import {
  hashString,
  keyedUniform
} from "./chunk-DRKPRUOT.js";
import {
  LatencyHistogram
} from "./chunk-FGMWFILK.js";
import {
  loadCoreModule
} from "./chunk-URGUNIOF.js";
import {
  MESSAGE_TYPES
} from "./chunk-HO7RTZVS.js";
import {
  createSampler
} from "./chunk-7RRR65MG.js";
import {
  nowMs
} from "./chunk-QCUIJKYM.js";
import {
  RuntimeError,
  firstLine
} from "./chunk-4OEG5RSY.js";

// dist/metrics/group-counter.js
var GroupCounter = class {
  generated = 0;
  delivered = 0;
  deadLettered = 0;
  /** Made but dropped for want of room in the backlog (open load): never queued. */
  dropped = 0;
  deliveries = 0;
  failed = 0;
  /** Deliveries received, when the slice is an agent. */
  received = 0;
  latency;
  /**
   * `digits`: histogram precision; per-agent slices use fewer to stay small with many agents.
   * `latency`: a histogram to share instead of a new one (a slice that is the whole traffic).
   */
  constructor(digits, latency) {
    this.latency = latency ?? new LatencyHistogram(digits);
  }
  /** Messages of this slice queued and not yet settled. */
  get unsettled() {
    return this.generated - this.delivered - this.deadLettered - this.dropped;
  }
  /** Stats of the slice; `pending` is what the audit found still queued for it. */
  stats(pending) {
    return {
      generated: this.generated,
      delivered: this.delivered,
      deadLettered: this.deadLettered,
      pending,
      dropped: this.dropped,
      deliveries: this.deliveries,
      failed: this.failed,
      successRate: this.generated === 0 ? 0 : this.delivered / this.generated,
      latency: this.latency.summary()
    };
  }
  /** Stats of the slice as an agent. */
  agentStats(pending) {
    return { ...this.stats(pending), received: this.received };
  }
};

// dist/metrics/seq-set.js
var FULL = 4294967295;
var SeqSet = class {
  words = new Uint32Array(1024);
  /** Words dropped from the front, every one of them full: all `seq < base * 32` are members. */
  base = 0;
  count = 0;
  /** Add `seq`; false when it was already present. */
  add(seq) {
    let word = (seq >>> 5) - this.base;
    if (word < 0)
      return false;
    if (word >= this.words.length)
      word = this.makeRoom(word);
    const bit = 1 << (seq & 31);
    const value = this.words[word];
    if (value & bit)
      return false;
    this.words[word] = value | bit;
    this.count++;
    return true;
  }
  /** Whether `seq` is present. */
  has(seq) {
    const word = (seq >>> 5) - this.base;
    if (word < 0)
      return true;
    return word < this.words.length && (this.words[word] & 1 << (seq & 31)) !== 0;
  }
  /** Members. */
  get size() {
    return this.count;
  }
  /**
   * Room for window index `word`, which lies past the end; returns its index afterwards. Drops
   * the full words at the front when they are at least half the array (so each copy buys as
   * many free words as it moves, and stays cheap over the run), and doubles the array when
   * that is not enough.
   */
  makeRoom(word) {
    const words = this.words;
    let full = 0;
    while (full < words.length && words[full] === FULL)
      full++;
    if (full * 2 >= words.length) {
      words.copyWithin(0, full);
      words.fill(0, words.length - full);
      this.base += full;
      word -= full;
    }
    if (word < words.length)
      return word;
    let length = words.length;
    while (length <= word)
      length *= 2;
    const next = new Uint32Array(length);
    next.set(words);
    this.words = next;
    return word;
  }
};

// dist/metrics/recorder.js
var DEAD_LETTER_SAMPLE = 20;
var MAX_REASONS = 100;
var MANY_AGENTS = 1e3;
var OTHER_REASONS = "(other reasons)";
var Recorder = class {
  /** From `scheduledAt` to the final delivery, per delivered message. */
  endToEnd = new LatencyHistogram(3);
  /** From enqueue (or requeue) to lease, per lease. */
  queueWait = new LatencyHistogram(3);
  /** From the deliver call to its outcome, per attempt. */
  delivery = new LatencyHistogram(3);
  /**
   * From when the queue first accepted a message to its final delivery, per delivered message
   * whose driver keeps that time: the latency the queue sees, blind to time spent waiting to
   * get in.
   */
  endToEndUncorrected = new LatencyHistogram(3);
  /** From a message's intended time to the queue accepting it, per message sent (open load). */
  sendLag = new LatencyHistogram(3);
  /** How late the producer made each message, against its intended time (open load). */
  scheduleLag = new LatencyHistogram(3);
  /** What `endToEnd` held at the last {@link markInterval}. */
  intervalStart = new LatencyHistogram(3);
  /**
   * What {@link endToEndSinceMark} hands out, refilled on each call rather than made afresh
   * every second (and every progress tick): each is a ~190 kB array of counts.
   */
  sinceMark = new LatencyHistogram(3);
  generatedCount = 0;
  sentCount = 0;
  droppedCount = 0;
  firstIntended;
  lastIntended;
  lastAccepted;
  heldWhenArrivalsEnded;
  deliveredCount = 0;
  deadLetteredCount = 0;
  deliveriesCount = 0;
  failedCount = 0;
  timedOutCount = 0;
  retriedCount = 0;
  duplicateCount = 0;
  lastSettled;
  settled = new SeqSet();
  /** The settled messages that were dead-lettered, so a stale copy can follow them. */
  dead = new SeqSet();
  restoredCount = 0;
  types = /* @__PURE__ */ new Map();
  agents;
  agentIndex = /* @__PURE__ */ new Map();
  names;
  /** The per-type counters by position in MESSAGE_TYPES, for the hinted fast path. */
  typesByIndex;
  deadLetterReasons = /* @__PURE__ */ new Map();
  deadLetterSample = [];
  /**
   * Added to a message's scheduled time to put it on this process's clock: 0 unless the
   * message was made on another machine (a worker of a distributed run).
   */
  scheduleCorrectionMs;
  /** `agents`: every agent name in order; `types`: the types this run sends. */
  constructor(agents, types, options = {}) {
    this.scheduleCorrectionMs = options.scheduleCorrectionMs ?? 0;
    const digits = agents.length > MANY_AGENTS ? 1 : 2;
    this.agents = agents.map(() => new GroupCounter(digits));
    agents.forEach((name, i) => {
      this.agentIndex.set(name, i);
    });
    for (const type of types) {
      this.types.set(type, new GroupCounter(3, types.length === 1 ? this.endToEnd : void 0));
    }
    this.names = agents;
    this.typesByIndex = MESSAGE_TYPES.map((type) => this.types.get(type));
  }
  /** A message was made. */
  generated(message) {
    this.generatedCount++;
    this.typeOf(message).generated++;
    this.senderOf(message).generated++;
  }
  /** The open producer made, at `madeAt`, a message intended for `intendedAt`. */
  made(intendedAt, madeAt) {
    this.scheduleLag.record(madeAt - intendedAt);
    this.firstIntended ??= intendedAt;
    this.lastIntended = intendedAt;
  }
  /** The queue accepted `messages` at `acceptedAt` (open load): their send lag. */
  sent(messages, acceptedAt) {
    this.sentCount += messages.length;
    this.lastAccepted = acceptedAt;
    for (const message of messages)
      this.sendLag.record(acceptedAt - message.scheduledAt);
  }
  /** The open producer's schedule ended at `at` with `held` messages not yet settled. */
  arrivalsEnded(at, held) {
    this.heldWhenArrivalsEnded = { at, held };
  }
  /**
   * How fast the backlog grew while messages arrived, messages per second: what was held when
   * arrivals ended over the span from the first intended time; undefined when unknown.
   */
  backlogGrowth() {
    const first = this.firstIntended;
    const end = this.heldWhenArrivalsEnded;
    if (first === void 0 || end === void 0 || end.at <= first)
      return void 0;
    return end.held * 1e3 / (end.at - first);
  }
  /**
   * The open load's rates, messages per second: `offered`, arrivals over the span of their
   * intended times; `sent`, what the queue accepted over the span from the first intended time
   * to the last acceptance (equal to `offered` while the pipeline keeps up, lower once it
   * cannot take them as they come). Zero with fewer than two arrivals.
   */
  openRates() {
    const first = this.firstIntended;
    const perSecond = (count, until) => first === void 0 || until === void 0 || until <= first || count < 2 ? 0 : (count - 1) * 1e3 / (until - first);
    return {
      offered: perSecond(this.generatedCount, this.lastIntended),
      sent: perSecond(this.sentCount, this.lastAccepted)
    };
  }
  /** A message made (and counted as generated) was dropped: the backlog had no room. */
  dropped(message) {
    this.droppedCount++;
    this.typeOf(message).dropped++;
    this.senderOf(message).dropped++;
  }
  /** A message was handed out by the queue at `now`. */
  leased(message, now) {
    this.queueWait.record(now - message.enqueuedAt);
  }
  /** One delivery attempt to one recipient ended. */
  attempt(message, recipient, ok, timedOut, ms) {
    this.delivery.record(ms);
    const type = this.typeOf(message);
    const sender = this.senderOf(message);
    if (ok) {
      this.deliveriesCount++;
      type.deliveries++;
      sender.deliveries++;
      this.agentOf(recipient).received++;
    } else {
      this.failedCount++;
      if (timedOut)
        this.timedOutCount++;
      type.failed++;
      sender.failed++;
    }
  }
  /**
   * True, counting a duplicate, when the queue hands out a message that already reached its
   * final outcome: its lease expired before the outcome was acknowledged.
   */
  alreadySettled(message) {
    if (!this.settled.has(message.seq))
      return false;
    this.duplicateCount++;
    return true;
  }
  /**
   * Another process already settled message `seq` (a distributed run), which this process has
   * just settled again: one duplicate. It counts as settled here from now on, so a later copy
   * is only acknowledged.
   */
  settledElsewhere(seq, outcome) {
    this.duplicateCount++;
    this.settled.add(seq);
    if (outcome === "dead_lettered")
      this.dead.add(seq);
  }
  /** A message went back to the queue for another attempt. */
  retried() {
    this.retriedCount++;
  }
  /**
   * Every recipient has the message. Returns false, and counts a duplicate instead, when this
   * message had already reached its final outcome (it was delivered twice).
   */
  delivered(message, now) {
    if (!this.settled.add(message.seq)) {
      this.duplicateCount++;
      return false;
    }
    const latency = now - message.scheduledAt - this.scheduleCorrectionMs;
    this.settledAt(now);
    this.deliveredCount++;
    this.endToEnd.record(latency);
    if (message.acceptedAt !== void 0)
      this.endToEndUncorrected.record(now - message.acceptedAt);
    const type = this.typeOf(message);
    type.delivered++;
    if (type.latency !== this.endToEnd)
      type.latency.record(latency);
    const sender = this.senderOf(message);
    sender.delivered++;
    sender.latency.record(latency);
    return true;
  }
  /** A message exhausted its attempts at `now`; false (a duplicate) if it had already settled. */
  deadLettered(message, error, now) {
    if (!this.settled.add(message.seq)) {
      this.duplicateCount++;
      return false;
    }
    this.settledAt(now);
    this.dead.add(message.seq);
    this.deadLetteredCount++;
    this.typeOf(message).deadLettered++;
    this.senderOf(message).deadLettered++;
    this.countReason(error);
    if (this.deadLetterSample.length < DEAD_LETTER_SAMPLE) {
      this.deadLetterSample.push({
        id: message.id,
        type: message.type,
        sender: message.sender,
        recipients: [...message.recipients],
        attempts: message.attempts,
        error
      });
    }
    return true;
  }
  /**
   * Count an outcome reached by an earlier, interrupted part of this run (from a durable
   * queue's run state). Its latency was not kept, so no histogram changes.
   */
  restore(record) {
    if (!this.settled.add(record.seq))
      return;
    this.restoredCount++;
    const type = this.types.get(record.type);
    const sender = this.agentIndex.get(record.sender);
    if (!type || sender === void 0) {
      throw new Error(`saved outcome of m${record.seq} names a type or agent not in this run`);
    }
    const agent = this.agents[sender];
    if (record.outcome === "delivered") {
      this.deliveredCount++;
      type.delivered++;
      agent.delivered++;
    } else {
      this.dead.add(record.seq);
      this.deadLetteredCount++;
      type.deadLettered++;
      agent.deadLettered++;
      this.countReason(record.error ?? "failed");
    }
  }
  /**
   * Add what another process's recorder counted (a worker of a distributed run): counters and
   * histograms, which merge exactly. Settled sequence numbers are not shipped, so the caller
   * reconciles distinct outcomes itself (the run store keeps them).
   */
  absorb(part) {
    this.deliveredCount += part.delivered;
    this.deadLetteredCount += part.deadLettered;
    this.deliveriesCount += part.deliveries;
    this.failedCount += part.failed;
    this.timedOutCount += part.timedOut;
    this.retriedCount += part.retried;
    this.duplicateCount += part.duplicates;
    if (part.lastSettledAt !== void 0)
      this.settledAt(part.lastSettledAt);
    this.endToEnd.addEncoded(part.endToEnd, part.extremes.endToEnd);
    this.queueWait.addEncoded(part.queueWait, part.extremes.queueWait);
    this.delivery.addEncoded(part.delivery, part.extremes.delivery);
    if (part.endToEndUncorrected !== void 0) {
      this.endToEndUncorrected.addEncoded(part.endToEndUncorrected, part.extremes.endToEndUncorrected);
    }
    for (const [type, slice] of Object.entries(part.types)) {
      const group = this.types.get(type);
      if (!group)
        throw new Error(`a worker reported type ${type}, which this run does not send`);
      addSlice(group, slice, group.latency !== this.endToEnd);
    }
    for (const [name, slice] of Object.entries(part.agents ?? {})) {
      addSlice(this.agentOf(name), slice, true);
      this.agentOf(name).received += slice.received;
    }
    for (const [reason, n] of Object.entries(part.deadLetters?.byReason ?? {})) {
      const reasons = this.deadLetterReasons;
      const key = reasons.has(reason) || reasons.size < MAX_REASONS ? reason : OTHER_REASONS;
      reasons.set(key, (reasons.get(key) ?? 0) + n);
    }
    for (const sample of part.deadLetters?.sample ?? []) {
      if (this.deadLetterSample.length < DEAD_LETTER_SAMPLE)
        this.deadLetterSample.push(sample);
    }
  }
  /**
   * Take the final outcomes counted by the run store of a distributed run, which counts each
   * message once however many workers settled it, also for a worker that died before it could
   * report. Replaces the delivered and dead-lettered counts of the totals, types and agents.
   */
  setOutcomes(outcomes) {
    this.deliveredCount = outcomes.delivered;
    this.deadLetteredCount = outcomes.deadLettered;
    for (const [type, group] of this.types) {
      group.delivered = outcomes.byType[type]?.delivered ?? 0;
      group.deadLettered = outcomes.byType[type]?.deadLettered ?? 0;
    }
    this.names.forEach((name, i) => {
      const agent = this.agents[i];
      agent.delivered = outcomes.bySender[name]?.delivered ?? 0;
      agent.deadLettered = outcomes.bySender[name]?.deadLettered ?? 0;
    });
  }
  /** The counters as they stand. */
  counts() {
    return {
      generated: this.generatedCount,
      sent: this.sentCount,
      dropped: this.droppedCount,
      delivered: this.deliveredCount,
      deadLettered: this.deadLetteredCount,
      deliveries: this.deliveriesCount,
      failed: this.failedCount
    };
  }
  /** Totals for the result; `pending` comes from the queue, not from these counters. */
  totals(pending) {
    return {
      generated: this.generatedCount,
      delivered: this.deliveredCount,
      failed: this.failedCount,
      timedOut: this.timedOutCount,
      retried: this.retriedCount,
      deadLettered: this.deadLetteredCount,
      pending,
      dropped: this.droppedCount,
      duplicates: this.duplicateCount,
      deliveries: this.deliveriesCount,
      attempts: this.deliveriesCount + this.failedCount
    };
  }
  /**
   * When the last message settled (epoch ms), or undefined before the first: its own last
   * delivery, or the latest a worker reported (see {@link absorb}).
   */
  get lastSettledAt() {
    return this.lastSettled;
  }
  /**
   * {@link lastSettledAt} on the clock of the process that scheduled the messages (a
   * distributed run's coordinator), where this recorder's clock is another machine's.
   */
  get lastSettledOnSchedulerClock() {
    return this.lastSettled === void 0 ? void 0 : this.lastSettled - this.scheduleCorrectionMs;
  }
  /** Whether message `seq` reached its final outcome as a dead letter. */
  isDeadLettered(seq) {
    return this.dead.has(seq);
  }
  /** Outcomes counted from an earlier, interrupted part of the run (see {@link restore}). */
  get restored() {
    return this.restoredCount;
  }
  /** Whether message `seq` has reached its final outcome. */
  isSettled(seq) {
    return this.settled.has(seq);
  }
  /** Distinct messages that reached a final outcome, counted from the sequence set. */
  get settledDistinct() {
    return this.settled.size;
  }
  /** Counters by message type. */
  byType() {
    return this.types;
  }
  /** Counters by agent name. */
  byAgent() {
    const result = /* @__PURE__ */ new Map();
    for (const [name, index] of this.agentIndex)
      result.set(name, this.agents[index]);
    return result;
  }
  /** Dead letters by reason, with a small sample. */
  deadLetters() {
    return {
      count: this.deadLetteredCount,
      byReason: Object.fromEntries(this.deadLetterReasons),
      sample: this.deadLetterSample
    };
  }
  /**
   * End-to-end latency since the last {@link markInterval}. Derived from the total by
   * subtraction, so delivering a message records one value fewer. The histogram belongs to the
   * recorder: read it before the next call, which refills it, and never destroy it.
   */
  endToEndSinceMark() {
    const interval = this.sinceMark;
    interval.reset();
    interval.add(this.endToEnd);
    interval.subtract(this.intervalStart);
    return interval;
  }
  /** Start a new interval for {@link endToEndSinceMark}. */
  markInterval() {
    this.intervalStart.reset();
    this.intervalStart.add(this.endToEnd);
  }
  /** Deliveries of one batch end in any order: the last settlement is the latest of them. */
  settledAt(at) {
    if (this.lastSettled === void 0 || at > this.lastSettled)
      this.lastSettled = at;
  }
  countReason(error) {
    const reasons = this.deadLetterReasons;
    const reason = reasons.has(error) || reasons.size < MAX_REASONS ? error : OTHER_REASONS;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  typeOf(message) {
    const hint = message.typeIndex;
    if (hint !== void 0 && MESSAGE_TYPES[hint] === message.type) {
      const group2 = this.typesByIndex[hint];
      if (group2)
        return group2;
    }
    const group = this.types.get(message.type);
    if (!group)
      throw new Error(`message ${message.id} has type ${message.type}, not in this run`);
    return group;
  }
  senderOf(message) {
    const hint = message.senderIndex;
    if (hint !== void 0 && this.names[hint] === message.sender) {
      return this.agents[hint];
    }
    return this.agentOf(message.sender);
  }
  agentOf(name) {
    const index = this.agentIndex.get(name);
    if (index === void 0)
      throw new Error(`unknown agent ${name}`);
    return this.agents[index];
  }
};
function addSlice(group, slice, withLatency) {
  group.delivered += slice.delivered;
  group.deadLettered += slice.deadLettered;
  group.deliveries += slice.deliveries;
  group.failed += slice.failed;
  if (withLatency && slice.latency !== void 0) {
    group.latency.addEncoded(slice.latency, slice.latencyExtremes);
  }
}

// dist/util/within.js
var TOO_LATE = /* @__PURE__ */ Symbol("too late");
async function settledWithin(work, ms) {
  let timer;
  const expiry = new Promise((resolve) => {
    timer = setTimeout(() => resolve(TOO_LATE), ms);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

// dist/delivery/delivery-core.js
var DELIVERED = Object.freeze({ status: "delivered" });
var TIMED_OUT = Object.freeze({ status: "timed_out" });
function failed(reason) {
  return { status: "failed", reason };
}

// dist/delivery/mock.js
var SIMULATED_FAILURE = failed("mock: simulated failure");
var BURST_FAILURE = failed("mock: failure burst");
var SUCCESS_SLOT = 0;
var DELAY_SLOT = 1;
var MockCore = class {
  options;
  name = "mock";
  calls = 0;
  recipientKeys = /* @__PURE__ */ new Map();
  sampleDelay;
  /** Key of the attempt being decided and the draw count, read by the delay sampler. */
  key = { seq: 0, recipient: 0, attempt: 0, slot: DELAY_SLOT };
  /** The delay when it is fixed, else unused. */
  fixedDelay;
  /** False when every attempt succeeds after a fixed delay. */
  needsDraws;
  constructor(options) {
    this.options = options;
    this.sampleDelay = createSampler(options.delay, () => this.nextDraw());
    this.fixedDelay = options.delay.kind === "fixed" ? options.delay.value : 0;
    this.needsDraws = options.delay.kind !== "fixed" || options.successRate < 1;
  }
  deliver(message, recipient) {
    const effect = this.options.chaos?.effectFor(this.calls++);
    let outcome = DELIVERED;
    let delay = this.fixedDelay;
    if (this.needsDraws) {
      const key = this.key;
      key.seq = message.seq;
      key.recipient = this.recipientKey(recipient);
      key.attempt = message.attempts;
      key.slot = DELAY_SLOT;
      const { seed, successRate } = this.options;
      if (keyedUniform(seed, key.seq, key.recipient, key.attempt, SUCCESS_SLOT) >= successRate) {
        outcome = SIMULATED_FAILURE;
      }
      delay = this.sampleDelay();
    }
    if (effect) {
      if (effect.forceFailure)
        outcome = BURST_FAILURE;
      delay *= effect.delayFactor;
    }
    return preciseSleepTo(delay, outcome) ?? outcome;
  }
  nextDraw() {
    const key = this.key;
    return keyedUniform(this.options.seed, key.seq, key.recipient, key.attempt, key.slot++);
  }
  recipientKey(recipient) {
    let key = this.recipientKeys.get(recipient);
    if (key === void 0) {
      key = hashString(recipient);
      this.recipientKeys.set(recipient, key);
    }
    return key;
  }
};

// dist/delivery/lifecycle.js
async function openCore(config, agents, chaos) {
  if (config.core === "mock") {
    return new MockCore({
      seed: config.seed,
      delay: config.delay,
      successRate: config.successRate,
      ...chaos ? { chaos } : {}
    });
  }
  return await loadCoreModule(config.core, { agents, seed: config.seed });
}
async function initCore(core, timeoutMs) {
  let answer;
  try {
    answer = await settledWithin(Promise.resolve(core.init?.()), timeoutMs);
  } catch (error) {
    throw new RuntimeError(`core ${coreName(core)}failed to initialise: ${firstLine(error)}`);
  }
  if (answer === TOO_LATE) {
    throw new RuntimeError(`core ${coreName(core)}did not finish initialising within ${timeoutMs / 1e3} s`);
  }
}
async function closeCore(core, timeoutMs) {
  try {
    const answer = await settledWithin(Promise.resolve(core.close?.()), timeoutMs);
    if (answer === TOO_LATE) {
      return `the core's close did not finish within ${timeoutMs / 1e3} s; the run's figures are complete without it`;
    }
  } catch (error) {
    return `the core's close failed: ${firstLine(error)}`;
  }
  return void 0;
}
function coreName(core) {
  return typeof core.name === "string" && core.name !== "" ? `${core.name} ` : "";
}

// dist/util/thenable.js
function isThenable(value) {
  return typeof value?.then === "function";
}

// dist/processor/outcome-reason.js
import { inspect } from "node:util";
function failureReason(outcome) {
  if (outcome?.status === "failed") {
    const reason = outcome.reason;
    if (typeof reason === "string")
      return reason || "failed";
    return `core returned a failure whose reason is not text: ${describe(reason)}`;
  }
  if (outcome?.status === "timed_out")
    return "timed out";
  return `core returned an invalid outcome: ${describe(outcome)}`;
}
var MAX_REASON_LENGTH = 500;
function capped(reason) {
  if (reason.length <= MAX_REASON_LENGTH)
    return reason;
  return `${reason.slice(0, MAX_REASON_LENGTH)}\u2026 (${reason.length} characters)`;
}
function thrownReason(error) {
  try {
    return firstLine(error);
  } catch {
    return `core threw ${describe(error)}`;
  }
}
function describe(value) {
  try {
    return inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY, getters: false });
  } catch {
    return "a value that cannot be shown";
  }
}

// dist/processor/promised-answer.js
function settledAnswer(answer, timeout, now) {
  const deadline = timeout === void 0 ? void 0 : now() + timeout;
  return new Promise((resolve) => {
    let done = false;
    let cancel;
    const finish = (value, threw) => {
      if (done)
        return;
      done = true;
      cancel?.();
      const at = now();
      if (deadline !== void 0 && at > deadline)
        resolve({ value: TIMED_OUT, threw: false, at });
      else
        resolve({ value, threw, at });
    };
    try {
      answer.then((value) => finish(value, false), (error) => finish(error, true));
    } catch (error) {
      finish(error, true);
      return;
    }
    if (timeout !== void 0 && !done) {
      cancel = preciseTimer(timeout, () => finish(TIMED_OUT, false));
    }
  });
}
var NATIVE_THEN = Promise.prototype.then;
function isNativePromise(value) {
  return value instanceof Promise && value.then === NATIVE_THEN;
}
var SettlementEar = class {
  now;
  value;
  threw = false;
  at = 0;
  constructor(now) {
    this.now = now;
  }
  onValue = (value) => {
    this.at = this.now();
    this.value = value;
    this.threw = false;
  };
  onError = (error) => {
    this.at = this.now();
    this.value = error;
    this.threw = true;
  };
  /**
   * Resolves once `answer` has settled; read the ear for what it came to and when. The promise
   * `then` makes is returned as it is: wrapping it in an async function would cost another
   * promise and a microtask hop per delivery.
   */
  hear(answer) {
    return answer.then(this.onValue, this.onError);
  }
};

// dist/processor/start-gate.js
var SETTLE_HOPS = 3;
var RESOLVED = Promise.resolve();
var StartGate = class {
  /** Microtask turns still to wait after the last promised start; 0 when none is pending. */
  hops = 0;
  breath;
  parked = [];
  park = (wake) => {
    this.parked.push(wake);
  };
  hop = () => {
    if (--this.hops > 0) {
      void RESOLVED.then(this.hop);
      return;
    }
    if (this.breath === void 0)
      this.wakeOne();
  };
  /** True while no call may start. */
  get shut() {
    return this.hops > 0 || this.breath !== void 0;
  }
  /**
   * Resolves when the caller's turn comes, after those already waiting; the gate may be shut
   * again by then (a worker not in line started first), so check {@link shut} and wait again.
   */
  wait() {
    return new Promise(this.park);
  }
  /** A call just returned a promise: shut for {@link SETTLE_HOPS} microtask turns. */
  startedPromise() {
    if (this.hops === 0)
      void RESOLVED.then(this.hop);
    this.hops = SETTLE_HOPS;
  }
  /** The loop breathes: shut until `breath` resolves. */
  breathe(breath) {
    if (breath === this.breath)
      return;
    this.breath = breath;
    void breath.then(() => {
      if (this.breath !== breath)
        return;
      this.breath = void 0;
      if (this.hops === 0)
        this.wakeOne();
    });
  }
  /** A worker has nothing left to deliver: the next in line gets to find that out too. */
  leave() {
    this.wakeOne();
  }
  wakeOne() {
    this.parked.shift()?.();
  }
};

// dist/processor/deliver-batch.js
var RoundResults = class {
  /** Slowest delivery of each message's round, ms. */
  slowestMs = new Float64Array(64);
  /** When each message's last delivery of the round ended (its own, not the batch's), epoch ms. */
  endedAt = new Float64Array(64);
  /** Recipients whose delivery failed, per message; undefined when all have it. */
  failedRecipients = [];
  /** Reason of the last failure in each message's round. */
  lastError = [];
  /** Clear the first `size` entries for a new batch. */
  reset(size) {
    if (this.slowestMs.length < size) {
      this.slowestMs = new Float64Array(size * 2);
      this.endedAt = new Float64Array(size * 2);
    }
    this.slowestMs.fill(0, 0, size);
    this.endedAt.fill(0, 0, size);
    this.failedRecipients.length = 0;
    this.lastError.length = 0;
  }
  /** Note that delivering message `index` to `recipient` failed with `reason`. */
  fail(index, recipient, reason) {
    const failed2 = this.failedRecipients[index];
    if (failed2)
      failed2.push(recipient);
    else
      this.failedRecipients[index] = [recipient];
    this.lastError[index] = reason;
  }
};
async function deliverRound(leases, core, recorder, options, results) {
  results.reset(leases.length);
  let leaseIndex = 0;
  let recipientIndex = 0;
  let remaining = 0;
  for (const lease of leases)
    remaining += lease.message.recipients.length;
  const { timeout, coreTime, breather } = options;
  const now = preciseNow;
  const toEpoch = options.now() - now();
  const slowest = results.slowestMs;
  const endedAt = results.endedAt;
  const workers = Math.max(1, Math.min(options.concurrency, remaining));
  const gate = new StartGate();
  const worker = async () => {
    let ear;
    for (; ; ) {
      while (gate.shut)
        await gate.wait();
      if (leaseIndex >= leases.length) {
        gate.leave();
        return;
      }
      const index = leaseIndex;
      const message = leases[index].message;
      const recipient = message.recipients[recipientIndex];
      if (++recipientIndex >= message.recipients.length) {
        recipientIndex = 0;
        leaseIndex++;
      }
      if (recipient === void 0)
        continue;
      const started = now();
      let value;
      let threw = false;
      let promised = false;
      let native = false;
      try {
        value = core.deliver(message, recipient);
      } catch (error) {
        value = error;
        threw = true;
      }
      let ended = now();
      if (!threw) {
        try {
          promised = isThenable(value);
          native = promised && isNativePromise(value);
        } catch (error) {
          value = error;
          threw = true;
        }
      }
      if (promised) {
        coreTime.began(started, ended);
        if (workers > 1)
          gate.startedPromise();
        let settled;
        if (native && timeout === void 0) {
          ear ??= new SettlementEar(now);
          await ear.hear(value);
          settled = ear;
        } else {
          settled = await settledAnswer(value, timeout, now);
        }
        coreTime.ended(settled.at);
        ({ value, threw } = settled);
        ended = settled.at;
      } else {
        coreTime.ranSync(started, ended);
      }
      let status;
      let reason;
      if (threw) {
        status = "failed";
        reason = thrownReason(value);
      } else {
        try {
          const outcome = value;
          status = outcome?.status;
          if (status !== "delivered")
            reason = failureReason(outcome);
        } catch (error) {
          status = "failed";
          reason = thrownReason(error);
        }
      }
      const ms = callMs(started, ended);
      if (ms > slowest[index])
        slowest[index] = ms;
      if (ended + toEpoch > endedAt[index])
        endedAt[index] = ended + toEpoch;
      const ok = status === "delivered";
      recorder.attempt(message, recipient, ok, status === "timed_out", ms);
      if (!ok)
        results.fail(index, recipient, capped(reason ?? "failed"));
      const breath = breather.due(ended + toEpoch);
      if (breath !== void 0)
        gate.breathe(breath);
    }
  };
  if (workers === 1) {
    await worker();
  } else {
    const running = [];
    for (let i = 0; i < workers && leaseIndex < leases.length; i++)
      running.push(worker());
    await Promise.all(running);
  }
}

// dist/processor/retry.js
function backoffDelay(policy, seq, attempts) {
  const exponential = Math.min(policy.maxDelay, policy.baseDelay * 2 ** (attempts - 1));
  const jitter = keyedUniform(policy.seed, seq, attempts, 518049);
  return exponential / 2 + exponential / 2 * jitter;
}
function mayRetry(policy, attempts) {
  return attempts < policy.maxAttempts;
}

// dist/processor/processor.js
var IDLE_WAIT_MS = 20;
var Processor = class {
  queue;
  core;
  recorder;
  options;
  log;
  constructor(queue, core, recorder, options, log) {
    this.queue = queue;
    this.core = core;
    this.recorder = recorder;
    this.options = options;
    this.log = log;
    this.breather = new Breather(options.now);
    this.ledger = new TimeLedger(options.now);
  }
  results = new RoundResults();
  ledger;
  breather;
  /** Where the wall time went so far (up to the end of processing, once it ended). */
  get times() {
    return this.ledger.times();
  }
  /** Process until the producer is done and the queue is empty, or a stop is requested. */
  async run(control) {
    this.ledger.start();
    try {
      await this.loop(control);
    } finally {
      this.ledger.end();
    }
  }
  async loop(control) {
    const { batchSize, interval, visibilityMs, now } = this.options;
    const breather = this.breather;
    for (; ; ) {
      const leases = await this.queue.lease(batchSize, { waitMs: IDLE_WAIT_MS, visibilityMs });
      const leasedAt = now();
      if (leases.length === 0) {
        if (!control.producerDone())
          continue;
        if (control.stopRequested())
          return;
        if (outstanding(await this.queue.depth()) === 0)
          return;
        continue;
      }
      await this.processBatch(leases, leasedAt);
      if (control.producerDone()) {
        if (control.stopRequested())
          return;
        if (outstanding(await this.queue.depth()) === 0)
          return;
      }
      const pausedAt = now();
      const pause = preciseSleep(interval);
      if (pause) {
        breather.rested(await this.ledger.paused(pausedAt, pause));
      } else {
        const breath = breather.due(pausedAt);
        if (breath)
          await breath;
      }
    }
  }
  async processBatch(handedOut, leasedAt) {
    const { now, concurrency, timeout } = this.options;
    let leases = handedOut;
    for (const lease of handedOut) {
      if (this.recorder.isSettled(lease.message.seq)) {
        leases = await this.dropSettled(handedOut);
        break;
      }
    }
    const maxAttempts = this.options.retry.maxAttempts;
    let exhausted = false;
    for (const lease of leases) {
      if (lease.message.attempts > maxAttempts)
        exhausted = true;
      this.recorder.leased(lease.message, leasedAt);
    }
    if (exhausted) {
      const spent = leases.filter((lease) => lease.message.attempts > maxAttempts);
      leases = leases.filter((lease) => lease.message.attempts <= maxAttempts);
      await this.deadLetterSpent(spent, leasedAt);
      if (leases.length === 0)
        return;
    }
    const results = this.results;
    const coreTime = this.ledger.core;
    const round = { concurrency, timeout, now, coreTime, breather: this.breather };
    await deliverRound(leases, this.core, this.recorder, round, results);
    this.ledger.batches++;
    const elsewhere = this.options.persist ? await this.options.persist(this.settledRecords(leases)) : void 0;
    const anyFailed = results.failedRecipients.length > 0;
    const wholeBatch = !anyFailed && (elsewhere === void 0 || elsewhere.size === 0);
    const acks = wholeBatch ? leases : [];
    for (let i = 0; i < leases.length; i++) {
      const lease = leases[i];
      if (elsewhere !== void 0 && await this.settledFirstElsewhere(lease, elsewhere, acks)) {
        continue;
      }
      const failed2 = results.failedRecipients[i];
      const slowestMs = results.slowestMs[i];
      const settledAt = results.endedAt[i];
      if (failed2 === void 0) {
        if (this.recorder.delivered(lease.message, settledAt)) {
          this.logOutcome(lease.message, "delivered", settledAt, leasedAt, slowestMs);
        }
        if (!wholeBatch)
          acks.push(lease);
      } else {
        const error = results.lastError[i] ?? "failed";
        await this.settleFailure(lease, failed2, error, settledAt, leasedAt, slowestMs);
      }
    }
    if (acks.length > 0)
      await this.queue.ack(acks);
    if (this.log?.needsDrain)
      await this.log.drain().catch(() => {
      });
  }
  /**
   * Dead-letter, without delivering, messages handed out more often than they may be attempted:
   * their earlier hand-outs expired before they settled. Recorded as durable outcomes first,
   * like every other final outcome.
   */
  async deadLetterSpent(spent, at) {
    const reasons = spent.map(({ message }) => {
      const handOuts = message.attempts - 1;
      const last = message.lastError === void 0 ? "" : `; last error: ${message.lastError}`;
      return `its ${handOuts} hand-out(s) all outlasted the visibility timeout${last}`;
    });
    const elsewhere = this.options.persist ? await this.options.persist(spent.map(({ message: { seq, type, sender } }, i) => ({
      seq,
      type,
      sender,
      outcome: "dead_lettered",
      error: reasons[i]
    }))) : void 0;
    const acks = [];
    for (let i = 0; i < spent.length; i++) {
      const lease = spent[i];
      if (elsewhere !== void 0 && await this.settledFirstElsewhere(lease, elsewhere, acks)) {
        continue;
      }
      const error = reasons[i];
      lease.message.lastError = error;
      await this.queue.deadLetter(lease, error);
      if (this.recorder.deadLettered(lease.message, error, at)) {
        this.logOutcome(lease.message, "dead_lettered", at, at, 0, error);
      }
    }
    if (acks.length > 0)
      await this.queue.ack(acks);
  }
  /**
   * True, after counting a duplicate and settling the copy in the queue, when another process
   * had already settled this lease's message (a distributed run's store said so).
   */
  async settledFirstElsewhere(lease, elsewhere, acks) {
    const outcome = elsewhere.get(lease.message.seq);
    if (outcome === void 0)
      return false;
    this.recorder.settledElsewhere(lease.message.seq, outcome);
    await this.settleCopy(lease, acks);
    return true;
  }
  /** The messages of this batch that reach their final outcome now. */
  settledRecords(leases) {
    const records = [];
    const { failedRecipients, lastError } = this.results;
    leases.forEach(({ message }, i) => {
      const { seq, type, sender } = message;
      if (failedRecipients[i] === void 0) {
        records.push({ seq, type, sender, outcome: "delivered" });
      } else if (!mayRetry(this.options.retry, message.attempts)) {
        records.push({
          seq,
          type,
          sender,
          outcome: "dead_lettered",
          error: lastError[i] ?? "failed"
        });
      }
    });
    return records;
  }
  /**
   * Acknowledge, without delivering again, messages that settled after their lease had expired
   * (the late ack was ignored as stale). Delivering them again would repeat forever whenever a
   * batch outlasts the visibility timeout.
   */
  async dropSettled(leases) {
    const settled = leases.filter((lease) => this.recorder.alreadySettled(lease.message));
    const acks = [];
    for (const lease of settled)
      await this.settleCopy(lease, acks);
    await this.queue.ack(acks);
    return leases.filter((lease) => !settled.includes(lease));
  }
  /**
   * Settle in the queue a copy of a message whose outcome was already counted: a dead letter
   * whose earlier lease expired was not taken by the queue, so it goes there now (the queue's
   * dead-letter list stays complete); anything else joins `acks`.
   */
  async settleCopy(lease, acks) {
    if (this.recorder.isDeadLettered(lease.message.seq)) {
      await this.queue.deadLetter(lease, lease.message.lastError ?? "failed");
    } else {
      acks.push(lease);
    }
  }
  async settleFailure(lease, failedRecipients, error, settledAt, leasedAt, slowestMs) {
    const message = lease.message;
    message.recipients = failedRecipients;
    message.lastError = error;
    const policy = this.options.retry;
    if (mayRetry(policy, message.attempts)) {
      this.recorder.retried();
      await this.queue.nack(lease, settledAt + backoffDelay(policy, message.seq, message.attempts));
      return;
    }
    await this.queue.deadLetter(lease, error);
    if (this.recorder.deadLettered(message, error, settledAt)) {
      this.logOutcome(message, "dead_lettered", settledAt, leasedAt, slowestMs, error);
    }
  }
  logOutcome(message, outcome, settledAt, leasedAt, slowestMs, error) {
    this.log?.write({
      id: message.id,
      seq: message.seq,
      type: message.type,
      sender: message.sender,
      recipients: message.addressedTo,
      attempts: message.attempts,
      outcome,
      endToEndMs: settledAt - message.scheduledAt,
      queueWaitMs: leasedAt - message.enqueuedAt,
      deliveryMs: slowestMs,
      ...error === void 0 ? {} : { error, failedRecipients: message.recipients }
    });
  }
};

// dist/processor/processor-options.js
function processorOptions(config) {
  return {
    batchSize: config.batchSize,
    concurrency: config.concurrency,
    interval: config.interval,
    timeout: config.timeout,
    visibilityMs: config.visibilityTimeout,
    retry: {
      maxAttempts: config.maxAttempts,
      baseDelay: config.retryBaseDelay,
      maxDelay: config.retryMaxDelay,
      seed: config.seed
    },
    now: nowMs
  };
}

// dist/metrics/sampler.js
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
var MB = 1024 * 1024;
var LAG_RESOLUTION_MS = 10;
var MIN_CPU_WINDOW_MS = 5;
function cpuPoint() {
  const usage = process.cpuUsage();
  return { wall: performance.now(), cpuUs: usage.user + usage.system };
}
function cpuPct(from, to) {
  const wallMs = to.wall - from.wall;
  return wallMs > 0 ? (to.cpuUs - from.cpuUs) / 10 / wallMs : 0;
}
var Sampler = class {
  intervalMs;
  readDepth;
  onSample;
  timer;
  monitor;
  state = "idle";
  stopping;
  /** The async depth read in flight, if any; a tick that finds one skips rather than overlap. */
  pendingRead;
  lastDepth = 0;
  startPoint;
  lastPoint;
  beforeLastPoint;
  last;
  startUpMs;
  rssAtStart;
  count = 0;
  rssPeak = 0;
  rssSum = 0;
  heapPeak = 0;
  heapSum = 0;
  cpuPeak = 0;
  depthPeak = 0;
  depthSum = 0;
  lagP99Ms = 0;
  lagMaxMs = 0;
  /** Creates an idle sampler; nothing is measured until {@link start}. */
  constructor(options) {
    const intervalMs = options.intervalMs ?? 100;
    if (!(intervalMs > 0))
      throw new RangeError(`Sampler intervalMs must be > 0, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.readDepth = options.readDepth;
    this.onSample = options.onSample;
  }
  /** Takes a first sample at once, then one every `intervalMs`; the timer never holds the process open. */
  start() {
    if (this.state !== "idle")
      throw new Error("Sampler can only be started once");
    this.state = "running";
    this.startUpMs = performance.now();
    this.monitor = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    this.monitor.enable();
    void this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }
  /**
   * Takes a final sample (after any depth read in flight), then stops the timer and the
   * event-loop monitor. Calling it again returns the same promise.
   */
  stop() {
    if (this.stopping === void 0)
      this.stopping = this.finish();
    return this.stopping;
  }
  /** The most recent sample, or undefined before {@link start}. */
  latest() {
    return this.last;
  }
  /** Aggregates so far; valid (all zeros) before the first sample, and with a single one. */
  summary() {
    const n = this.count;
    const lag = this.state === "running" ? this.readLag() : void 0;
    const cpuAvgPct = this.startPoint !== void 0 && this.lastPoint !== void 0 ? cpuPct(this.startPoint, this.lastPoint) : 0;
    return {
      ...this.startUpMs === void 0 ? {} : { startUpMs: this.startUpMs },
      ...this.rssAtStart === void 0 ? {} : { rssAtStartMB: this.rssAtStart },
      rssPeakMB: this.rssPeak,
      rssAvgMB: n > 0 ? this.rssSum / n : 0,
      heapPeakMB: this.heapPeak,
      heapAvgMB: n > 0 ? this.heapSum / n : 0,
      // The average is a weighted mean of the windows the peak was taken over, so only rounding
      // could put it above the peak; the max keeps the pair consistent for readers.
      cpuPeakPct: Math.max(this.cpuPeak, cpuAvgPct),
      cpuAvgPct,
      eventLoopLagP99Ms: lag?.p99 ?? this.lagP99Ms,
      eventLoopLagMaxMs: lag?.max ?? this.lagMaxMs,
      samples: n,
      depthPeak: this.depthPeak,
      depthAvg: n > 0 ? this.depthSum / n : 0
    };
  }
  async finish() {
    if (this.state !== "running") {
      this.state = "stopped";
      return;
    }
    this.state = "stopped";
    clearInterval(this.timer);
    this.timer = void 0;
    if (this.pendingRead !== void 0)
      await this.pendingRead;
    await this.sample(true);
    const lag = this.readLag();
    this.lagP99Ms = lag.p99;
    this.lagMaxMs = lag.max;
    this.monitor?.disable();
    this.monitor = void 0;
  }
  /** Reads the depth, then records a sample; resolves once recorded (at once when synchronous). */
  sample(final = false) {
    if (this.pendingRead !== void 0)
      return this.pendingRead;
    if (this.state !== "running" && !final)
      return void 0;
    let depth;
    try {
      depth = this.readDepth();
    } catch {
      depth = this.lastDepth;
    }
    if (!isThenable(depth)) {
      this.record(depth);
      return void 0;
    }
    const read = Promise.resolve(depth).then((value) => {
      this.pendingRead = void 0;
      this.record(value);
    }, () => {
      this.pendingRead = void 0;
      this.record(this.lastDepth);
    });
    this.pendingRead = read;
    return read;
  }
  record(rawDepth) {
    const depth = Number.isFinite(rawDepth) ? rawDepth : this.lastDepth;
    this.lastDepth = depth;
    const memory = process.memoryUsage();
    const point = cpuPoint();
    let cpu = 0;
    if (this.startPoint === void 0)
      this.startPoint = point;
    if (this.lastPoint !== void 0) {
      const base = point.wall - this.lastPoint.wall < MIN_CPU_WINDOW_MS && this.beforeLastPoint !== void 0 ? this.beforeLastPoint : this.lastPoint;
      cpu = cpuPct(base, point);
    }
    this.beforeLastPoint = this.lastPoint;
    this.lastPoint = point;
    const sample = {
      at: nowMs(),
      rssMB: memory.rss / MB,
      heapMB: memory.heapUsed / MB,
      cpuPct: cpu,
      depth
    };
    this.last = sample;
    this.rssAtStart ??= sample.rssMB;
    this.count++;
    this.rssSum += sample.rssMB;
    this.heapSum += sample.heapMB;
    this.depthSum += depth;
    if (sample.rssMB > this.rssPeak)
      this.rssPeak = sample.rssMB;
    if (sample.heapMB > this.heapPeak)
      this.heapPeak = sample.heapMB;
    if (cpu > this.cpuPeak)
      this.cpuPeak = cpu;
    if (depth > this.depthPeak)
      this.depthPeak = depth;
    this.onSample?.(sample);
  }
  readLag() {
    const monitor = this.monitor;
    if (monitor === void 0 || monitor.count === 0)
      return { p99: 0, max: 0 };
    return {
      p99: Math.max(0, monitor.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
      max: Math.max(0, monitor.max / 1e6 - LAG_RESOLUTION_MS)
    };
  }
};

export {
  Recorder,
  TOO_LATE,
  settledWithin,
  openCore,
  initCore,
  closeCore,
  Processor,
  processorOptions,
  Sampler
};
