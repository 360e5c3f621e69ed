import { z } from "zod";
import { type Distribution, parseDistribution } from "./distributions.js";
import { parseDuration } from "./duration.js";
import { MESSAGE_TYPES, type MessageType } from "./message.js";
import { QUEUE_FORMS, queueKindOf } from "./queue-kind.js";
import { show } from "./short-text.js";
import { parseSize } from "./size.js";

/** Wraps a parser that throws into a zod transform that reports the parser's message. */
function parsedBy<T>(parse: (value: string | number) => T) {
  return (value: string | number, ctx: z.RefinementCtx): T => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  };
}

const durationField = z
  .union([z.number(), z.string()], {
    error: (issue) => `expected a duration such as 100ms or 0.1s, got ${show(issue.input)}`,
  })
  .transform(parsedBy(parseDuration));

const delayField = z
  .union([z.number(), z.string()], {
    error: (issue) =>
      `expected a delay such as 1ms or uniform(0.5ms, 2ms), got ${show(issue.input)}`,
  })
  .transform(
    parsedBy(
      (value): Distribution =>
        typeof value === "number"
          ? { kind: "fixed", value: parseDuration(value) }
          : parseDistribution(value, parseDuration),
    ),
  );

const sizeField = z
  .union([z.number(), z.string()], {
    error: (issue) => `expected a size such as 256 or uniform(64, 4kb), got ${show(issue.input)}`,
  })
  .transform(
    parsedBy(
      (value): Distribution =>
        typeof value === "number"
          ? { kind: "fixed", value: parseSize(value) }
          : parseDistribution(value, parseSize),
    ),
  );

const messageTypeField = z.enum(MESSAGE_TYPES, {
  error: (issue) => `unknown message type "${String(issue.input)}" (${MESSAGE_TYPES.join(", ")})`,
});

/** A list of types (equal weights) or a map of type to weight. */
const typesField = z
  .union([
    z.array(messageTypeField).min(1, "at least one message type is needed"),
    // zod's number is finite: Infinity and NaN are refused with the type's message.
    z.partialRecord(messageTypeField, z.number().nonnegative()),
  ])
  .transform((value, ctx): Partial<Record<MessageType, number>> => {
    const weights: Partial<Record<MessageType, number>> = Array.isArray(value)
      ? Object.fromEntries(value.map((type) => [type, 1]))
      : value;
    const sum = Object.values(weights).reduce((total: number, w) => total + (w ?? 0), 0);
    if (sum <= 0) {
      ctx.addIssue({ code: "custom", message: "at least one message type needs a weight above 0" });
      return z.NEVER;
    }
    // Types are picked by a draw over the sum: an infinite sum would pick one type every time.
    if (!Number.isFinite(sum)) {
      const list = Object.entries(weights)
        .map(([type, w]) => `${type}=${w}`)
        .join(", ");
      ctx.addIssue({
        code: "custom",
        message: `the weights add up to more than the largest number (${list}); they are relative, scale them down`,
      });
      return z.NEVER;
    }
    return weights;
  });

/**
 * A whole number from 0 (or above 0) to `max`. The bound is checked before `int` and alone, so
 * a huge value is reported against it rather than against 2^53, the bound `int` has of its own.
 */
const count = (max: number, { positive = false } = {}) =>
  (positive ? z.number().positive() : z.number().nonnegative()).max(max, { abort: true }).int();

const positiveInt = (max: number) => count(max, { positive: true });

/**
 * A threshold expression as text. Its meaning (the metric, its unit) is checked one layer up,
 * where the result's metrics are known: see thresholds/settings-schema.ts.
 */
const thresholdField = z.string({ error: "expected a threshold such as latency.endToEnd.p99<5ms" });

/** Most worker processes a run starts on its own machine. */
export const MAX_LOCAL_WORKERS = 64;

/** Most agents a run may simulate; each costs a few KB of per-agent statistics. */
export const MAX_AGENTS = 10_000;

/**
 * Most messages one agent may send: with {@link MAX_AGENTS}, every message number stays an
 * exact integer (below 2^53) with room to spare.
 */
export const MAX_MESSAGES_PER_AGENT = 1_000_000_000;

/** Largest seed: the generator mixes seeds as 32-bit integers, so larger ones repeat smaller. */
export const MAX_SEED = 0xffff_ffff;

/** Most messages leased and delivered per batch, and most deliveries in flight at once. */
export const MAX_BATCH_SIZE = 100_000;

/** Most delivery rounds per message before it is dead-lettered. */
export const MAX_ATTEMPTS = 1000;

/** Most messages a queue may be told to hold. */
export const MAX_QUEUE_CAPACITY = 100_000_000;

/**
 * Everything a run can be told, as written in a config file or passed to the library. Every
 * field is optional; missing ones come from the scenario, then from the defaults. Durations
 * accept units (`250us`, `1ms`, `0.1s`); delays and payload sizes accept distributions. Every
 * number is finite and bounded (the `MAX_` constants here, `MAX_DURATION_MS` and
 * `MAX_SIZE_BYTES`), so no setting can make a run wait forever or take all memory.
 */
