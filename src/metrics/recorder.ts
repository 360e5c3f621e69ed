import {
  MESSAGE_TYPES,
  type Message,
  type MessageHints,
  type MessageType,
} from "../model/message.js";
import type { SettledRecord } from "../model/settled-record.js";
import type { DeadLetterStats, Totals } from "../result/result.js";
import { GroupCounter } from "./group-counter.js";
import { LatencyHistogram } from "./histogram.js";
import type { PairLedger } from "./pair-ledger.js";
import type { OutcomeCounts, RecorderDelta, SliceDelta } from "./recorder-delta.js";
import { SeqSet } from "./seq-set.js";
import { SinceMark } from "./since-mark.js";

/** Dead letters kept in full for the result; the rest are only counted. */
const DEAD_LETTER_SAMPLE = 20;

/** Distinct dead-letter reasons counted apart; a core with a unique reason per message would
 * otherwise grow this map (and the result) with every dead letter. */
const MAX_REASONS = 100;

/** Above this many agents, per-agent latency is kept at one significant digit. */
export const MANY_AGENTS = 1000;

/** Where reasons beyond {@link MAX_REASONS} are counted. */
export const OTHER_REASONS = "(other reasons)";

/** Counters that change as the run goes; a consistent copy for progress and the timeline. */
export interface RecorderCounts {
  readonly generated: number;
  /** Accepted by the queue (open load only; a closed run does not count them). */
  readonly sent: number;
  /** Made but dropped for want of room in the backlog (open load). */
  readonly dropped: number;
  readonly delivered: number;
  readonly deadLettered: number;
  readonly deliveries: number;
  readonly failed: number;
}

/**
 * Everything the run counts, as counters and HDR histograms: no message is kept. Each hop of the
 * pipeline reports to it; the result is assembled from it at the end.
 */
export class Recorder {
  /** From `scheduledAt` to the final delivery, per delivered message. */
  readonly endToEnd = new LatencyHistogram(3);
  /** From enqueue (or requeue) to lease, per lease. */
  readonly queueWait = new LatencyHistogram(3);
  /** From the deliver call to its outcome, per attempt. */
  readonly delivery = new LatencyHistogram(3);
  /**
   * From when the queue first accepted a message to its final delivery, per delivered message
   * whose driver keeps that time: the latency the queue sees, blind to time spent waiting to
   * get in.
   */
  readonly endToEndUncorrected = new LatencyHistogram(3);
  /** From a message's intended time to the queue accepting it, per message sent (open load). */
  readonly sendLag = new LatencyHistogram(3);
  /** How late the producer made each message, against its intended time (open load). */
  readonly scheduleLag = new LatencyHistogram(3);
  /** `endToEnd` since the last {@link markInterval}. */
  private readonly endToEndMarks = new SinceMark(this.endToEnd);
  /**
   * `endToEndUncorrected` since the last {@link markInterval} with `uncorrected`, for an open
   * run's timeline: made on first use, so a closed run never holds its histograms.
   */
  private uncorrectedMarks: SinceMark | undefined;

  private generatedCount = 0;
  private sentCount = 0;
  private droppedCount = 0;
  private firstIntended: number | undefined;
  private lastIntended: number | undefined;
  private lastAccepted: number | undefined;
  private heldWhenArrivalsEnded: { readonly at: number; readonly held: number } | undefined;
  private deliveredCount = 0;
  private deadLetteredCount = 0;
  private deliveriesCount = 0;
  private failedCount = 0;
  private timedOutCount = 0;
  private retriedCount = 0;
  private duplicateCount = 0;
  /**
   * When the last message settled, epoch ms; -Infinity before the first. A number from the
   * start, never undefined: a field that only ever holds numbers is updated in place, where one
   * that may hold undefined takes a newly allocated number at every settlement.
   */
  private lastSettled = Number.NEGATIVE_INFINITY;
  private readonly settled = new SeqSet();
  /** The settled messages that were dead-lettered, so a stale copy can follow them. */
  private readonly dead = new SeqSet();
  private restoredCount = 0;
  private readonly types = new Map<MessageType, GroupCounter>();
  private readonly agents: GroupCounter[];
  private readonly agentIndex = new Map<string, number>();
  private readonly names: readonly string[];
  /** The per-type counters by position in MESSAGE_TYPES, for the hinted fast path. */
  private readonly typesByIndex: (GroupCounter | undefined)[];
  private readonly deadLetterReasons = new Map<string, number>();
  private readonly deadLetterSample: DeadLetterStats["sample"][number][] = [];

