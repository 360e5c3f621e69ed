import {
  Processor,
  Recorder,
  Sampler,
  TOO_LATE,
  closeCore,
  initCore,
  openCore,
  processorOptions,
  settledWithin
} from "./chunk-ASUJGDFV.js";
import {
  buildResult
} from "./chunk-OBRC6HIO.js";
import "./chunk-NSOH5ZOS.js";
import "./chunk-PNLX2EAO.js";
import "./chunk-D4KOJIO3.js";
import {
  describeEnvironment
} from "./chunk-FY5IDOOG.js";
import {
  expectLoopIo,
  outstanding,
  preciseTimer
} from "./chunk-DXVUV3UL.js";
import {
  createRandom,
  keyedUniform
} from "./chunk-DRKPRUOT.js";
import {
  agentNames
} from "./chunk-CPDNQIBT.js";
import "./chunk-FGMWFILK.js";
import "./chunk-URGUNIOF.js";
import "./chunk-ZX2PIGHC.js";
import {
  makeDirectories
} from "./chunk-SP4OURFW.js";
import "./chunk-PJUSC7PT.js";
import "./chunk-J7LXEMII.js";
import {
  DEFAULT_ARRIVALS,
  DEFAULT_MAX_BACKLOG
} from "./chunk-EFPR5QAB.js";
import {
  parseQueueSpec
} from "./chunk-ORGCXR74.js";
import {
  MAX_SIZE_BYTES
} from "./chunk-5J5BT47B.js";
import {
  MESSAGE_TYPES,
  PRIORITY_BY_TYPE,
  typesSent
} from "./chunk-HO7RTZVS.js";
import {
  createSampler
} from "./chunk-7RRR65MG.js";
import "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import {
  DurableRunState
} from "./chunk-ORQZRYVU.js";
import {
  Deque,
  QueueClosedError,
  checkDeadLetterLimit,
  checkDriverLimits,
  leaseVisibilityError
} from "./chunk-ISEEBYCG.js";
import {
  MAX_TIMER_MS
} from "./chunk-ANFZG24T.js";
import {
  inspectQueue
} from "./chunk-RYU5MIY6.js";
import "./chunk-FZDD7BRQ.js";
import "./chunk-HIGQFWUQ.js";
import {
  nowMs
} from "./chunk-QCUIJKYM.js";
import "./chunk-P3LC74PZ.js";
import "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import {
  ConfigError,
  RuntimeError,
  firstLine
} from "./chunk-4OEG5RSY.js";

// dist/workload/payload.js
var MAX_PAYLOAD_BYTES = MAX_SIZE_BYTES;
var PayloadSource = class {
  base = "";
  lastLength = -1;
  lastPayload = "";
  /** A payload of `bytes` ASCII characters (clamped to {@link MAX_PAYLOAD_BYTES}). */
  take(bytes) {
    const length = Math.min(Math.max(0, Math.round(bytes)), MAX_PAYLOAD_BYTES);
    if (length === this.lastLength)
      return this.lastPayload;
    if (length > this.base.length)
      this.grow(length);
    this.lastLength = length;
    this.lastPayload = length === this.base.length ? this.base : this.base.slice(0, length);
    return this.lastPayload;
  }
  grow(length) {
    const target = Math.min(MAX_PAYLOAD_BYTES, Math.max(length, this.base.length * 2, 1024));
    const pattern = "swarm-stress-payload-";
    this.base = pattern.repeat(Math.ceil(target / pattern.length)).slice(0, target);
  }
};

// dist/workload/generator.js
var GENERATOR_STREAM = 1;
var MessageGenerator = class {
  /** Messages this generator will produce in all. */
  total;
  produced = 0;
  names;
  /**
   * For each sender, every other agent, shared by all of its broadcasts. Built on a sender's
   * first broadcast: built eagerly it would take agents² memory even for runs without any.
   */
  othersOf;
  /** For each agent, the one-element recipient list naming it, shared by every message to it. */
  only;
  typeTable;
  cumulativeWeights;
  random;
  payloadSize;
  payloads = new PayloadSource();
  constructor(options) {
    this.total = options.total ?? options.agents * (options.messagesPerAgent ?? Number.POSITIVE_INFINITY);
    this.names = agentNames(options.agents);
    this.othersOf = new Array(options.agents);
    this.only = this.names.map((name) => Object.freeze([name]));
    const entries = Object.entries(options.types).filter(([, weight]) => (weight ?? 0) > 0);
    this.typeTable = entries.map(([type]) => type);
    this.cumulativeWeights = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      sum += weight;
      this.cumulativeWeights[i] = sum;
    });
    for (let i = 0; i < entries.length; i++) {
      this.cumulativeWeights[i] = this.cumulativeWeights[i] / sum;
    }
    this.random = createRandom(options.seed, GENERATOR_STREAM);
    this.payloadSize = createSampler(options.payloadSize, this.random);
  }
  /** Messages produced so far. */
  get generated() {
    return this.produced;
  }
  /** True once every message has been produced. */
  get done() {
    return this.produced >= this.total;
  }
  /** The next message, stamped as scheduled at `scheduledAt` (epoch ms), or undefined when done. */
  next(scheduledAt) {
    if (this.produced >= this.total)
      return void 0;
    const seq = this.produced++;
    const agents = this.names.length;
    const senderIndex = seq % agents;
    const type = this.pickType();
    let recipients;
    if (type === "broadcast") {
      recipients = this.othersOf[senderIndex] ?? this.buildOthers(senderIndex);
    } else {
      let pick = Math.floor(this.random() * (agents - 1));
      if (pick >= senderIndex)
        pick++;
      recipients = this.only[pick];
    }
    return new GeneratedMessage(seq, type, senderIndex, this.names[senderIndex], recipients, this.payloads.take(this.payloadSize()), scheduledAt);
  }
  buildOthers(senderIndex) {
    const others = Object.freeze(this.names.filter((_, i) => i !== senderIndex));
    this.othersOf[senderIndex] = others;
    return others;
  }
  pickType() {
    const table = this.typeTable;
    if (table.length === 1)
      return table[0];
    const u = this.random();
    const weights = this.cumulativeWeights;
    for (let i = 0; i < table.length - 1; i++) {
      if (u < weights[i])
        return table[i];
    }
    return table[table.length - 1];
  }
};
var GeneratedMessage = class {
  seq;
  type;
  senderIndex;
  sender;
  recipients;
  payload;
  scheduledAt;
  priority;
  typeIndex;
  addressedTo;
  enqueuedAt;
  acceptedAt = void 0;
  attempts = 0;
  lastError = void 0;
  constructor(seq, type, senderIndex, sender, recipients, payload, scheduledAt) {
    this.seq = seq;
    this.type = type;
    this.senderIndex = senderIndex;
    this.sender = sender;
    this.recipients = recipients;
    this.payload = payload;
    this.scheduledAt = scheduledAt;
    this.priority = PRIORITY_BY_TYPE[type];
    this.typeIndex = MESSAGE_TYPES.indexOf(type);
    this.addressedTo = recipients;
    this.enqueuedAt = scheduledAt;
  }
  get id() {
    return `m${this.seq}`;
  }
};

// dist/workload/arrival-schedule.js
var ARRIVALS_STREAM = 3;
var ArrivalSchedule = class {
  profile;
  count = 0;
  random;
  constructor(profile, process, seed) {
    this.profile = profile;
    this.random = process === "poisson" ? createRandom(seed, ARRIVALS_STREAM) : void 0;
    if (this.random)
      this.count = exponential(this.random);
  }
  /** The next arrival's intended time, ms from the start; undefined once the profile ended. */
  next() {
    const at = this.profile.timeOfCount(this.count);
    if (at === void 0)
      return void 0;
    this.count += this.random ? exponential(this.random) : 1;
    return at;
  }
};
function plannedArrivals(profile, process, seed, cap) {
  if (process === "uniform")
    return Math.min(cap, Math.ceil(profile.totalCount));
  if (!Number.isFinite(profile.totalCount))
    return cap;
  const schedule = new ArrivalSchedule(profile, process, seed);
  let n = 0;
  while (n < cap && schedule.next() !== void 0)
    n++;
  return n;
}
function exponential(random) {
  return -Math.log(1 - random());
}

