import type { GroupCounter } from "../metrics/group-counter.js";
import { type Extremes, LatencyHistogram } from "../metrics/histogram.js";
import type { Recorder } from "../metrics/recorder.js";
import {
  AGENTS_REPORTED_EVERY_SECOND,
  type RecorderDelta,
  type SliceDelta,
} from "../metrics/recorder-delta.js";
import type { MessageType } from "../model/message.js";
import type { Totals } from "../result/result.js";

type Counts = Pick<
  Totals,
  "delivered" | "deadLettered" | "deliveries" | "failed" | "timedOut" | "retried" | "duplicates"
>;

type SliceCounts = Omit<SliceDelta, "latency">;

/**
 * Cuts a worker's recorder into the parts it sends: what changed since the last part (counters
 * subtracted, histograms subtracted bucket by bucket, so the parts add up exactly), and at the
 * end the per-agent slices and dead letters in full.
 */
export class DeltaTaker {
  private counts: Counts = ZERO;
  private readonly previous = new Map<LatencyHistogram, LatencyHistogram>();
  private readonly typeCounts = new Map<MessageType, SliceCounts>();
  private readonly agentCounts = new Map<string, SliceCounts>();

  constructor(private readonly recorder: Recorder) {}

  /** What the recorder gained since the last call; with `final`, the per-agent part too. */
  take(final: boolean): RecorderDelta {
    const recorder = this.recorder;
    const totals = recorder.totals(0);
    const counts = this.counts;
    this.counts = totals;
    const endToEnd = this.delta(recorder.endToEnd);
    const lastSettledAt = recorder.lastSettledOnSchedulerClock;
    const types: Partial<Record<MessageType, SliceDelta>> = {};
    for (const [type, group] of recorder.byType()) {
      const before = this.typeCounts.get(type) ?? ZERO_SLICE;
      const now = sliceCounts(group);
      this.typeCounts.set(type, now);
      types[type] = {
        ...subtract(now, before),
        received: 0,
        latency: group.latency === recorder.endToEnd ? endToEnd : this.delta(group.latency),
        ...extremesOf(group.latency),
      };
    }
    return {
      delivered: totals.delivered - counts.delivered,
      deadLettered: totals.deadLettered - counts.deadLettered,
      deliveries: totals.deliveries - counts.deliveries,
      failed: totals.failed - counts.failed,
      timedOut: totals.timedOut - counts.timedOut,
      retried: totals.retried - counts.retried,
      duplicates: totals.duplicates - counts.duplicates,
      ...(lastSettledAt === undefined ? {} : { lastSettledAt }),
      endToEnd,
      queueWait: this.delta(recorder.queueWait),
      delivery: this.delta(recorder.delivery),
      endToEndUncorrected: this.delta(recorder.endToEndUncorrected),
      extremes: {
        ...optional("endToEnd", recorder.endToEnd.extremes),
        ...optional("queueWait", recorder.queueWait.extremes),
        ...optional("delivery", recorder.delivery.extremes),
        ...optional("endToEndUncorrected", recorder.endToEndUncorrected.extremes),
      },
      types,
      ...(final || recorder.byAgent().size <= AGENTS_REPORTED_EVERY_SECOND
        ? { agents: this.agentDeltas(final) }
        : {}),
      ...(final ? { deadLetters: recorder.deadLetters() } : {}),
    };
  }

  /**
   * What each agent's counts gained since they were last sent, for agents that changed; with
   * `final`, each touched agent's whole latency histogram too.
   */
  private agentDeltas(final: boolean): Record<string, SliceDelta> {
    const parts: Record<string, SliceDelta> = {};
    for (const [name, group] of this.recorder.byAgent()) {
      const before = this.agentCounts.get(name) ?? ZERO_SLICE;
      const now = sliceCounts(group);
      const delta = subtract(now, before);
      const touched = total(now) > 0;
      if (total(delta) === 0 && !(final && touched)) continue;
      this.agentCounts.set(name, now);
      parts[name] = final
        ? { ...delta, latency: group.latency.encode(), ...extremesOf(group.latency) }
        : delta;
    }
    return parts;
  }

  /**
   * The values `histogram` gained since the last call, encoded. A histogram only grows, so an
   * unchanged count means nothing changed: an idle worker's report then costs no pass over the
   * ~23,000 slots of each of its histograms.
   */
  private delta(histogram: LatencyHistogram): string {
    const before = this.previous.get(histogram);
    if (histogram.count === (before?.count ?? 0)) return emptyEncoding();
    const change = histogram.copy();
    if (before) {
      change.subtract(before);
      // `before` becomes the state just sent: it only ever serves as what to subtract.
      before.add(change);
    } else {
      this.previous.set(histogram, change.copy());
    }
    return change.encode();
  }
}

let empty: string | undefined;

/** The encoding of an empty histogram, made once. */
function emptyEncoding(): string {
  empty ??= new LatencyHistogram().encode();
  return empty;
}

const ZERO: Counts = {
  delivered: 0,
  deadLettered: 0,
  deliveries: 0,
  failed: 0,
  timedOut: 0,
  retried: 0,
  duplicates: 0,
};

const ZERO_SLICE: SliceCounts = {
  delivered: 0,
  deadLettered: 0,
  deliveries: 0,
  failed: 0,
  received: 0,
};

function sliceCounts(group: GroupCounter): SliceCounts {
  return {
    delivered: group.delivered,
    deadLettered: group.deadLettered,
    deliveries: group.deliveries,
    failed: group.failed,
    received: group.received,
  };
}

function subtract(now: SliceCounts, before: SliceCounts): SliceCounts {
  return {
    delivered: now.delivered - before.delivered,
    deadLettered: now.deadLettered - before.deadLettered,
    deliveries: now.deliveries - before.deliveries,
    failed: now.failed - before.failed,
    received: now.received - before.received,
  };
}

function total(counts: SliceCounts): number {
  return (
    counts.delivered + counts.deadLettered + counts.deliveries + counts.failed + counts.received
  );
}

function extremesOf(histogram: LatencyHistogram): { latencyExtremes?: Extremes } {
  const extremes = histogram.extremes;
  return extremes ? { latencyExtremes: extremes } : {};
}

function optional<K extends string>(
  key: K,
  extremes: Extremes | undefined,
): { [P in K]?: Extremes } {
  return (extremes ? { [key]: extremes } : {}) as { [P in K]?: Extremes };
}
