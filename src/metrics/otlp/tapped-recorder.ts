import {
  type Attributes,
  type BatchObservableResult,
  type Histogram,
  type Meter,
  type Observable,
  ValueType,
} from "@opentelemetry/api";
import type { Message, MessageType } from "../../model/message.js";
import type { SettledRecord } from "../../model/settled-record.js";
import type { PairLedger } from "../pair-ledger.js";
import { Recorder } from "../recorder.js";
import {
  AGENT_ATTRIBUTE,
  INSTRUMENTS,
  MAX_AGENT_VALUES,
  MESSAGE_TYPE_ATTRIBUTE,
  OTHER_AGENTS,
  RUN_ID_ATTRIBUTE,
} from "./instruments.js";

/**
 * Which outcomes a process exports: all of them (a run in one process), or its share of a
 * distributed run, where the coordinator makes the messages (generated, dropped) and the
 * workers settle them (delivered, dead-lettered, failed, retried, and the latencies).
 */
export type ExportedPart = "whole" | "producer" | "consumer";

/** Options of {@link TappedRecorder}. */
export interface TapOptions {
  /** Every agent name in order, and the types the run sends, as for a {@link Recorder}. */
  readonly agents: readonly string[];
  readonly types: readonly MessageType[];
  readonly runId: string;
  /** Whether the per-message points carry the sending agent (capped, see instruments.ts). */
  readonly agentAttribute: boolean;
  /** Every (message, recipient) pair's attempts, for a run that verifies receipts. */
  readonly pairs?: PairLedger | undefined;
  /** What this process exports; "whole" unless it is a coordinator or a worker. */
  readonly part?: ExportedPart;
  /** As for a {@link Recorder}: 0 unless a worker's messages were made on another machine. */
  readonly scheduleCorrectionMs?: number;
}

/** The counters of one attribute set (a type, and with the agent attribute a sender). */
interface Tally {
  readonly attributes: Attributes;
  generated: number;
  delivered: number;
  deadLettered: number;
  dropped: number;
  failed: number;
}

/** The per-message counters of the producing side, by the {@link Tally} field each reads. */
const PRODUCED = ["generated", "dropped"] as const;
/** The per-message counters of the consuming side, by the {@link Tally} field each reads. */
const CONSUMED = ["delivered", "deadLettered", "failed"] as const;

/** The per-message counters a process exports, for its {@link ExportedPart}. */
function talliedBy(part: ExportedPart): readonly (keyof Omit<Tally, "attributes">)[] {
  if (part === "producer") return PRODUCED;
  if (part === "consumer") return CONSUMED;
  return [...PRODUCED, ...CONSUMED];
}

/**
 * A {@link Recorder} that also feeds OpenTelemetry instruments with every outcome, for `--otlp`:
 * it counts exactly what the recorder counts (a duplicate is not delivered twice) and records the
 * same latencies, so the exported totals equal the result's. The counters are plain numbers per
 * attribute set, read by observable counters when the SDK collects; only the two latency
 * histograms are recorded through the SDK per message. A run without `--otlp` uses the plain
 * recorder: no work per message is added to it.
 *
 * Every exported count only grows: it is counted as the outcome happens, never set. A
 * distributed coordinator's recorder also absorbs the workers' reports and takes the run
 * store's final outcomes at the end (`absorb`, `setOutcomes`), which may be lower than what was
 * reported; neither passes through the tap, so the coordinator exports only what it made
 * itself, and each worker what it settled.
 */
export class TappedRecorder extends Recorder {
  private readonly endToEndHistogram: Histogram;
  private readonly deliveryHistogram: Histogram;
  private readonly runAttributes: Attributes;
  /** Tallies by type, then (with the agent attribute) by sender: made once, reused. */
  private readonly tallies = new Map<string, Tally>();
  private readonly agentValue = new Map<string, string>();
  private readonly withAgent: boolean;
  private retriedTally = 0;