// dist/workload/rate-profile.js
var RateProfile = class _RateProfile {
  segments;
  /** When the profile ends, ms from its start; Infinity for a rate with no end. */
  endMs;
  /** Expected arrivals over the whole profile; Infinity for a rate with no end. */
  totalCount;
  constructor(segments) {
    this.segments = segments;
    const last = segments[segments.length - 1];
    this.endMs = last.endMs;
    this.totalCount = last.countBefore + last.count;
  }
  /** `perSecond` from the start for `durationMs` (for ever when undefined). */
  static constant(perSecond, durationMs) {
    const endMs = durationMs ?? Number.POSITIVE_INFINITY;
    return new _RateProfile([
      {
        startMs: 0,
        endMs,
        fromRate: perSecond,
        toRate: perSecond,
        countBefore: 0,
        count: perSecond * endMs / 1e3
      }
    ]);
  }
  /** From `startRate`, each stage linear to its target over its duration. */
  static staged(startRate, stages) {
    const segments = [];
    let at = 0;
    let rate = startRate;
    let before = 0;
    for (const stage of stages) {
      const count = (rate + stage.targetRate) / 2 * stage.durationMs / 1e3;
      segments.push({
        startMs: at,
        endMs: at + stage.durationMs,
        fromRate: rate,
        toRate: stage.targetRate,
        countBefore: before,
        count
      });
      at += stage.durationMs;
      rate = stage.targetRate;
      before += count;
    }
    return new _RateProfile(segments);
  }
  /** The rate at `ms` from the start, messages per second; 0 after the end. */
  rateAt(ms) {
    const segment = this.segments.find((s) => ms < s.endMs);
    if (!segment || ms < 0)
      return 0;
    const share = segment.endMs === segment.startMs ? 0 : (ms - segment.startMs) / span(segment);
    return segment.fromRate + (segment.toRate - segment.fromRate) * share;
  }
  /** Expected arrivals in [0, ms). */
  countAt(ms) {
    if (ms <= 0)
      return 0;
    for (const segment of this.segments) {
      if (ms < segment.endMs) {
        const x = (ms - segment.startMs) / 1e3;
        return segment.countBefore + segment.fromRate * x + slope(segment) * x * x;
      }
    }
    return this.totalCount;
  }
  /**
   * When the expected arrivals reach `count`, ms from the start: the inverse of
   * {@link countAt}. Undefined when the profile ends first.
   */
  timeOfCount(count) {
    if (!(count < this.totalCount))
      return void 0;
    for (const segment of this.segments) {
      if (count >= segment.countBefore + segment.count)
        continue;
      const d = Math.max(0, count - segment.countBefore);
      const a = segment.fromRate;
      const b = slope(segment);
      const root = Math.sqrt(Math.max(0, a * a + 4 * b * d));
      const x = d === 0 ? 0 : 2 * d / (a + root);
      return Math.min(segment.startMs + x * 1e3, segment.endMs);
    }
    return void 0;
  }
};
function span(segment) {
  return segment.endMs - segment.startMs;
}
function slope(segment) {
  if (!Number.isFinite(segment.endMs))
    return 0;
  return (segment.toRate - segment.fromRate) / (2 * (span(segment) / 1e3));
}

// dist/workload/load-plan.js
var MOST_ARRIVALS_COUNTED = 5e6;
function loadPlan(config) {
  const count = config.messagesPerAgent === void 0 ? Number.POSITIVE_INFINITY : config.agents * config.messagesPerAgent;
  if (config.load === "closed") {
    return { most: count, expected: count, profile: void 0, schedule: () => void 0 };
  }
  const profile = config.stages ? RateProfile.staged(config.rate ?? 0, config.stages) : RateProfile.constant(config.rate ?? 0, config.duration);
  const arrivals = config.arrivals ?? DEFAULT_ARRIVALS;
  const expected = Math.min(count, profile.totalCount);
  const countable = arrivals === "uniform" || expected <= MOST_ARRIVALS_COUNTED;
  const most = countable ? plannedArrivals(profile, arrivals, config.seed, count) : count;
  return {
    most,
    expected: Number.isFinite(most) ? most : Math.round(expected),
    profile,
    schedule: () => new ArrivalSchedule(profile, arrivals, config.seed)
  };
}