export const RunSettingsSchema = z.strictObject({
  /** Built-in scenario whose settings sit under these (see `swarm-stress scenarios`). */
  scenario: z.string().optional(),
  /** Number of agents, `Agent-1` … `Agent-N`. */
  agents: z
    .number()
    .min(2, "at least 2 agents are needed (a message needs a recipient)")
    .max(MAX_AGENTS, {
      error: (issue) =>
        `at most ${MAX_AGENTS} agents (per-agent statistics are kept for each), got ${show(issue.input)}`,
      abort: true,
    })
    .int()
    .optional(),
  /** Messages each agent sends. */
  messagesPerAgent: count(MAX_MESSAGES_PER_AGENT).optional(),
  /** Message types to send: a list (equal weights) or a map of type to weight. */
  types: typesField.optional(),
  /** Payload size in bytes, fixed or a distribution. */
  payloadSize: sizeField.optional(),
  /** `stream` makes messages as the queue accepts them; `upfront` makes all of them first. */
  generation: z.enum(["stream", "upfront"]).optional(),
  /** Seed for the message stream and the fault decisions; random (and recorded) when absent. */
  seed: count(MAX_SEED).optional(),
  /** Messages leased and delivered per batch. */
  batchSize: positiveInt(MAX_BATCH_SIZE).optional(),
  /** Pause after each batch. */
  interval: durationField.optional(),
  /** Deliveries in flight at once; defaults to the batch size. */
  concurrency: positiveInt(MAX_BATCH_SIZE).optional(),
  /** Delivery rounds per message before it is dead-lettered. */
  maxAttempts: positiveInt(MAX_ATTEMPTS).optional(),
  /** Backoff before the first retry; doubles each attempt, with jitter over its upper half. */
  retryBaseDelay: durationField.optional(),
  /** Longest backoff between attempts. */
  retryMaxDelay: durationField.optional(),
  /** A delivery still pending after this long counts as timed out. */
  timeout: durationField.optional(),
  /** A core's `init` still pending after this long fails the run (exit 3). */
  initTimeout: durationField.optional(),
  /** A core's `close` still pending after this long is given up on; the result stands. */
  closeTimeout: durationField.optional(),
  /**
   * The queue driver: `memory` (in-process, the default), `sqlite:PATH` (a durable file) or
   * `redis://HOST:PORT/DB?stream=NAME` (Redis Streams, shared by processes on many machines;
   * `rediss://` for TLS).
   */
  // Only the kind is checked here, by the prefix rule `parseQueueSpec` dispatches on: the full
  // grammar (a path, a URL's parts) lives with the drivers, a layer above this one, and refuses
  // a malformed queue in one line when the run reads it.
  queue: z
    .string()
    .refine((text) => queueKindOf(text) !== undefined, `expected ${QUEUE_FORMS}`)
    .optional(),
  /** Messages the queue holds at most before the producer has to wait. */
  queueCapacity: positiveInt(MAX_QUEUE_CAPACITY).optional(),
  /** A lease not settled within this time is handed out again. */
  visibilityTimeout: durationField.optional(),
  /** `mock`, or the path of a module exporting a DeliveryCore. */
  core: z.string().min(1).optional(),
  /** Mock core: delay per delivery, fixed or a distribution. */
  delay: delayField.optional(),
  /** Mock core: probability that one delivery attempt succeeds. */
  successRate: z.number().min(0).max(1).optional(),
  /** Mock core: add failure bursts, latency spikes, queue saturation and memory pressure. */
  chaos: z.boolean().optional(),
  /** Stream one NDJSON line per message outcome to this file. */
  record: z.string().min(1).optional(),
  /** Pass/fail criteria over the result, e.g. `latency.endToEnd.p99<5ms` (see thresholds). */
  thresholds: z.array(thresholdField).optional(),
  /** Stop the run as soon as a threshold can no longer pass. */
  abortOnFail: z.boolean().optional(),
  /**
   * Deliver in this many worker processes (a Redis queue only); the run's own process then
   * only produces, and merges what the workers report. 0: workers join from elsewhere.
   */
  workers: count(MAX_LOCAL_WORKERS).optional(),
});

/** Settings as written by people: every field optional, units as text. */
export type RunSettings = z.input<typeof RunSettingsSchema>;

/** Settings after parsing: durations in ms, distributions parsed, still partial. */
export type ParsedRunSettings = z.output<typeof RunSettingsSchema>;

/** A fully resolved run configuration; recorded in every RunResult. */
export interface RunConfig {
  readonly scenario: string;
  readonly agents: number;
  readonly messagesPerAgent: number;
  /** Relative weight per type; only types with a weight above 0 are sent. */
  readonly types: Readonly<Partial<Record<MessageType, number>>>;
  readonly payloadSize: Distribution;
  readonly generation: "stream" | "upfront";
  readonly seed: number;
  readonly batchSize: number;
  /** Milliseconds. */
  readonly interval: number;
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** Milliseconds. */
  readonly retryBaseDelay: number;
  /** Milliseconds. */
  readonly retryMaxDelay: number;
  /** Milliseconds; absent means no timeout. */
  readonly timeout?: number;
  /** Milliseconds. */
  readonly initTimeout: number;
  /** Milliseconds. */
  readonly closeTimeout: number;
  /** `memory`, `sqlite:PATH` or a Redis URL; `parseQueueSpec` takes it apart. */
  readonly queue: string;
  readonly queueCapacity: number;
  /** Milliseconds. */
  readonly visibilityTimeout: number;
  readonly core: string;
  /** Milliseconds. */
  readonly delay: Distribution;
  readonly successRate: number;
  readonly chaos: boolean;
  readonly record?: string;
  /** Threshold expressions, as written; judged in the result's `thresholds`. */
  readonly thresholds: readonly string[];
  readonly abortOnFail: boolean;
  /** Worker processes of a distributed run; absent for a run in one process. */
  readonly workers?: number;
}