  /**
   * Added to a message's scheduled time to put it on this process's clock: 0 unless the
   * message was made on another machine (a worker of a distributed run).
   */
  protected readonly scheduleCorrectionMs: number;

  /** Every (message, recipient) pair's attempts, for a run that verifies receipts. */
  readonly pairs: PairLedger | undefined;

  /** `agents`: every agent name in order; `types`: the types this run sends. */
  constructor(
    agents: readonly string[],
    types: readonly MessageType[],
    options: { readonly scheduleCorrectionMs?: number; readonly pairs?: PairLedger } = {},
  ) {
    this.scheduleCorrectionMs = options.scheduleCorrectionMs ?? 0;
    this.pairs = options.pairs;
    // Per-agent histograms keep two digits (1% error, ~27 KB each), one digit (10%, ~6 KB)
    // beyond a thousand agents, so that the largest swarms stay within tens of MB.
    const digits = agents.length > MANY_AGENTS ? 1 : 2;
    this.agents = agents.map(() => new GroupCounter(digits));
    agents.forEach((name, i) => {
      this.agentIndex.set(name, i);
    });
    // With one type its latency is the total's: recording it twice would only cost time.
    for (const type of types) {
      this.types.set(type, new GroupCounter(3, types.length === 1 ? this.endToEnd : undefined));
    }
    this.names = agents;
    this.typesByIndex = MESSAGE_TYPES.map((type) => this.types.get(type));
  }

  /** A message was made. */
  generated(message: Message): void {
    this.generatedCount++;
    this.typeOf(message).generated++;
    this.senderOf(message).generated++;
  }

  /** The open producer made, at `madeAt`, a message intended for `intendedAt`. */
  made(intendedAt: number, madeAt: number): void {
    this.scheduleLag.record(madeAt - intendedAt);
    this.firstIntended ??= intendedAt;
    this.lastIntended = intendedAt;
  }

  /** The queue accepted `messages` at `acceptedAt` (open load): their send lag. */
  sent(messages: readonly Message[], acceptedAt: number): void {
    this.sentCount += messages.length;
    this.lastAccepted = acceptedAt;
    for (const message of messages) this.sendLag.record(acceptedAt - message.scheduledAt);
  }

  /** The open producer's schedule ended at `at` with `held` messages not yet settled. */
  arrivalsEnded(at: number, held: number): void {
    this.heldWhenArrivalsEnded = { at, held };
  }

  /**
   * How fast the backlog grew while messages arrived, messages per second: what was held when
   * arrivals ended over the span from the first intended time; undefined when unknown.
   */
  backlogGrowth(): number | undefined {
    const first = this.firstIntended;
    const end = this.heldWhenArrivalsEnded;
    if (first === undefined || end === undefined || end.at <= first) return undefined;
    return (end.held * 1000) / (end.at - first);
  }

  /**
   * The open load's rates, messages per second: `offered`, arrivals over the span of their
   * intended times; `sent`, what the queue accepted over the span from the first intended time
   * to the last acceptance (equal to `offered` while the pipeline keeps up, lower once it
   * cannot take them as they come). Zero with fewer than two arrivals.
   */
  openRates(): { readonly offered: number; readonly sent: number } {
    const first = this.firstIntended;
    const perSecond = (count: number, until: number | undefined): number =>
      first === undefined || until === undefined || until <= first || count < 2
        ? 0
        : ((count - 1) * 1000) / (until - first);
    return {
      offered: perSecond(this.generatedCount, this.lastIntended),
      sent: perSecond(this.sentCount, this.lastAccepted),
    };
  }

