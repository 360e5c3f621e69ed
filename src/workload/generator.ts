import { agentNames } from "../model/agents.js";
import { createSampler, type Distribution } from "../model/distributions.js";
import {
  MESSAGE_TYPES,
  type Message,
  type MessageHints,
  type MessageType,
  PRIORITY_BY_TYPE,
} from "../model/message.js";
import { createRandom, type Random } from "../util/random.js";
import { PayloadSource } from "./payload.js";

/** What the generator needs to know about the workload. */
export interface GeneratorOptions {
  readonly agents: number;
  /** Absent: no count bounds the generator (an open run bounded by time ends it). */
  readonly messagesPerAgent?: number | undefined;
  /** Messages in all, when something other than the count per agent bounds them. */
  readonly total?: number;
  /** Relative weight per type; types with weight 0 or absent are not sent. */
  readonly types: Readonly<Partial<Record<MessageType, number>>>;
  readonly payloadSize: Distribution;
  readonly seed: number;
}

/** The PRNG stream of the generator; other consumers of the seed use other streams. */
const GENERATOR_STREAM = 1;

/**
 * Produces the run's messages one at a time, lazily, so a run of ten million messages holds no
 * more of them than the queue does. The same seed gives the same sequence of types, senders,
 * recipients and payload sizes.
 *
 * Senders take turns (`seq % agents`), so every agent sends exactly `messagesPerAgent` (with
 * a `total` that is not a multiple of the agents, the first ones one more).
 */
export class MessageGenerator {
  /** Messages this generator will produce in all. */
  readonly total: number;
  private produced = 0;
  /**
   * The next message's sender, `produced % agents`, kept as a counter that wraps: a division
   * per message was a measurable share of making one.
   */
  private nextSender = 0;
  private readonly names: readonly string[];
  /**
   * For each sender, every other agent, shared by all of its broadcasts. Built on a sender's
   * first broadcast: built eagerly it would take agents² memory even for runs without any.
   */
  private readonly othersOf: (readonly string[] | undefined)[];
  /** For each agent, the one-element recipient list naming it, shared by every message to it. */
  private readonly only: readonly (readonly string[])[];
  private readonly typeTable: readonly MessageType[];
  /** Each entry of `typeTable`'s position in {@link MESSAGE_TYPES} and its priority. */
  private readonly typeIndexes: Int32Array;
  private readonly priorities: Int32Array;
  private readonly cumulativeWeights: Float64Array;
  private readonly random: Random;
  private readonly payloadSize: () => number;
  private readonly payloads = new PayloadSource();

  constructor(options: GeneratorOptions) {
    this.total =
      options.total ?? options.agents * (options.messagesPerAgent ?? Number.POSITIVE_INFINITY);
    this.names = agentNames(options.agents);
    this.othersOf = new Array(options.agents);
    this.only = this.names.map((name) => Object.freeze([name]));
    const entries = Object.entries(options.types).filter(([, weight]) => (weight ?? 0) > 0) as [
      MessageType,
      number,
    ][];
    this.typeTable = entries.map(([type]) => type);
    this.typeIndexes = Int32Array.from(this.typeTable, (type) => MESSAGE_TYPES.indexOf(type));
    this.priorities = Int32Array.from(this.typeTable, (type) => PRIORITY_BY_TYPE[type]);
    this.cumulativeWeights = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      sum += weight;
      this.cumulativeWeights[i] = sum;
    });
    for (let i = 0; i < entries.length; i++) {
      this.cumulativeWeights[i] = (this.cumulativeWeights[i] as number) / sum;
    }
    this.random = createRandom(options.seed, GENERATOR_STREAM);
    this.payloadSize = createSampler(options.payloadSize, this.random);
  }

  /** Messages produced so far. */
  get generated(): number {
    return this.produced;
  }

  /** True once every message has been produced. */
  get done(): boolean {
    return this.produced >= this.total;
  }

  /** The next message, stamped as scheduled at `scheduledAt` (epoch ms), or undefined when done. */
  next(scheduledAt: number): Message | undefined {
    if (this.produced >= this.total) return undefined;
    const seq = this.produced++;
    const agents = this.names.length;
    const senderIndex = this.nextSender;
    if (++this.nextSender === agents) this.nextSender = 0;
    const pick = this.pickType();
    const type = this.typeTable[pick] as MessageType;
    let recipients: readonly string[];
    let recipientIndex = -1;
    if (type === "broadcast") {
      recipients = this.othersOf[senderIndex] ?? this.buildOthers(senderIndex);
    } else {
      // Any agent but the sender, uniformly: draw among agents - 1 and skip over the sender.
      let recipient = Math.floor(this.random() * (agents - 1));
      if (recipient >= senderIndex) recipient++;
      recipients = this.only[recipient] as readonly string[];
      recipientIndex = recipient;
    }
    return new GeneratedMessage(
      seq,
      type,
      this.typeIndexes[pick] as number,
      this.priorities[pick] as number,
      senderIndex,
      this.names[senderIndex] as string,
      recipients,
      recipientIndex,
      this.payloads.take(this.payloadSize()),
      scheduledAt,
    );
  }

  private buildOthers(senderIndex: number): readonly string[] {
    const others = Object.freeze(this.names.filter((_, i) => i !== senderIndex));
    this.othersOf[senderIndex] = others;
    return others;
  }

  /** The next message's position in `typeTable`. */
  private pickType(): number {
    const last = this.typeTable.length - 1;
    if (last === 0) return 0;
    const u = this.random();
    const weights = this.cumulativeWeights;
    for (let i = 0; i < last; i++) {
      if (u < (weights[i] as number)) return i;
    }
    return last;
  }
}

/**
 * The generator's messages: one class, so every message shares a hidden class, and an `id`
 * derived from `seq` on demand instead of a string allocated for each message.
 */
class GeneratedMessage implements Message, MessageHints {
  readonly addressedTo: readonly string[];
  enqueuedAt: number;
  acceptedAt: number | undefined = undefined;
  attempts = 0;
  lastError: string | undefined = undefined;

  constructor(
    readonly seq: number,
    readonly type: MessageType,
    /** The type's position in {@link MESSAGE_TYPES}. */
    readonly typeIndex: number,
    readonly priority: number,
    readonly senderIndex: number,
    readonly sender: string,
    public recipients: readonly string[],
    readonly recipientIndex: number,
    readonly payload: string,
    readonly scheduledAt: number,
  ) {
    this.addressedTo = recipients;
    this.enqueuedAt = scheduledAt;
  }

  get id(): string {
    return `m${this.seq}`;
  }
}
