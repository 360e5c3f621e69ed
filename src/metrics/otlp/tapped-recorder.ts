import {
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  ValueType,
} from "@opentelemetry/api";
import type { Message, MessageType } from "../../model/message.js";
import type { SettledRecord } from "../../model/settled-record.js";
import { Recorder } from "../recorder.js";
import {
  AGENT_ATTRIBUTE,
  INSTRUMENTS,
  MAX_AGENT_VALUES,
  MESSAGE_TYPE_ATTRIBUTE,
  OTHER_AGENTS,
  RUN_ID_ATTRIBUTE,
} from "./instruments.js";

/** Options of {@link TappedRecorder}. */
export interface TapOptions {
  /** Every agent name in order, and the types the run sends, as for a {@link Recorder}. */
  readonly agents: readonly string[];
  readonly types: readonly MessageType[];
  readonly runId: string;
  /** Whether the per-message points carry the sending agent (capped, see instruments.ts). */
  readonly agentAttribute: boolean;
}

/** The synchronous instruments the tap feeds. */
interface Instruments {
  readonly generated: Counter;
  readonly delivered: Counter;
  readonly deadLettered: Counter;
  readonly dropped: Counter;
  readonly retried: Counter;
  readonly failed: Counter;
  readonly endToEnd: Histogram;
  readonly delivery: Histogram;
}

/**
 * A {@link Recorder} that also tells OpenTelemetry instruments of every outcome, for `--otlp`:
 * it counts exactly what the recorder counts (a duplicate is not delivered twice) and records the
 * same latencies, so the exported totals equal the result's. A run without `--otlp` uses the
 * plain recorder: no work per message is added to it.
 */
export class TappedRecorder extends Recorder {
  private readonly instruments: Instruments;
  private readonly runAttributes: Attributes;
  /** Attributes by type, then (with the agent attribute) by sender: made once, reused. */
  private readonly attributes = new Map<string, Attributes>();
  private readonly agentValue = new Map<string, string>();
  private readonly withAgent: boolean;

  constructor(meter: Meter, options: TapOptions) {
    super(options.agents, options.types);
    const counter = (spec: { name: string; unit: string; description: string }): Counter =>
      meter.createCounter(spec.name, {
        unit: spec.unit,
        description: spec.description,
        valueType: ValueType.INT,
      });
    const histogram = (spec: { name: string; unit: string; description: string }): Histogram =>
      meter.createHistogram(spec.name, { unit: spec.unit, description: spec.description });
    this.instruments = {
      generated: counter(INSTRUMENTS.generated),
      delivered: counter(INSTRUMENTS.delivered),
      deadLettered: counter(INSTRUMENTS.deadLettered),
      dropped: counter(INSTRUMENTS.dropped),
      retried: counter(INSTRUMENTS.retried),
      failed: counter(INSTRUMENTS.failed),
      endToEnd: histogram(INSTRUMENTS.endToEnd),
      delivery: histogram(INSTRUMENTS.delivery),
    };
    this.runAttributes = { [RUN_ID_ATTRIBUTE]: options.runId };
    this.withAgent = options.agentAttribute;
    options.agents.forEach((name, i) => {
      this.agentValue.set(name, i < MAX_AGENT_VALUES ? name : OTHER_AGENTS);
    });
  }

  override generated(message: Message): void {
    super.generated(message);
    this.instruments.generated.add(1, this.of(message));
  }

  override dropped(message: Message): void {
    super.dropped(message);
    this.instruments.dropped.add(1, this.of(message));
  }

  override attempt(
    message: Message,
    recipient: string,
    ok: boolean,
    timedOut: boolean,
    ms: number,
  ): void {
    super.attempt(message, recipient, ok, timedOut, ms);
    const attributes = this.of(message);
    this.instruments.delivery.record(ms, attributes);
    if (!ok) this.instruments.failed.add(1, attributes);
  }

  override retried(): void {
    super.retried();
    this.instruments.retried.add(1, this.runAttributes);
  }

  override delivered(message: Message, now: number): boolean {
    if (!super.delivered(message, now)) return false;
    const attributes = this.of(message);
    this.instruments.delivered.add(1, attributes);
    this.instruments.endToEnd.record(
      now - message.scheduledAt - this.scheduleCorrectionMs,
      attributes,
    );
    return true;
  }

  override deadLettered(message: Message, error: string, now: number): boolean {
    if (!super.deadLettered(message, error, now)) return false;
    this.instruments.deadLettered.add(1, this.of(message));
    return true;
  }

  override restore(record: SettledRecord): void {
    const before = this.restored;
    super.restore(record);
    if (this.restored === before) return;
    const attributes = this.attributesOf(record.type, record.sender);
    if (record.outcome === "delivered") this.instruments.delivered.add(1, attributes);
    else this.instruments.deadLettered.add(1, attributes);
  }

  private of(message: Message): Attributes {
    return this.attributesOf(message.type, message.sender);
  }

  private attributesOf(type: MessageType, sender: string): Attributes {
    const agent = this.withAgent ? (this.agentValue.get(sender) ?? OTHER_AGENTS) : undefined;
    const key = agent === undefined ? type : `${type}\u0000${agent}`;
    let attributes = this.attributes.get(key);
    if (attributes === undefined) {
      attributes = {
        ...this.runAttributes,
        [MESSAGE_TYPE_ATTRIBUTE]: type,
        ...(agent === undefined ? {} : { [AGENT_ATTRIBUTE]: agent }),
      };
      this.attributes.set(key, attributes);
    }
    return attributes;
  }
}