  /** A message made (and counted as generated) was dropped: the backlog had no room. */
  dropped(message: Message): void {
    this.droppedCount++;
    this.typeOf(message).dropped++;
    this.senderOf(message).dropped++;
  }

  /** A message was handed out by the queue at `now`. */
  leased(message: Message, now: number): void {
    this.queueWait.record(now - message.enqueuedAt);
  }

  /** One delivery attempt to one recipient ended. */
  attempt(message: Message, recipient: string, ok: boolean, timedOut: boolean, ms: number): void {
    this.delivery.record(ms);
    this.pairs?.attempt(message.id, recipient, ok);
    const type = this.typeOf(message);
    const sender = this.senderOf(message);
    if (ok) {
      this.deliveriesCount++;
      type.deliveries++;
      sender.deliveries++;
      this.recipientOf(message, recipient).received++;
    } else {
      this.failedCount++;
      if (timedOut) this.timedOutCount++;
      type.failed++;
      sender.failed++;
    }
  }

  /**
   * True, counting a duplicate, when the queue hands out a message that already reached its
   * final outcome: its lease expired before the outcome was acknowledged.
   */
  alreadySettled(message: Message): boolean {
    if (!this.settled.has(message.seq)) return false;
    this.duplicateCount++;
    return true;
  }

  /**
   * Another process already settled message `seq` (a distributed run), which this process has
   * just settled again: one duplicate. It counts as settled here from now on, so a later copy
   * is only acknowledged.
   */
  settledElsewhere(seq: number, outcome: "delivered" | "dead_lettered"): void {
    this.duplicateCount++;
    this.settled.add(seq);
    if (outcome === "dead_lettered") this.dead.add(seq);
  }

  /** A message went back to the queue for another attempt. */
  retried(): void {
    this.retriedCount++;
  }

  /**
   * Every recipient has the message. Returns false, and counts a duplicate instead, when this
   * message had already reached its final outcome (it was delivered twice).
   */
  delivered(message: Message, now: number): boolean {
    if (!this.settled.add(message.seq)) {
      this.duplicateCount++;
      return false;
    }
    const latency = this.endToEndMs(message, now);
    this.settledAt(now);
    this.deliveredCount++;
    this.endToEnd.record(latency);
    if (message.acceptedAt !== undefined) this.endToEndUncorrected.record(now - message.acceptedAt);
    const type = this.typeOf(message);
    type.delivered++;
    if (type.latency !== this.endToEnd) type.latency.record(latency);
    const sender = this.senderOf(message);
    sender.delivered++;
    sender.latency.record(latency);
    return true;
  }

  /**
   * `message`'s end-to-end latency when it is settled at `now`: from its intended time, less
   * the schedule's correction. Negative when clocks disagree (the histograms count it as 0).
   */
  protected endToEndMs(message: Message, now: number): number {
    return now - message.scheduledAt - this.scheduleCorrectionMs;
  }