  constructor(meter: Meter, options: TapOptions) {
    super(options.agents, options.types, {
      ...(options.pairs === undefined ? {} : { pairs: options.pairs }),
      ...(options.scheduleCorrectionMs === undefined
        ? {}
        : { scheduleCorrectionMs: options.scheduleCorrectionMs }),
    });
    const histogram = (spec: { name: string; unit: string; description: string }): Histogram =>
      meter.createHistogram(spec.name, { unit: spec.unit, description: spec.description });
    this.endToEndHistogram = histogram(INSTRUMENTS.endToEnd);
    this.deliveryHistogram = histogram(INSTRUMENTS.delivery);
    this.runAttributes = { [RUN_ID_ATTRIBUTE]: options.runId };
    this.withAgent = options.agentAttribute;
    options.agents.forEach((name, i) => {
      this.agentValue.set(name, i < MAX_AGENT_VALUES ? name : OTHER_AGENTS);
    });
    const counter = (spec: { name: string; unit: string; description: string }): Observable =>
      meter.createObservableCounter(spec.name, {
        unit: spec.unit,
        description: spec.description,
        valueType: ValueType.INT,
      });
    const part = options.part ?? "whole";
    const counters = talliedBy(part).map((field) => [field, counter(INSTRUMENTS[field])] as const);
    // Retries happen where messages are delivered: a coordinator has none of its own.
    const retried = part === "producer" ? undefined : counter(INSTRUMENTS.retried);
    const observables = counters.map(([, observable]) => observable);
    meter.addBatchObservableCallback(
      (result: BatchObservableResult) => {
        for (const tally of this.tallies.values()) {
          for (const [field, observable] of counters) {
            if (tally[field] > 0) result.observe(observable, tally[field], tally.attributes);
          }
        }
        if (retried) result.observe(retried, this.retriedTally, this.runAttributes);
      },
      retried ? [...observables, retried] : observables,
    );
  }

  override generated(message: Message): void {
    super.generated(message);
    this.of(message).generated++;
  }

  override dropped(message: Message): void {
    super.dropped(message);
    this.of(message).dropped++;
  }

  override attempt(
    message: Message,
    recipient: string,
    ok: boolean,
    timedOut: boolean,
    ms: number,
  ): void {
    super.attempt(message, recipient, ok, timedOut, ms);
    const tally = this.of(message);
    this.deliveryHistogram.record(Math.max(0, ms), tally.attributes);
    if (!ok) tally.failed++;
  }

  override retried(): void {
    super.retried();
    this.retriedTally++;
  }

  override delivered(message: Message, now: number): boolean {
    if (!super.delivered(message, now)) return false;
    const tally = this.of(message);
    tally.delivered++;
    // OpenTelemetry drops a negative value, where the run's histograms count it as 0: a worker's
    // clock a moment behind the coordinator's, which scheduled the message, would leave the
    // export's count short of the result's.
    this.endToEndHistogram.record(Math.max(0, this.endToEndMs(message, now)), tally.attributes);
    return true;
  }

  override deadLettered(message: Message, error: string, now: number): boolean {
    if (!super.deadLettered(message, error, now)) return false;
    this.of(message).deadLettered++;
    return true;
  }

  override restore(record: SettledRecord): void {
    const before = this.restored;
    super.restore(record);
    if (this.restored === before) return;
    const tally = this.tallyOf(record.type, record.sender);
    if (record.outcome === "delivered") tally.delivered++;
    else tally.deadLettered++;
  }

  private of(message: Message): Tally {
    return this.tallyOf(message.type, message.sender);
  }

  private tallyOf(type: MessageType, sender: string): Tally {
    const agent = this.withAgent ? (this.agentValue.get(sender) ?? OTHER_AGENTS) : undefined;
    const key = agent === undefined ? type : `${type}\u0000${agent}`;
    let tally = this.tallies.get(key);
    if (tally === undefined) {
      tally = {
        attributes: {
          ...this.runAttributes,
          [MESSAGE_TYPE_ATTRIBUTE]: type,
          ...(agent === undefined ? {} : { [AGENT_ATTRIBUTE]: agent }),
        },
        generated: 0,
        delivered: 0,
        deadLettered: 0,
        dropped: 0,
        failed: 0,
      };
      this.tallies.set(key, tally);
    }
    return tally;
  }
}