// dist/workload/open-producer.js
async function produceOnSchedule(generator, queue, options) {
  const ledger = options.ledger ?? {
    saturationEvents: 0,
    inFlight: [],
    waiting: 0,
    waitingPeak: 0
  };
  const backlog = new Backlog();
  let making = true;
  let wakeSender;
  const wake = () => {
    const resume = wakeSender;
    wakeSender = void 0;
    resume?.();
  };
  const { now } = options;
  const startAt = options.startAt ?? now();
  let sendFailed = false;
  let scheduleEnded = false;
  const make = async () => {
    const { schedule, signal, maxBacklog } = options;
    try {
      let due = schedule.next();
      while (due !== void 0 && !generator.done && !signal?.aborted && !sendFailed) {
        const pause = pauseUnlessAborted(startAt + due - now(), signal);
        if (pause)
          await pause;
        if (signal?.aborted)
          break;
        const at = now();
        while (due !== void 0 && startAt + due <= at && !generator.done) {
          const intended = startAt + due;
          const message = generator.next(intended);
          options.onGenerated(message);
          options.onMade(intended, at);
          if (backlog.size >= maxBacklog)
            options.onDropped(message);
          else
            backlog.push(message);
          if (backlog.size > ledger.waitingPeak)
            ledger.waitingPeak = backlog.size;
          due = schedule.next();
        }
        ledger.waiting = backlog.size;
        wake();
      }
      scheduleEnded = due === void 0 || generator.done;
    } finally {
      making = false;
      wake();
    }
    await tellArrivalsEnded();
  };
  const tellArrivalsEnded = async () => {
    if (!options.onArrivalsEnded || sendFailed)
      return;
    const at = now();
    const unsent = backlog.size + ledger.inFlight.length;
    try {
      options.onArrivalsEnded(at, outstanding(await queue.depth()) + unsent);
    } catch {
    }
  };
  const send = async () => {
    const { signal } = options;
    for (; ; ) {
      if (signal?.aborted)
        return;
      if (backlog.size === 0) {
        if (!making)
          return;
        await new Promise((resolve2) => {
          wakeSender = resolve2;
        });
        continue;
      }
      const chunk = backlog.take(options.chunkSize);
      ledger.waiting = backlog.size;
      ledger.inFlight = chunk;
      ledger.saturationEvents += await queue.enqueue(chunk);
      options.onSent(chunk, now());
      ledger.inFlight = [];
      const last = chunk[chunk.length - 1];
      if (last && options.onEnqueued)
        options.onEnqueued(last.seq + 1);
    }
  };
  const sending = send().catch((error) => {
    sendFailed = true;
    throw error;
  });
  const makingDone = make();
  try {
    await Promise.all([makingDone, sending]);
  } finally {
    making = false;
    wake();
  }
  return {
    saturationEvents: ledger.saturationEvents,
    unsent: backlog.size,
    finished: scheduleEnded && backlog.size === 0
  };
}
function pauseUnlessAborted(ms, signal) {
  if (!(ms > 0))
    return void 0;
  return new Promise((resolve2) => {
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve2();
    };
    const cancel = preciseTimer(ms, done);
    const onAbort = () => {
      cancel();
      done();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
var Backlog = class {
  items = [];
  head = 0;
  get size() {
    return this.items.length - this.head;
  }
  push(message) {
    this.items.push(message);
  }
  /** Up to `count` of the oldest, removed. */
  take(count) {
    const end = Math.min(this.items.length, this.head + count);
    const taken = this.items.slice(this.head, end);
    this.head = end;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
};

// dist/workload/producer.js
async function produce(generator, queue, options) {
  const ledger = options.ledger ?? {
    saturationEvents: 0,
    inFlight: [],
    waiting: 0,
    waitingPeak: 0
  };
  const { now, onGenerated, signal } = options;
  if (options.generation === "upfront") {
    const all = [];
    const at = now();
    for (let message = generator.next(at); message; message = generator.next(at)) {
      onGenerated(message);
      all.push(message);
    }
    let sent = 0;
    ledger.waiting = all.length;
    while (sent < all.length && !signal?.aborted) {
      const chunk = all.slice(sent, sent + options.chunkSize);
      ledger.waiting -= chunk.length;
      ledger.inFlight = chunk;
      ledger.saturationEvents += await queue.enqueue(chunk);
      handedOver(chunk, options, ledger);
      sent += chunk.length;
    }
    const unsent = all.length - sent;
    return { saturationEvents: ledger.saturationEvents, unsent, finished: unsent === 0 };
  }
  while (!generator.done && !signal?.aborted) {
    const chunk = [];
    const at = now();
    for (let i = 0; i < options.chunkSize; i++) {
      const message = generator.next(at);
      if (!message)
        break;
      onGenerated(message);
      chunk.push(message);
    }
    ledger.inFlight = chunk;
    ledger.saturationEvents += await queue.enqueue(chunk);
    handedOver(chunk, options, ledger);
  }
  return { saturationEvents: ledger.saturationEvents, unsent: 0, finished: generator.done };
}
function handedOver(chunk, options, ledger) {
  ledger.inFlight = [];
  const last = chunk[chunk.length - 1];
  if (last && options.onEnqueued)
    options.onEnqueued(last.seq + 1);
}

// dist/run/audit.js
function auditRun(input) {
  const problems = [];
  const unconfirmed = input.queued === void 0 ? Math.max(0, input.generated - input.delivered - input.deadLettered - input.dropped - input.unsent) : 0;
  if (unconfirmed > 0) {
    problems.push(`the queue could not be read: ${unconfirmed} message(s) neither delivered nor dead-lettered are counted as pending, unconfirmed`);
  }
  const pending = (input.queued ?? unconfirmed) + input.unsent;
  if (input.generatorCount !== input.generated) {
    problems.push(`the generator made ${input.generatorCount} message(s) but ${input.generated} were counted`);
  }
  if (input.queueDeadLettered !== input.deadLettered) {
    problems.push(`the queue holds ${input.queueDeadLettered} dead letter(s) but ${input.deadLettered} were counted`);
  }
  const lost = input.generated - input.delivered - input.deadLettered - pending - input.dropped;
  const counted = `generated ${input.generated}, delivered ${input.delivered}, dead-lettered ${input.deadLettered}, pending ${pending}${input.dropped > 0 ? `, dropped ${input.dropped}` : ""}`;
  if (lost > 0) {
    problems.push(`${lost} message(s) lost: ${counted}`);
  } else if (lost < 0) {
    problems.push(`${-lost} outcome(s) more than messages: ${counted}`);
  }
  const settled = input.delivered + input.deadLettered;
  if (input.settledDistinct !== void 0 && input.settledDistinct !== settled) {
    problems.push(`settled ${settled} message(s) but ${input.settledDistinct} distinct sequence numbers`);
  }
  for (const groups of input.partitions)
    checkPartition(input, pending, groups, problems);
  return {
    balanced: problems.length === 0,
    lost: Math.max(0, lost),
    duplicates: input.duplicates,
    pending,
    problems
  };
}
function auditRecorded(recorder, ending) {
  const { inventory } = ending;
  const counts = recorder.counts();
  return auditRun({
    generated: counts.generated,
    generatorCount: ending.generatorCount,
    delivered: counts.delivered,
    deadLettered: counts.deadLettered,
    dropped: counts.dropped,
    // An unreadable queue cannot contradict the count: nothing to compare it with.
    queueDeadLettered: inventory ? inventory.deadLettered + inventory.staleDeadCopies : counts.deadLettered,
    queued: inventory?.pending,
    unsent: ending.unsent,
    settledDistinct: ending.settledDistinct,
    duplicates: recorder.totals(0).duplicates + (inventory?.staleCopies ?? 0),
    partitions: [
      [...recorder.byType()].map(([type, g]) => ({ label: `type ${type}`, ...g })),
      [...recorder.byAgent()].map(([agent, g]) => ({ label: `agent ${agent}`, ...g }))
    ]
  });
}
function checkPartition(input, pending, groups, problems) {
  let generated = 0;
  let settled = 0;
  let dropped = 0;
  for (const group of groups) {
    const unsettled = group.generated - group.delivered - group.deadLettered - group.dropped;
    if (unsettled < 0) {
      problems.push(`${group.label}: ${-unsettled} more outcome(s) than messages generated`);
    } else if (unsettled > pending) {
      problems.push(`${group.label}: ${unsettled} unsettled message(s) but only ${pending} pending`);
    }
    generated += group.generated;
    settled += group.delivered + group.deadLettered;
    dropped += group.dropped;
  }
  const first = groups[0]?.label.split(" ")[0] ?? "slices";
  if (generated !== input.generated || settled !== input.delivered + input.deadLettered || dropped !== input.dropped) {
    problems.push(dropped === 0 && input.dropped === 0 ? `${first} slices add up to ${generated} generated / ${settled} settled, totals say ${input.generated} / ${input.delivered + input.deadLettered}` : `${first} slices add up to ${generated} generated / ${settled} settled / ${dropped} dropped, totals say ${input.generated} / ${input.delivered + input.deadLettered} / ${input.dropped}`);
  }
}

// dist/run/both-sides.js
async function bothSidesEnded(producing, consuming, run) {
  const { stop, faults, warnings } = run;
  consuming.then(() => {
    if (!run.producerDone())
      stop.abort();
  }, () => {
  });
  producing.catch(() => {
  });
  consuming.catch(() => {
  });
  try {
    const [report] = await Promise.all([producing, consuming]);
    return report;
  } catch (error) {
    warnings.push(`stopped by a fault: ${faults.stoppedBy(error).reason}`);
    stop.abort();
    await settledWithin(Promise.allSettled([producing, consuming]), run.windDownMs);
    return void 0;
  }
}

// dist/queue/inventory.js
async function takeInventory(queue, outcomes) {
  const depth = await queue.depth();
  if (outstanding(depth) === 0) {
    return {
      pending: 0,
      staleCopies: 0,
      staleDeadCopies: 0,
      deadLettered: depth.deadLettered,
      held: /* @__PURE__ */ new Set()
    };
  }
  const seen = /* @__PURE__ */ new Set();
  let staleCopies = 0;
  const deadCopies = /* @__PURE__ */ new Set();
  const messages = await queue.snapshot();
  const held = new Set(messages.map((m) => m.seq));
  const recorder = typeof outcomes === "function" ? await outcomes([...held]) : outcomes;
  for (const message of messages) {
    if (recorder.isSettled(message.seq) || seen.has(message.seq)) {
      staleCopies++;
      if (recorder.isDeadLettered(message.seq))
        deadCopies.add(message.seq);
    } else {
      seen.add(message.seq);
    }
  }
  return {
    pending: seen.size,
    staleCopies,
    staleDeadCopies: deadCopies.size,
    deadLettered: depth.deadLettered,
    held
  };
}

// dist/run/fault.js
var FaultRecord = class {
  current;
  /** The fault, once there is one. */
  get fault() {
    return this.current;
  }
  /** The run stopped on `error`: it becomes the fault. */
  stoppedBy(error) {
    if (!(error instanceof RuntimeError))
      throw error;
    this.current = { reason: firstLine(error), unknown: [] };
    return this.current;
  }
  /**
   * `what` could not be established because of `error`. After a fault, whatever the queue or
   * the run store throws is part of it; without one, only an environment fault at the very end
   * becomes one (the figures stand, and what it hid is said to be unknown).
   */
  couldNotLearn(error, what) {
    if (this.current === void 0 && !(error instanceof RuntimeError))
      throw error;
    const reason = firstLine(error);
    const { unknown } = this.current ?? { unknown: [] };
    this.current = {
      reason: this.current?.reason ?? reason,
      unknown: [...unknown, `${what} (${reason})`]
    };
  }
};
function handedOverBeforeFault(ledger, inventory, settled) {
  let unsent = ledger.waiting;
  if (inventory !== void 0) {
    for (const { seq } of ledger.inFlight) {
      if (!inventory.held.has(seq) && !settled.isSettled(seq))
        unsent++;
    }
  }
  return { saturationEvents: ledger.saturationEvents, unsent, finished: false };
}
async function inventoryWithin(queue, settled, withinMs, faults) {
  try {
    const taken = await settledWithin(takeInventory(queue, settled), withinMs);
    if (taken === TOO_LATE)
      throw new RuntimeError("the queue did not answer in time");
    return taken;
  } catch (error) {
    faults.couldNotLearn(error, "what the queue still holds: it could not be read");
    return void 0;
  }
}

// dist/delivery/chaos.js
var CHAOS_WINDOW = 50;
var ODDS = {
  failureBurst: 0.05,
  latencySpike: 0.08,
  memoryPressure: 0.06
};
var SPIKE_FACTOR = 20;
var BALLAST_BYTES = 32 * 1024 * 1024;
var CHAOS_QUEUE_BATCHES = 2;
var CALM = Object.freeze({ forceFailure: false, delayFactor: 1 });
var Chaos = class {
  seed;
  counts = {
    failureBurst: 0,
    latencySpike: 0,
    queueSaturation: 0,
    memoryPressure: 0
  };
  window = -1;
  effect = CALM;
  ballast;
  constructor(seed) {
    this.seed = seed;
  }
  /** The effect on delivery number `ordinal` (0-based, in call order). */
  effectFor(ordinal) {
    const window = Math.floor(ordinal / CHAOS_WINDOW);
    if (window !== this.window)
      this.enterWindow(window);
    return this.effect;
  }
  /** Count producer waits on the chaos-shrunk queue as saturation events. */
  recordQueueSaturation(events) {
    this.counts.queueSaturation += events;
  }
  /** Episodes so far by kind. */
  events() {
    return { ...this.counts };
  }
  /** Bytes of ballast held right now (0 outside a memory-pressure window). */
  get ballastBytes() {
    return this.ballast?.length ?? 0;
  }
  /** Drop any ballast still held. */
  release() {
    this.ballast = void 0;
  }
  enterWindow(window) {
    this.window = window;
    const burst = keyedUniform(this.seed, window, 1, 805381) < ODDS.failureBurst;
    const spike = keyedUniform(this.seed, window, 2, 805381) < ODDS.latencySpike;
    const pressure = keyedUniform(this.seed, window, 3, 805381) < ODDS.memoryPressure;
    if (burst)
      this.counts.failureBurst++;
    if (spike)
      this.counts.latencySpike++;
    if (pressure) {
      this.counts.memoryPressure++;
      this.ballast = Buffer.alloc(BALLAST_BYTES);
    } else {
      this.ballast = void 0;
    }
    this.effect = burst || spike ? { forceFailure: burst, delayFactor: spike ? SPIKE_FACTOR : 1 } : CALM;
  }
};

// dist/metrics/outcome-log.js
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
var CHUNK_CHARS = 64 * 1024;
var HIGH_WATER_MARK = 1024 * 1024;
function describeOpenError(path, error) {
  const code = error?.code;
  const reason = code === "EISDIR" ? "it is a directory" : code === "ENOTDIR" ? "a parent of it is not a directory" : code === "EACCES" || code === "EPERM" || code === "EROFS" ? "permission denied" : error instanceof Error ? error.message : String(error);
  return new Error(`Cannot record outcomes to ${path}: ${reason}`, { cause: error });
}
var OutcomeLog = class _OutcomeLog {
  path;
  stream;
  chunk = "";
  closing;
  failure;
  constructor(path, stream) {
    this.path = path;
    this.stream = stream;
    stream.on("error", (error) => {
      this.failure ??= new Error(`Recording outcomes to ${path} failed: ${error.message}`, {
        cause: error
      });
    });
  }
  /**
   * Opens `path` for writing, creating its parent directories and truncating an existing file.
   * Rejects, naming the path, when it is a directory or cannot be written.
   */
  static async open(path) {
    const absolute = resolve(path);
    try {
      await makeDirectories(dirname(absolute));
      const existing = await stat(absolute).catch(() => void 0);
      if (existing?.isDirectory()) {
        throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      }
      const stream = createWriteStream(absolute, {
        flags: "w",
        encoding: "utf8",
        highWaterMark: HIGH_WATER_MARK
      });
      await once(stream, "open");
      return new _OutcomeLog(absolute, stream);
    } catch (error) {
      throw describeOpenError(path, error);
    }
  }
  /** True while the stream holds more than its high-water mark: await {@link drain} before writing more. */
  get needsDrain() {
    return this.stream.writableNeedDrain;
  }
  /** Appends one record. Cheap: it only grows an in-memory chunk until the chunk is worth a write. */
  write(record) {
    if (this.closing !== void 0)
      throw new Error(`OutcomeLog ${this.path} is closed`);
    if (this.failure !== void 0)
      return;
    this.chunk += `${JSON.stringify({
      id: record.id,
      seq: record.seq,
      type: record.type,
      sender: record.sender,
      recipients: record.recipients,
      attempts: record.attempts,
      outcome: record.outcome,
      endToEndMs: record.endToEndMs,
      queueWaitMs: record.queueWaitMs,
      deliveryMs: record.deliveryMs,
      error: record.error,
      failedRecipients: record.failedRecipients
    })}
`;
    if (this.chunk.length >= CHUNK_CHARS)
      this.flush();
  }
  /** Resolves when the stream has written its buffer down (at once if it need not). */
  async drain() {
    if (this.failure !== void 0)
      throw this.failure;
    if (!this.stream.writableNeedDrain)
      return;
    await new Promise((resolveDrain, reject) => {
      const onDrain = () => {
        this.stream.off("close", onClose);
        resolveDrain();
      };
      const onClose = () => {
        this.stream.off("drain", onDrain);
        reject(this.failure ?? new Error(`OutcomeLog ${this.path} closed before draining`));
      };
      this.stream.once("drain", onDrain);
      this.stream.once("close", onClose);
    });
  }
  /** Flushes what is buffered, ends the stream and resolves once the file is complete and closed. */
  close() {
    this.closing ??= this.finish();
    return this.closing;
  }
  flush() {
    if (this.chunk.length === 0)
      return;
    this.stream.write(this.chunk);
    this.chunk = "";
  }
  async finish() {
    if (this.failure === void 0)
      this.flush();
    this.chunk = "";
    if (!this.stream.closed) {
      const closed = new Promise((resolveClose) => this.stream.once("close", resolveClose));
      this.stream.end();
      await closed;
    }
    if (this.failure !== void 0)
      throw this.failure;
  }
};

// dist/queue/memory/lease-table.js
var HeldLease = class {
  message;
  token;
  expiresAt;
  bucket;
  /** False once settled or expired: from then on the token is stale. */
  live = true;
  constructor(message, token, expiresAt, bucket) {
    this.message = message;
    this.token = token;
    this.expiresAt = expiresAt;
    this.bucket = bucket;
  }
};
var Bucket = class {
  visibilityMs;
  table;
  leases = new Deque();
  live = 0;
  constructor(visibilityMs, table) {
    this.visibilityMs = visibilityMs;
    this.table = table;
  }
  /** The live lease with `token`, found by binary search over the token-ordered deque. */
  find(token) {
    const leases = this.leases;
    let low = 0;
    let high = leases.size - 1;
    while (low <= high) {
      const middle = low + high >>> 1;
      const lease = leases.at(middle);
      if (lease.token === token)
        return lease.live ? lease : void 0;
      if (lease.token < token)
        low = middle + 1;
      else
        high = middle - 1;
    }
    return void 0;
  }
  /** Drop settled leases at the head, and rebuild when settled ones fill most of the deque. */
  tidy() {
    const leases = this.leases;
    while (leases.size > 0 && !leases.peek().live)
      leases.shift();
    if (leases.size > 64 && leases.size > 4 * this.live) {
      const kept = [];
      leases.forEach((lease) => {
        if (lease.live)
          kept.push(lease);
      });
      leases.clear();
      for (const lease of kept)
        leases.push(lease);
    }
  }
};
var LeaseTable = class {
  buckets = /* @__PURE__ */ new Map();
  // Callers almost always use one timeout, so the last bucket used answers nearly every call
  // without a lookup by timeout.
  recent;
  nextToken = 1;
  count = 0;
  /** No lease expires before this; lets the hot path skip the scan with one comparison. */
  horizon = Number.POSITIVE_INFINITY;
  /** Number of outstanding leases. */
  get size() {
    return this.count;
  }
  /** Records a new hand-out of `message` that lapses `visibilityMs` after `now`. */
  add(message, visibilityMs, now) {
    const bucket = this.recent !== void 0 && this.recent.visibilityMs === visibilityMs ? this.recent : this.use(visibilityMs);
    const expiresAt = now + visibilityMs;
    const lease = new HeldLease(message, this.nextToken++, expiresAt, bucket);
    bucket.leases.push(lease);
    bucket.live++;
    this.count++;
    if (expiresAt < this.horizon)
      this.horizon = expiresAt;
    return lease;
  }
  /** Settles the hand-out `lease` names; false when its token is unknown or stale. */
  remove(lease) {
    const held = lease instanceof HeldLease ? lease : this.find(lease.token);
    if (held === void 0 || !held.live || held.bucket.table !== this)
      return false;
    held.live = false;
    const bucket = held.bucket;
    bucket.live--;
    if (--this.count === 0)
      this.horizon = Number.POSITIVE_INFINITY;
    if (bucket.leases.peek() === held || bucket.leases.size > 4 * bucket.live + 64)
      bucket.tidy();
    return true;
  }
  /** A lower bound on the earliest expiry (`Infinity` when no lease is outstanding). */
  earliestExpiry() {
    return this.horizon;
  }
  /**
   * Removes every lease that has expired by `now` (expiry is inclusive: a lease is expired at
   * its `expiresAt`) and passes its message and expiry time to `requeue`. Returns how many
   * expired.
   */
  reap(now, requeue) {
    if (now < this.horizon)
      return 0;
    let expired = 0;
    let horizon = Number.POSITIVE_INFINITY;
    for (const [visibilityMs, bucket] of this.buckets) {
      const leases = bucket.leases;
      for (let head = leases.peek(); head !== void 0; head = leases.peek()) {
        if (head.live) {
          if (head.expiresAt > now) {
            horizon = Math.min(horizon, head.expiresAt);
            break;
          }
          head.live = false;
          bucket.live--;
          expired++;
          requeue(head.message, head.expiresAt);
        }
        leases.shift();
      }
      if (leases.size === 0 && bucket !== this.recent)
        this.buckets.delete(visibilityMs);
    }
    this.count -= expired;
    this.horizon = horizon;
    return expired;
  }
  /** Calls `visit` on the message of every outstanding lease. */
  forEachMessage(visit) {
    for (const bucket of this.buckets.values()) {
      bucket.leases.forEach((lease) => {
        if (lease.live)
          visit(lease.message);
      });
    }
  }
  /** Forgets every lease; their tokens become stale. */
  clear() {
    for (const bucket of this.buckets.values()) {
      bucket.leases.forEach((lease) => {
        lease.live = false;
      });
    }
    this.buckets.clear();
    this.recent = void 0;
    this.count = 0;
    this.horizon = Number.POSITIVE_INFINITY;
  }
  find(token) {
    for (const bucket of this.buckets.values()) {
      const lease = bucket.find(token);
      if (lease)
        return lease;
    }
    return void 0;
  }
  use(visibilityMs) {
    let bucket = this.buckets.get(visibilityMs);
    if (bucket === void 0) {
      bucket = new Bucket(visibilityMs, this);
      this.buckets.set(visibilityMs, bucket);
    }
    if (this.recent && this.recent.leases.size === 0 && this.recent !== bucket) {
      this.buckets.delete(this.recent.visibilityMs);
    }
    this.recent = bucket;
    return bucket;
  }
};

// dist/queue/memory/min-heap.js
var MinHeap = class {
  keys = [];
  ticks = [];
  values = [];
  inserted = 0;
  /** Number of values held. */
  get size() {
    return this.values.length;
  }
  /** Smallest key, or `undefined` when empty. */
  peekKey() {
    return this.keys[0];
  }
  /** Adds `value` under `key`. `key` must not be NaN: it would break the heap order. */
  push(key, value) {
    const tick = this.inserted++;
    let i = this.values.length;
    this.keys.push(key);
    this.ticks.push(tick);
    this.values.push(value);
    while (i > 0) {
      const parent = i - 1 >>> 1;
      if (!less(key, tick, this.keys[parent], this.ticks[parent]))
        break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, key, tick, value);
  }
  /** Removes and returns the value with the smallest key, or `undefined` when empty. */
  pop() {
    if (this.values.length === 0)
      return void 0;
    const top = this.values[0];
    const key = this.keys.pop();
    const tick = this.ticks.pop();
    const value = this.values.pop();
    const size = this.values.length;
    if (size > 0) {
      let i = 0;
      for (; ; ) {
        let child = 2 * i + 1;
        if (child >= size)
          break;
        const right = child + 1;
        if (right < size && this.slotLess(right, child))
          child = right;
        if (!less(this.keys[child], this.ticks[child], key, tick))
          break;
        this.move(child, i);
        i = child;
      }
      this.place(i, key, tick, value);
    }
    return top;
  }
  /** Calls `visit` on every value, in no particular order, without removing any. */
  forEach(visit) {
    for (const value of this.values)
      visit(value);
  }
  /** Drops every value. */
  clear() {
    this.keys.length = 0;
    this.ticks.length = 0;
    this.values.length = 0;
  }
  slotLess(a, b) {
    return less(this.keys[a], this.ticks[a], this.keys[b], this.ticks[b]);
  }
  move(from, to) {
    this.keys[to] = this.keys[from];
    this.ticks[to] = this.ticks[from];
    this.values[to] = this.values[from];
  }
  place(i, key, tick, value) {
    this.keys[i] = key;
    this.ticks[i] = tick;
    this.values[i] = value;
  }
};
function less(keyA, tickA, keyB, tickB) {
  return keyA < keyB || keyA === keyB && tickA < tickB;
}

// dist/queue/memory/priority-fifo.js
var MAX_LANES = 64;
var PriorityFifo = class {
  lanes = /* @__PURE__ */ new Map();
  /** Priorities with at least one item, highest first. */
  active = [];
  top;
  // Consecutive pushes usually share a priority; caching the lane skips the map lookup.
  lastPriority = Number.NaN;
  lastLane;
  count = 0;
  /** Number of items held. */
  get size() {
    return this.count;
  }
  /** Appends `item` behind the items of the same priority. */
  push(priority, item) {
    let lane = priority === this.lastPriority ? this.lastLane : void 0;
    if (lane === void 0) {
      lane = this.lanes.get(priority);
      if (lane === void 0) {
        lane = new Deque();
        this.lanes.set(priority, lane);
      }
      this.lastPriority = priority;
      this.lastLane = lane;
    }
    if (lane.size === 0)
      this.activate(priority, lane);
    lane.push(item);
    this.count++;
  }
  /** Removes and returns the oldest item of the highest priority, or `undefined` when empty. */
  shift() {
    const lane = this.top;
    if (lane === void 0)
      return void 0;
    const item = lane.shift();
    this.count--;
    if (lane.size === 0)
      this.retireTop();
    return item;
  }
  /** Calls `visit` on every item, in no particular order, without removing any. */
  forEach(visit) {
    for (const lane of this.lanes.values())
      lane.forEach(visit);
  }
  /** Drops every item. */
  clear() {
    this.lanes.clear();
    this.active.length = 0;
    this.top = void 0;
    this.lastPriority = Number.NaN;
    this.lastLane = void 0;
    this.count = 0;
  }
  activate(priority, lane) {
    const active = this.active;
    let i = 0;
    while (i < active.length && active[i] > priority)
      i++;
    active.splice(i, 0, priority);
    if (i === 0)
      this.top = lane;
  }
  retireTop() {
    const priority = this.active.shift();
    const next = this.active[0];
    this.top = next === void 0 ? void 0 : this.lanes.get(next);
    if (this.lanes.size > MAX_LANES) {
      this.lanes.delete(priority);
      if (this.lastPriority === priority) {
        this.lastPriority = Number.NaN;
        this.lastLane = void 0;
      }
    }
  }
};

// dist/queue/memory/memory.js
var NO_WAITS = Promise.resolve(0);
var SETTLED = Promise.resolve();
var MemoryQueue = class {
  /** Always `memory`. */
  name = "memory";
  /** Most messages held at once: ready + delayed + leased. */
  capacity;
  /** Visibility timeout of a lease whose call names none, ms. */
  visibilityMs;
  /** How many dead letters keep their body. */
  deadLetterLimit;
  now;
  ready = new PriorityFifo();
  delayed = new MinHeap();
  leases = new LeaseTable();
  dead = [];
  deadCount = 0;
  /** ready + delayed + leased, the number capacity limits. */
  held = 0;
  producers = new Deque();
  consumers = [];
  wakeTimer;
  wakeAt = Number.POSITIVE_INFINITY;
  closed = false;
  /**
   * Makes a message ready again, restamping `enqueuedAt` with the moment it became ready (its
   * retry time or its lease's expiry), so queue wait measures only time spent ready. Bound once
   * so that reaping expired leases allocates no closure per call.
   */
  requeue = (message, readyAt) => {
    message.enqueuedAt = readyAt;
    this.ready.push(message.priority, message);
  };
  /** Fires when a retry comes due or a lease expires while long polls wait. */
  wake = () => {
    this.wakeTimer = void 0;
    this.wakeAt = Number.POSITIVE_INFINITY;
    if (this.closed)
      return;
    const now = this.now();
    this.maintain(now);
    this.armWake(now);
  };
  /** @throws {ConfigError} when an option is out of range. */
  constructor(options = {}) {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const deadLetterLimit = checkDeadLetterLimit(options.deadLetterLimit ?? 1e4);
    this.capacity = capacity;
    this.visibilityMs = visibilityMs;
    this.deadLetterLimit = deadLetterLimit;
    this.now = options.now ?? nowMs;
  }
  /**
   * Accepts what fits at once, synchronously; a call that fits entirely resolves without a
   * timer or a new promise. The rest waits, behind any producer already waiting, until acks or
   * dead letters free space. Resolves to the number of waits: 1 for the first time the call
   * found the queue full, plus 1 each time freed space took some but not all of what was left.
   * The caller may reuse `messages` once the call returns.
   */
  enqueue(messages) {
    if (this.closed)
      return this.rejectClosed();
    if (this.producers.size > 0) {
      return messages.length === 0 ? NO_WAITS : this.park(messages, 0);
    }
    const accepted = Math.min(messages.length, this.capacity - this.held);
    if (accepted > 0)
      this.accept(messages, 0, accepted);
    return accepted === messages.length ? NO_WAITS : this.park(messages, accepted);
  }
  /**
   * Hands out up to `max` messages, highest priority first, FIFO within a priority. Expired
   * leases and due retries become ready first. With `waitMs` and nothing ready, waits for an
   * enqueue, a retry coming due or a lease expiring, else resolves to `[]` after `waitMs`;
   * waiting calls are served in the order they arrived.
   */
  lease(max, options) {
    if (this.closed)
      return this.rejectClosed();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== void 0)
      return Promise.reject(badVisibility);
    const now = this.now();
    this.maintain(now);
    const waitMs = options?.waitMs ?? 0;
    if (this.ready.size > 0 || !(max >= 1) || !(waitMs > 0)) {
      return Promise.resolve(this.take(max, visibilityMs, now));
    }
    return new Promise((resolve2) => {
      const consumer = { max, visibilityMs, resolve: resolve2, timer: void 0 };
      consumer.timer = setTimeout(() => this.giveUp(consumer), Math.min(waitMs, MAX_TIMER_MS));
      this.consumers.push(consumer);
      this.armWake(now);
    });
  }
  /** Removes the messages for good; stale tokens are ignored. Freed space goes to waiting producers. */
  ack(leases) {
    if (this.closed)
      return this.rejectClosed();
    let freed = 0;
    for (const lease of leases)
      if (this.leases.remove(lease))
        freed++;
    if (freed > 0)
      this.free(freed);
    return SETTLED;
  }
  /**
   * Delays `lease.message` (the object the lease carries, with the caller's updates) until
   * `retryAt`; a stale token is ignored. The message keeps its place in `capacity`, so this
   * never waits.
   */
  nack(lease, retryAt) {
    if (this.closed)
      return this.rejectClosed();
    if (Number.isNaN(retryAt))
      return Promise.reject(new RangeError("retryAt must not be NaN"));
    if (this.leases.remove(lease)) {
      this.delayed.push(retryAt, lease.message);
      if (this.consumers.length > 0) {
        const now = this.now();
        this.maintain(now);
        this.armWake(now);
      }
    }
    return SETTLED;
  }
  /**
   * Moves `lease.message` to the dead-letter list; a stale token is ignored. Only the first
   * `deadLetterLimit` keep their body, but every one is counted in `depth().deadLettered`.
   */
  deadLetter(lease, error) {
    if (this.closed)
      return this.rejectClosed();
    if (this.leases.remove(lease)) {
      this.deadCount++;
      if (this.dead.length < this.deadLetterLimit)
        this.dead.push({ message: lease.message, error });
      this.free(1);
    }
    return SETTLED;
  }
  /** Up to `limit` of the kept dead letters, oldest first. */
  deadLetters(limit) {
    if (this.closed)
      return this.rejectClosed();
    return Promise.resolve(this.dead.slice(0, Math.max(0, limit)));
  }
  /** Current contents by state, after expired leases and due retries have become ready. */
  depth() {
    if (this.closed)
      return this.rejectClosed();
    this.maintain(this.now());
    return Promise.resolve({
      ready: this.ready.size,
      delayed: this.delayed.size,
      leased: this.leases.size,
      deadLettered: this.deadCount
    });
  }
  /** Retry time of the earliest message still delayed (due ones are made ready first). */
  nextRetryAt() {
    if (this.closed)
      return this.rejectClosed();
    this.maintain(this.now());
    return Promise.resolve(this.delayed.peekKey());
  }
  /** Every message held (ready, delayed, leased), in no particular order. */
  snapshot() {
    if (this.closed)
      return this.rejectClosed();
    const messages = [];
    const add = (message) => {
      messages.push(message);
    };
    this.ready.forEach(add);
    this.delayed.forEach(add);
    this.leases.forEachMessage(add);
    return Promise.resolve(messages);
  }
  /** Drops every message and timer. Idempotent. */
  close() {
    if (this.closed)
      return SETTLED;
    this.closed = true;
    this.disarmWake();
    for (const consumer of this.consumers.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.resolve([]);
    }
    for (let p = this.producers.shift(); p !== void 0; p = this.producers.shift()) {
      p.reject(new QueueClosedError(this.name));
    }
    this.ready.clear();
    this.delayed.clear();
    this.leases.clear();
    this.dead.length = 0;
    this.held = 0;
    return SETTLED;
  }
  /** Stamps and stores `messages[from..to)`, which must fit, then feeds waiting long polls. */
  accept(messages, from, to) {
    const now = this.now();
    const ready = this.ready;
    for (let i = from; i < to; i++) {
      const message = messages[i];
      message.enqueuedAt = now;
      message.acceptedAt = now;
      ready.push(message.priority, message);
    }
    this.held += to - from;
    if (this.consumers.length > 0)
      this.serveConsumers(now);
  }
  park(messages, accepted) {
    return new Promise((resolve2, reject) => {
      this.producers.push({
        messages: messages.slice(accepted),
        next: 0,
        waits: 1,
        resolve: resolve2,
        reject
      });
    });
  }
  /** Gives `count` freed places to waiting producers, oldest first. */
  free(count) {
    this.held -= count;
    const producers = this.producers;
    while (producers.size > 0) {
      const space = this.capacity - this.held;
      if (space <= 0)
        return;
      const producer = producers.peek();
      const left = producer.messages.length - producer.next;
      const taken = Math.min(space, left);
      this.accept(producer.messages, producer.next, producer.next + taken);
      producer.next += taken;
      if (taken < left) {
        producer.waits++;
        return;
      }
      producers.shift();
      producer.resolve(producer.waits);
    }
  }
  take(max, visibilityMs, now) {
    const leases = [];
    const ready = this.ready;
    const table = this.leases;
    const count = Math.min(Math.floor(max), ready.size);
    for (let i = 0; i < count; i++) {
      const message = ready.shift();
      message.attempts++;
      leases.push(table.add(message, visibilityMs, now));
    }
    return leases;
  }
  /** Turns expired leases and due retries into ready messages, and serves waiting long polls. */
  maintain(now) {
    if (this.leases.size > 0)
      this.leases.reap(now, this.requeue);
    const delayed = this.delayed;
    for (let due = delayed.peekKey(); due !== void 0 && due <= now; due = delayed.peekKey()) {
      this.requeue(delayed.pop(), due);
    }
    if (this.consumers.length > 0 && this.ready.size > 0)
      this.serveConsumers(now);
  }
  serveConsumers(now) {
    const consumers = this.consumers;
    while (consumers.length > 0 && this.ready.size > 0) {
      const consumer = consumers.shift();
      clearTimeout(consumer.timer);
      consumer.resolve(this.take(consumer.max, consumer.visibilityMs, now));
    }
    this.armWake(now);
  }
  /** A long poll's wait ran out: one last look, then `[]`. */
  giveUp(consumer) {
    consumer.timer = void 0;
    if (this.consumers.includes(consumer))
      this.maintain(this.now());
    const index = this.consumers.indexOf(consumer);
    if (index < 0)
      return;
    this.consumers.splice(index, 1);
    consumer.resolve([]);
    if (this.consumers.length === 0)
      this.disarmWake();
  }
  /**
   * Keeps one timer set for the moment something becomes ready without an enqueue (a retry
   * coming due or a lease expiring), while long polls wait. It is unref'd: each waiting call's
   * own timer already keeps the process alive for as long as anyone waits.
   */
  armWake(now) {
    if (this.consumers.length === 0) {
      this.disarmWake();
      return;
    }
    const due = Math.min(this.delayed.peekKey() ?? Number.POSITIVE_INFINITY, this.leases.earliestExpiry());
    if (due === Number.POSITIVE_INFINITY) {
      this.disarmWake();
      return;
    }
    if (this.wakeTimer !== void 0 && this.wakeAt <= due)
      return;
    this.disarmWake();
    this.wakeAt = due;
    this.wakeTimer = setTimeout(this.wake, Math.min(MAX_TIMER_MS, Math.max(0, due - now)));
    this.wakeTimer.unref();
  }
  disarmWake() {
    if (this.wakeTimer === void 0)
      return;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = void 0;
    this.wakeAt = Number.POSITIVE_INFINITY;
  }
  rejectClosed() {
    return Promise.reject(new QueueClosedError(this.name));
  }
};

// dist/queue/open-queue.js
async function openQueue(spec) {
  const parsed = parseQueueSpec(spec.driver);
  switch (parsed.kind) {
    case "memory":
      return new MemoryQueue({
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        // The recorder keeps the dead letters' counts, reasons and a sample: in memory, bodies
        // would only hold memory. A durable queue keeps its dead letters in the file regardless.
        deadLetterLimit: 0
      });
    case "sqlite":
      return openSqlite(parsed.path, spec);
    case "redis": {
      const { RedisQueue } = await import("./redis-2M3UROQB.js");
      return RedisQueue.open({
        url: parsed,
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        resume: spec.resume === true
      });
    }
  }
}
async function openSqlite(path, spec) {
  const { SqliteQueue } = await import("./sqlite-RXEJMDRD.js");
  const queue = SqliteQueue.open(path, {
    capacity: spec.capacity,
    visibilityMs: spec.visibilityMs
  });
  if (spec.resume) {
    queue.lapseOrphanedLeases();
    return queue;
  }
  const depth = await queue.depth();
  const held = depth.ready + depth.delayed + depth.leased;
  if (held > 0 || depth.deadLettered > 0) {
    await queue.close();
    throw new ConfigError(held > 0 ? `queue file ${path} still holds ${held} message(s) from an earlier run: resume that run or use another file` : `queue file ${path} holds ${depth.deadLettered} dead letter(s) from an earlier run: inspect or requeue them, or use another file`);
  }
  return queue;
}

// dist/run/resume.js
function leasedWhenStopped(path) {
  return inspectQueue(path).depth.leased;
}
function resumeFrom(state, generator, recorder, notes) {
  const handedOver2 = state.handedOver();
  state.setGenerated(handedOver2);
  const at = nowMs();
  for (let i = 0; i < handedOver2; i++) {
    const message = generator.next(at);
    if (!message)
      break;
    recorder.generated(message);
  }
  let settled = 0;
  for (const record of state.outcomes()) {
    recorder.restore(record);
    settled++;
  }
  const lines = [
    `resumed an interrupted run: ${handedOver2} message(s) had been queued and ${settled} settled before; delivery attempts, latencies and throughput count only what happened after the resume, and the latency of messages queued before it includes the interruption`
  ];
  const requeued = state.takeRequeuedDeadLetters();
  if (requeued > 0) {
    lines.push(`${requeued} dead letter(s) were requeued (queue requeue-dead) since the earlier part: they go round again with their attempts reset, and count by their new outcome`);
  }
  if (notes.ignored.length > 0) {
    lines.push(`ignored on resume, the saved configuration applies: ${notes.ignored.join(", ")}`);
  }
  if (notes.record) {
    lines.push(`the record file ${notes.record} holds only what settled after the resume`);
  }
  if (notes.leasedWhenStopped > 0) {
    lines.push(`${notes.leasedWhenStopped} message(s) were being delivered when the earlier part stopped: they are delivered again, and their recipients may have them twice (at-least-once)`);
  }
  return lines;
}

// dist/run/durable-run.js
var DurableRun = class _DurableRun {
  path;
  claim;
  resuming;
  leasedAtResume;
  state;
  constructor(path, claim, resuming, leasedAtResume) {
    this.path = path;
    this.claim = claim;
    this.resuming = resuming;
    this.leasedAtResume = leasedAtResume;
  }
  /**
   * Take the file at `path` for this run: an existing one to resume, or a new or empty one.
   * Call it before anything looks at the file: a second run on it would wipe or resume this
   * run's state, and both would lose messages.
   */
  static async claim(path, resume) {
    const { QueueFileClaim } = await import("./owner-U5RML4EL.js");
    const claim = QueueFileClaim.take(path, "run", resume ? "existing" : "create");
    try {
      return new _DurableRun(path, claim, resume, resume ? leasedWhenStopped(path) : 0);
    } catch (error) {
      claim.release();
      throw error;
    }
  }
  /** Open the run state once the queue is open: begun afresh, or kept for the resume. */
  openState(config) {
    this.state = DurableRunState.open(this.path);
    if (!this.resuming)
      this.state.start(config);
  }
  /**
   * For a resumed run, bring the generator and the recorder to where the earlier part left
   * off; returns lines for the result's warnings. A fresh run has nothing to catch up on.
   */
  catchUp(generator, recorder, notes) {
    if (!this.resuming)
      return [];
    return resumeFrom(this.openedState(), generator, recorder, {
      ...notes,
      leasedWhenStopped: this.leasedAtResume
    });
  }
  /** Keeps a batch's final outcomes; the processor calls it before the queue is told. */
  keepOutcomes = (records) => {
    this.openedState().recordOutcomes(records);
    return void 0;
  };
  /** Keeps the producer's count once the queue has taken a chunk. */
  keepHandedOver = (nextSeq) => {
    this.openedState().setGenerated(nextSeq);
  };
  /** Close the run state; the file stays held until {@link release}. */
  closeState() {
    this.state?.close();
  }
  /** Let another run take the file. */
  release() {
    this.claim.release();
  }
  openedState() {
    if (this.state === void 0)
      throw new Error("the run state is used before it is open");
    return this.state;
  }
};

// dist/run/local-plan.js
var LocalPlan = class {
  config;
  recorder;
  options;
  chaos;
  durable;
  driver;
  core;
  log;
  releaseLoop;
  constructor(config, recorder, options) {
    this.config = config;
    this.recorder = recorder;
    this.options = options;
    this.chaos = config.chaos ? new Chaos(config.seed) : void 0;
  }
  async open() {
    const config = this.config;
    const resume = this.options.resume !== void 0;
    const spec = parseQueueSpec(config.queue);
    const inThread = (spec.kind === "memory" || spec.kind === "sqlite") && config.core === "mock" && this.options.deliveryCore === void 0;
    this.releaseLoop = expectLoopIo(!inThread);
    const path = spec.kind === "sqlite" ? spec.path : void 0;
    if (path !== void 0)
      this.durable = await DurableRun.claim(path, resume);
    this.driver = await openQueue({
      resume,
      driver: config.queue,
      capacity: this.chaos ? Math.min(config.queueCapacity, CHAOS_QUEUE_BATCHES * config.batchSize) : config.queueCapacity,
      visibilityMs: config.visibilityTimeout
    });
    this.durable?.openState(config);
    this.core = this.options.deliveryCore ?? await openCore(config, agentNames(config.agents), this.chaos);
    this.log = config.record ? await openLog(config.record) : void 0;
    await initCore(this.core, config.initTimeout);
  }
  get queue() {
    return opened(this.driver);
  }
  catchUp(generator) {
    const ignored = this.options.resume?.ignored ?? [];
    const notes = { ignored, record: this.config.record };
    return this.durable?.catchUp(generator, this.recorder, notes) ?? [];
  }
  consumer() {
    const persist = this.durable?.keepOutcomes;
    return new Processor(this.queue, opened(this.core), this.recorder, { ...processorOptions(this.config), ...persist ? { persist } : {} }, this.log);
  }
  get onEnqueued() {
    return this.durable?.keepHandedOver;
  }
  async conclude() {
    return [];
  }
  get settled() {
    return this.recorder;
  }
  async finishRecording() {
    const error = await this.log?.close().then(() => void 0, (error2) => firstLine(error2));
    return error ? `recording outcomes stopped: ${error}` : void 0;
  }
  settledDistinct() {
    return this.recorder.settledDistinct;
  }
  gaveUp = false;
  get coreName() {
    return this.core?.name ?? this.config.core;
  }
  workers = void 0;
  async close() {
    this.durable?.closeState();
    this.chaos?.release();
    await this.log?.close().catch(() => {
    });
    await this.driver?.close().catch(() => {
    });
    const closing = this.core ? await closeCore(this.core, this.config.closeTimeout) : void 0;
    this.durable?.release();
    this.releaseLoop?.();
    return closing;
  }
};
function opened(part) {
  if (part === void 0)
    throw new Error("the run's plan is used before it is open");
  return part;
}
async function openLog(path) {
  try {
    return await OutcomeLog.open(path);
  } catch (error) {
    throw new ConfigError(`cannot write the record file: ${firstLine(error)}`);
  }
}

// dist/metrics/timeline.js
var TIMELINE_INTERVAL_MS = 1e3;
var ZERO = {
  generated: 0,
  sent: 0,
  dropped: 0,
  delivered: 0,
  deadLettered: 0,
  deliveries: 0,
  failed: 0
};
var Timeline = class {
  startedAt;
  open;
  points = [];
  previous = ZERO;
  closedAt;
  /** `open`: the run has open load, and each point says what arrived, got in and was dropped. */
  constructor(startedAt, open = false) {
    this.startedAt = startedAt;
    this.open = open;
    this.closedAt = startedAt;
  }
  /**
   * Close the interval ending at `now` once it is a second long (or at once with `force`, for
   * the last, partial interval). Starts the recorder's next interval.
   */
  update(now, recorder, sample, force = false) {
    if (!force && now - this.closedAt < TIMELINE_INTERVAL_MS)
      return;
    if (force && now <= this.closedAt)
      return;
    const counts = recorder.counts();
    const previous = this.previous;
    const latency = recorder.endToEndSinceMark();
    this.points.push({
      t: Math.round(now - this.startedAt) / 1e3,
      delivered: counts.delivered - previous.delivered,
      deliveries: counts.deliveries - previous.deliveries,
      failed: counts.failed - previous.failed,
      deadLettered: counts.deadLettered - previous.deadLettered,
      endToEndP50Ms: latency.count === 0 ? 0 : latency.percentile(50),
      endToEndP95Ms: latency.count === 0 ? 0 : latency.percentile(95),
      endToEndP99Ms: latency.count === 0 ? 0 : latency.percentile(99),
      depth: sample?.depth ?? 0,
      rssMB: sample?.rssMB ?? 0,
      cpuPct: sample?.cpuPct ?? 0,
      ...this.open ? {
        offered: counts.generated - previous.generated,
        sent: counts.sent - previous.sent,
        dropped: counts.dropped - previous.dropped
      } : {}
    });
    recorder.markInterval();
    this.previous = counts;
    this.closedAt = now;
  }
  /** The points so far. */
  get intervals() {
    return this.points;
  }
  /** The most recent closed point, for a live p99 between closes. */
  get latest() {
    return this.points[this.points.length - 1];
  }
};

// dist/thresholds/live-check.js
var QUANTILES = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p999: 0.999
};
var PEAKS = /* @__PURE__ */ new Set(["rssPeakMB", "heapPeakMB", "cpuPeakPct", "eventLoopLagMaxMs"]);
function cannotPass(threshold, figures) {
  const [head, field = "", sub = ""] = threshold.resolved.segments;
  const grown = (value, what) => exceeds(value, threshold) ? `${what} is already ${round(value)}` : void 0;
  if (threshold.resolved.segments.length > 3)
    return void 0;
  switch (head) {
    case "totals":
      return field === "pending" ? void 0 : grown(figures.totals[field] ?? 0, threshold.metric);
    case "deadLetters":
      return grown(figures.totals.deadLettered, threshold.metric);
    case "queue":
      return field === "depthPeak" ? grown(figures.resources.depthPeak, threshold.metric) : void 0;
    case "resources":
      return PEAKS.has(field) ? grown(figures.resources[field] ?? 0, threshold.metric) : void 0;
    case "latency":
      return latencyBound(threshold, figures, field, sub);
    case "successRate":
      return successBound(threshold, figures);
    default:
      return void 0;
  }
}
function exceeds(value, threshold) {
  switch (threshold.operator) {
    case "<":
      return value >= threshold.limit;
    case "<=":
    case "==":
      return value > threshold.limit;
    default:
      return false;
  }
}
function latencyBound(threshold, figures, kind, field) {
  const histogram = figures.latency[kind];
  if (histogram === void 0 || histogram.count === 0)
    return void 0;
  const max = histogram.summary().max;
  if (field === "max") {
    return exceeds(max, threshold) ? `the slowest ${kind} latency is already ${round(max)}ms` : void 0;
  }
  const quantile = QUANTILES[field];
  if (quantile === void 0 || kind !== "endToEnd")
    return void 0;
  const allowedAbove = Math.floor((1 - quantile) * figures.planned + 1e-9);
  const n = histogram.count;
  if (n <= allowedAbove)
    return void 0;
  const rank = n - allowedAbove;
  const bound = Math.min(histogram.percentile(100 * (rank - 0.5) / n), max);
  return exceeds(bound, threshold) ? `${allowedAbove + 1} of at most ${figures.planned} messages already took ${round(bound)}ms or more` : void 0;
}
function successBound(threshold, figures) {
  if (figures.planned === 0)
    return void 0;
  const { deadLettered, dropped = 0 } = figures.totals;
  const best = 1 - (deadLettered + dropped) / figures.planned;
  const fails = threshold.operator === ">" ? best <= threshold.limit : threshold.operator === ">=" || threshold.operator === "==" ? best < threshold.limit : false;
  const atBest = Math.floor(best * 1e6) / 1e6;
  return fails ? `${deadLettered + dropped} of ${figures.planned} messages are already ${dropped > 0 ? "dead-lettered or dropped" : "dead-lettered"}: at best ${atBest}` : void 0;
}
function round(value) {
  return Math.round(value * 1e3) / 1e3;
}
function firstLostThreshold(thresholds, figures) {
  for (const threshold of thresholds) {
    const why = cannotPass(threshold, figures);
    if (why !== void 0)
      return { threshold, why };
  }
  return void 0;
}

// dist/run/progress-tracker.js
var RATE_WINDOW = 10;
var ProgressTracker = class {
  startedAt;
  total;
  recorder;
  timeline;
  times = [];
  settled = [];
  constructor(startedAt, total, recorder, timeline) {
    this.startedAt = startedAt;
    this.total = total;
    this.recorder = recorder;
    this.timeline = timeline;
  }
  /** A snapshot as of `sample`. */
  snapshot(sample) {
    const counts = this.recorder.counts();
    const settled = counts.delivered + counts.deadLettered;
    this.times.push(sample.at);
    this.settled.push(settled);
    if (this.times.length > RATE_WINDOW + 1) {
      this.times.shift();
      this.settled.shift();
    }
    const span2 = sample.at - this.times[0];
    const ratePerSec = span2 > 0 ? (settled - this.settled[0]) * 1e3 / span2 : 0;
    const live = this.recorder.endToEndSinceMark();
    const liveP99 = live.count > 0 ? live.percentile(99) : void 0;
    return {
      elapsedMs: sample.at - this.startedAt,
      total: this.total,
      generated: counts.generated,
      settled,
      delivered: counts.delivered,
      deadLettered: counts.deadLettered,
      failed: counts.failed,
      ratePerSec,
      endToEndP99Ms: liveP99 ?? this.timeline.latest?.endToEndP99Ms ?? 0,
      depth: sample.depth
    };
  }
};

// dist/run/run-watch.js
var RunWatch = class {
  options;
  /** Thresholds that stopped the run because they could no longer pass. */
  lostThresholds = /* @__PURE__ */ new Set();
  timeline;
  progress;
  sampler;
  reportProgress;
  constructor(options) {
    this.options = options;
    const { startedAt, expected, recorder, queue } = options;
    this.timeline = new Timeline(startedAt, options.open);
    this.progress = new ProgressTracker(startedAt, expected, recorder, this.timeline);
    this.reportProgress = options.onProgress;
    this.sampler = new Sampler({
      readDepth: async () => outstanding(await queue.depth()),
      onSample: (sample) => {
        this.timeline.update(sample.at, recorder, sample);
        this.watchThresholds();
        try {
          this.reportProgress?.(this.progress.snapshot(sample));
        } catch (error) {
          this.reportProgress = void 0;
          options.warnings.push(`onProgress threw and was not called again: ${firstLine(error)}`);
        }
      }
    });
  }
  /** Begin sampling. */
  start() {
    this.sampler.start();
  }
  /** Stop sampling and close the timeline's last interval, as the run ends. */
  async finish() {
    await this.sampler.stop();
    this.timeline.update(nowMs(), this.options.recorder, this.sampler.latest(), true);
  }
  /** Stop sampling, if it still goes on; for a run that ends by failing. */
  async stop() {
    await this.sampler.stop();
  }
  /** The timeline's one-second intervals. */
  get timelinePoints() {
    return this.timeline.intervals;
  }
  /** What the sampler measured so far. */
  get resources() {
    return this.sampler.summary();
  }
  watchThresholds() {
    const { abortOnFail, stop, thresholds, planned, recorder, warnings } = this.options;
    if (!abortOnFail || stop.signal.aborted || thresholds.length === 0)
      return;
    const lost = firstLostThreshold(thresholds, {
      planned,
      totals: recorder.totals(0),
      latency: recorder,
      resources: this.sampler.summary()
    });
    if (!lost)
      return;
    this.lostThresholds.add(lost.threshold.expression);
    warnings.push(`stopped early: threshold ${lost.threshold.expression} can no longer pass (${lost.why})`);
    stop.abort();
  }
};

// dist/run/execute-run.js
var PRODUCER_CHUNK = 256;
var WIND_DOWN_MS = 5e3;
function executeRun(config, options, checks) {
  return new RunExecution(config, options, checks.thresholds, checks.ignoredOnResume).run();
}
var RunExecution = class {
  config;
  options;
  thresholds;
  ignoredOnResume;
  constructor(config, options, thresholds, ignoredOnResume) {
    this.config = config;
    this.options = options;
    this.thresholds = thresholds;
    this.ignoredOnResume = ignoredOnResume;
  }
  async run() {
    const config = this.config;
    const recorder = new Recorder(agentNames(config.agents), typesSent(config.types));
    const plan = await this.plan(recorder);
    let failed = true;
    let result;
    let closing;
    try {
      await plan.open();
      result = await this.execute(plan, recorder);
      failed = false;
    } finally {
      closing = await plan.close(failed);
    }
    return closing === void 0 ? result : { ...result, warnings: [...result.warnings, closing] };
  }
  /**
   * Where this run's messages are consumed: in this process, or by workers. The distributed
   * plan, and the Redis client under it, load only for a run that has workers.
   */
  async plan(recorder) {
    const { deliveryCore, resume, onNotice } = this.options;
    if (this.config.workers !== void 0) {
      const { DistributedPlan } = await import("./distributed-plan-HOLUFRAL.js");
      return new DistributedPlan(this.config, recorder, onNotice ?? (() => {
      }));
    }
    return new LocalPlan(this.config, recorder, {
      deliveryCore,
      resume: resume ? { ignored: this.ignoredOnResume } : void 0
    });
  }
  async execute(plan, recorder) {
    const config = this.config;
    const { queue } = plan;
    const load = loadPlan(config);
    const generator = new MessageGenerator({ ...config, total: load.most });
    const warnings = [...plan.catchUp(generator)];
    if (config.abortOnFail && this.thresholds.length === 0) {
      warnings.push("abortOnFail is on, but there are no thresholds for it to watch");
    }
    const stop = new AbortController();
    const consumer = plan.consumer();
    let producerDone = false;
    const processing = consumer.run({
      producerDone: () => producerDone,
      stopRequested: () => stop.signal.aborted
    });
    const startedAt = nowMs();
    const { onProgress, signal } = this.options;
    const watch = new RunWatch({
      startedAt,
      planned: load.most,
      expected: load.expected,
      open: config.load === "open",
      recorder,
      queue,
      thresholds: this.thresholds,
      abortOnFail: config.abortOnFail,
      stop,
      onProgress,
      warnings
    });
    const onAbort = () => stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted)
      stop.abort();
    watch.start();
    try {
      const ledger = {
        saturationEvents: 0,
        inFlight: [],
        waiting: 0,
        waitingPeak: 0
      };
      const { onEnqueued } = plan;
      const feeding = {
        ledger,
        chunkSize: Math.min(PRODUCER_CHUNK, queue.capacity),
        now: nowMs,
        onGenerated: (message) => recorder.generated(message),
        ...onEnqueued ? { onEnqueued } : {},
        signal: stop.signal
      };
      const schedule = load.schedule();
      const producing = (schedule ? produceOnSchedule(generator, queue, {
        ...feeding,
        schedule,
        maxBacklog: config.maxBacklog ?? DEFAULT_MAX_BACKLOG,
        onMade: (intendedAt, madeAt) => recorder.made(intendedAt, madeAt),
        onDropped: (message) => recorder.dropped(message),
        onSent: (messages, acceptedAt) => recorder.sent(messages, acceptedAt),
        onArrivalsEnded: (at, held) => recorder.arrivalsEnded(at, held)
      }) : produce(generator, queue, { ...feeding, generation: config.generation })).finally(() => {
        producerDone = true;
      });
      const faults = new FaultRecord();
      let report = await bothSidesEnded(producing, processing, {
        producerDone: () => producerDone,
        stop,
        faults,
        warnings,
        windDownMs: WIND_DOWN_MS
      }) ?? { saturationEvents: 0, unsent: 0, finished: false };
      const finishedAt = recorder.lastSettledAt ?? nowMs();
      await watch.finish();
      warnings.push(...await plan.conclude(faults));
      const inventory = await inventoryWithin(queue, plan.settled, WIND_DOWN_MS, faults);
      const fault = faults.fault;
      if (fault !== void 0)
        report = handedOverBeforeFault(ledger, inventory, recorder);
      const recordingStopped = await plan.finishRecording();
      if (recordingStopped)
        warnings.push(recordingStopped);
      plan.chaos?.recordQueueSaturation(report.saturationEvents);
      const audit = auditRecorded(recorder, {
        generatorCount: generator.generated,
        unsent: report.unsent,
        inventory,
        settledDistinct: plan.settledDistinct()
      });
      return buildResult({
        config,
        core: plan.coreName,
        startedAt,
        finishedAt,
        // Stopped before its producer made everything is stopped early, pending or not.
        stoppedEarly: fault !== void 0 || (stop.signal.aborted || plan.gaveUp) && (audit.pending > 0 || !report.finished),
        fault,
        recorder,
        sampler: watch.resources,
        timeline: watch.timelinePoints,
        queue: { driver: queue.name, capacity: queue.capacity },
        saturationEvents: report.saturationEvents,
        backlogPeak: ledger.waitingPeak,
        chaos: plan.chaos,
        processorTimes: consumer.times,
        audit,
        warnings,
        environment: describeEnvironment(),
        workers: plan.workers,
        thresholds: this.thresholds,
        lostThresholds: watch.lostThresholds
      });
    } finally {
      signal?.removeEventListener("abort", onAbort);
      await watch.stop();
    }
  }
};
export {
  executeRun
};