  /** A message exhausted its attempts at `now`; false (a duplicate) if it had already settled. */
  deadLettered(message: Message, error: string, now: number): boolean {
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
        error,
      });
    }
    return true;
  }

  /**
   * Count an outcome reached by an earlier, interrupted part of this run (from a durable
   * queue's run state). Its latency was not kept, so no histogram changes.
   */
  restore(record: SettledRecord): void {
    if (!this.settled.add(record.seq)) return;
    this.restoredCount++;
    const type = this.types.get(record.type);
    const sender = this.agentIndex.get(record.sender);
    if (!type || sender === undefined) {
      throw new Error(`saved outcome of m${record.seq} names a type or agent not in this run`);
    }
    const agent = this.agents[sender] as GroupCounter;
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
  absorb(part: RecorderDelta): void {
    this.deliveredCount += part.delivered;
    this.deadLetteredCount += part.deadLettered;
    this.deliveriesCount += part.deliveries;
    this.failedCount += part.failed;
    this.timedOutCount += part.timedOut;
    this.retriedCount += part.retried;
    this.duplicateCount += part.duplicates;
    if (part.lastSettledAt !== undefined) this.settledAt(part.lastSettledAt);
    this.endToEnd.addEncoded(part.endToEnd, part.extremes.endToEnd);
    this.queueWait.addEncoded(part.queueWait, part.extremes.queueWait);
    this.delivery.addEncoded(part.delivery, part.extremes.delivery);
    if (part.endToEndUncorrected !== undefined) {
      this.endToEndUncorrected.addEncoded(
        part.endToEndUncorrected,
        part.extremes.endToEndUncorrected,
      );
    }
    for (const [type, slice] of Object.entries(part.types) as [MessageType, SliceDelta][]) {
      const group = this.types.get(type);
      if (!group) throw new Error(`a worker reported type ${type}, which this run does not send`);
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
      if (this.deadLetterSample.length < DEAD_LETTER_SAMPLE) this.deadLetterSample.push(sample);
    }
  }

  /**
   * Take the final outcomes counted by the run store of a distributed run, which counts each
   * message once however many workers settled it, also for a worker that died before it could
   * report. Replaces the delivered and dead-lettered counts of the totals, types and agents.
   */
  setOutcomes(outcomes: OutcomeCounts): void {
    this.deliveredCount = outcomes.delivered;
    this.deadLetteredCount = outcomes.deadLettered;
    for (const [type, group] of this.types) {
      group.delivered = outcomes.byType[type]?.delivered ?? 0;
      group.deadLettered = outcomes.byType[type]?.deadLettered ?? 0;
    }
    this.names.forEach((name, i) => {
      const agent = this.agents[i] as GroupCounter;
      agent.delivered = outcomes.bySender[name]?.delivered ?? 0;
      agent.deadLettered = outcomes.bySender[name]?.deadLettered ?? 0;
    });
  }

  /** The counters as they stand. */
  counts(): RecorderCounts {
    return {
      generated: this.generatedCount,
      sent: this.sentCount,
      dropped: this.droppedCount,
      delivered: this.deliveredCount,
      deadLettered: this.deadLetteredCount,
      deliveries: this.deliveriesCount,
      failed: this.failedCount,
    };
  }

  /** Totals for the result; `pending` comes from the queue, not from these counters. */
  totals(pending: number): Totals {
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
      attempts: this.deliveriesCount + this.failedCount,
    };
  }

  /**
   * When the last message settled (epoch ms), or undefined before the first: its own last
   * delivery, or the latest a worker reported (see {@link absorb}).
   */
  get lastSettledAt(): number | undefined {
    return this.lastSettled === Number.NEGATIVE_INFINITY ? undefined : this.lastSettled;
  }

  /**
   * {@link lastSettledAt} on the clock of the process that scheduled the messages (a
   * distributed run's coordinator), where this recorder's clock is another machine's.
   */
  get lastSettledOnSchedulerClock(): number | undefined {
    const at = this.lastSettledAt;
    return at === undefined ? undefined : at - this.scheduleCorrectionMs;
  }

  /** Whether message `seq` reached its final outcome as a dead letter. */
  isDeadLettered(seq: number): boolean {
    return this.dead.has(seq);
  }

  /** Outcomes counted from an earlier, interrupted part of the run (see {@link restore}). */
  get restored(): number {
    return this.restoredCount;
  }

  /** Whether message `seq` has reached its final outcome. */
  isSettled(seq: number): boolean {
    return this.settled.has(seq);
  }

  /** Distinct messages that reached a final outcome, counted from the sequence set. */
  get settledDistinct(): number {
    return this.settled.size;
  }

  /** Counters by message type. */
  byType(): ReadonlyMap<MessageType, GroupCounter> {
    return this.types;
  }

  /** Counters by agent name. */
  byAgent(): ReadonlyMap<string, GroupCounter> {
    const result = new Map<string, GroupCounter>();
    for (const [name, index] of this.agentIndex)
      result.set(name, this.agents[index] as GroupCounter);
    return result;
  }

  /** Dead letters by reason, with a small sample. */
  deadLetters(): DeadLetterStats {
    return {
      count: this.deadLetteredCount,
      byReason: Object.fromEntries(this.deadLetterReasons),
      sample: this.deadLetterSample,
    };
  }

  /**
   * End-to-end latency since the last {@link markInterval}. Derived from the total by
   * subtraction, so delivering a message records one value fewer. The histogram belongs to the
   * recorder: read it before the next call, which refills it, and never destroy it.
   */
  endToEndSinceMark(): LatencyHistogram {
    return this.endToEndMarks.read();
  }

  /**
   * End-to-end latency from acceptance ({@link endToEndUncorrected}) since the last
   * {@link markInterval} with `uncorrected`; the same terms as {@link endToEndSinceMark}. Only
   * meaningful when every mark asked for it (an open run's timeline does).
   */
  endToEndUncorrectedSinceMark(): LatencyHistogram {
    return this.markUncorrected().read();
  }

  /**
   * Start a new interval for {@link endToEndSinceMark} and, with `uncorrected` (open load), for
   * {@link endToEndUncorrectedSinceMark}: a closed run copies one histogram a second, not two.
   */
  markInterval(uncorrected = false): void {
    this.endToEndMarks.mark();
    if (uncorrected) this.markUncorrected().mark();
  }

  /** The uncorrected interval, made on first use (the run's start as its mark). */
  private markUncorrected(): SinceMark {
    this.uncorrectedMarks ??= new SinceMark(this.endToEndUncorrected);
    return this.uncorrectedMarks;
  }

  /** Deliveries of one batch end in any order: the last settlement is the latest of them. */
  private settledAt(at: number): void {
    if (at > this.lastSettled) this.lastSettled = at;
  }

  private countReason(error: string): void {
    const reasons = this.deadLetterReasons;
    const reason = reasons.has(error) || reasons.size < MAX_REASONS ? error : OTHER_REASONS;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }

  private typeOf(message: Message & MessageHints): GroupCounter {
    const hint = message.typeIndex;
    if (hint !== undefined && MESSAGE_TYPES[hint] === message.type) {
      const group = this.typesByIndex[hint];
      if (group) return group;
    }
    const group = this.types.get(message.type);
    if (!group) throw new Error(`message ${message.id} has type ${message.type}, not in this run`);
    return group;
  }

  private senderOf(message: Message & MessageHints): GroupCounter {
    const hint = message.senderIndex;
    if (hint !== undefined && this.names[hint] === message.sender) {
      return this.agents[hint] as GroupCounter;
    }
    return this.agentOf(message.sender);
  }

  private recipientOf(message: Message & MessageHints, recipient: string): GroupCounter {
    const hint = message.recipientIndex;
    if (hint !== undefined && hint >= 0 && this.names[hint] === recipient) {
      return this.agents[hint] as GroupCounter;
    }
    return this.agentOf(recipient);
  }

  private agentOf(name: string): GroupCounter {
    const index = this.agentIndex.get(name);
    if (index === undefined) throw new Error(`unknown agent ${name}`);
    return this.agents[index] as GroupCounter;
  }
}

function addSlice(group: GroupCounter, slice: SliceDelta, withLatency: boolean): void {
  group.delivered += slice.delivered;
  group.deadLettered += slice.deadLettered;
  group.deliveries += slice.deliveries;
  group.failed += slice.failed;
  if (withLatency && slice.latency !== undefined) {
    group.latency.addEncoded(slice.latency, slice.latencyExtremes);
  }
}
