import type { z } from "zod";
import { type Distribution, parseDistribution } from "../model/distributions.js";
import { MESSAGE_TYPES, type MessageType } from "../model/message.js";
import { show } from "../model/short-text.js";
import { once } from "../util/lazy.js";
import { loadZod, type ZodNamespace } from "../util/zod.js";
import { A2A_MODES, A2A_VERSIONS, LOCAL_AGENT_PROTOCOLS } from "./a2a-settings.js";
import { parseDuration } from "./duration.js";
import { isOtlpUrl } from "./otlp-url.js";
import { QUEUE_FORMS, QUEUE_SETTING_PATTERN } from "./queue-kind.js";
import { parseRate } from "./rate.js";
import { parseSize } from "./size.js";
import { parseStages, type StageSetting } from "./stages.js";

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
 *
 * Each field's description is the one place its meaning is written: it is the help of its
 * flag (`swarm-stress run --help`) and its description in the settings' JSON Schema
 * (`swarm-stress schema`), so it reads as a help line: lower case, no final period.
 *
 * The schema is built, and zod loaded, on the first call; later calls return the same schema.
 */
export const runSettingsSchema: () => RunSettingsSchema = once(() =>
  buildRunSettingsSchema(loadZod().z),
);

/** The type of {@link runSettingsSchema}'s schema: what it reads and what it makes. */
export type RunSettingsSchema = ReturnType<typeof buildRunSettingsSchema>;

/**
 * Build the settings schema from `z`. Built on first use, not on import: zod takes longer to
 * load than the rest of the library together, and importing it must stay cheap.
 */
function buildRunSettingsSchema(z: ZodNamespace) {
  /** Wraps a parser that throws into a zod transform that reports the parser's message. */
  function parsedBy<T, In = string | number>(parse: (value: In) => T) {
    return (value: In, ctx: z.RefinementCtx): T => {
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

  const rateField = z
    .union([z.number(), z.string()], {
      error: (issue) => `expected a rate such as 2000/s, got ${show(issue.input)}`,
    })
    .transform(parsedBy((value) => parseRate(value)));

  const stagesField = z
    .union(
      [
        z.string(),
        z.array(
          z.strictObject({
            duration: z.union([z.number(), z.string()]),
            target: z.union([z.number(), z.string()]),
          }),
        ),
      ],
      {
        error: (issue) =>
          `expected stages such as "10s:100/s,60s:5000/s" or a list of { duration, target }, got ${show(issue.input)}`,
      },
    )
    .transform(parsedBy((value: string | readonly StageSetting[]) => parseStages(value)));

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
        ctx.addIssue({
          code: "custom",
          message: "at least one message type needs a weight above 0",
        });
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
  const thresholdField = z.string({
    error: "expected a threshold such as latency.endToEnd.p99<5ms",
  });

  return z.strictObject({
    scenario: z
      .string()
      .optional()
      .describe("built-in scenario to start from (see `swarm-stress scenarios`)"),
    agents: z
      .number()
      .min(2, "at least 2 agents are needed (a message needs a recipient)")
      .max(MAX_AGENTS, {
        error: (issue) =>
          `at most ${MAX_AGENTS} agents (per-agent statistics are kept for each), got ${show(issue.input)}`,
        abort: true,
      })
      .int()
      .optional()
      .describe("number of agents, at least 2"),
    messagesPerAgent: count(MAX_MESSAGES_PER_AGENT)
      .optional()
      .describe("messages each agent sends"),
    types: typesField
      .optional()
      .describe(
        `message types to send: a list (equal weights) or a map of type to weight; types: ${MESSAGE_TYPES.join(", ")}`,
      ),
    payloadSize: sizeField
      .optional()
      .describe("payload bytes or a distribution, e.g. 1kb or uniform(64, 4kb)"),
    generation: z
      .enum(["stream", "upfront"])
      .optional()
      .describe("stream or upfront: make messages as the queue accepts them, or all first"),
    load: z
      .enum(["closed", "open"])
      .optional()
      .describe(
        "closed: drain a backlog as fast as the queue takes it; open: messages arrive on a schedule (rate or stages); open when a rate or stages are given",
      ),
    rate: rateField
      .optional()
      .describe(
        "open load: arrivals per second across the swarm, e.g. 2000/s (each agent its share)",
      ),
    arrivals: z
      .enum(["uniform", "poisson"])
      .optional()
      .describe("open load: uniform or poisson (seeded) spacing of arrivals"),
    duration: durationField
      .optional()
      .describe(
        "open load: make messages until this much time has passed, e.g. 30s (messagesPerAgent, when given, caps it)",
      ),
    stages: stagesField
      .optional()
      .describe(
        "open load: ramping rate, each stage linear from the previous rate to its target, e.g. 10s:100/s,60s:5000/s",
      ),
    maxBacklog: positiveInt(MAX_QUEUE_CAPACITY)
      .optional()
      .describe(
        "open load: messages held for a full queue before further arrivals are dropped (and counted)",
      ),
    seed: count(MAX_SEED).optional().describe("seed of the message stream and fault decisions"),
    batchSize: positiveInt(MAX_BATCH_SIZE).optional().describe("messages leased per batch"),
    interval: durationField.optional().describe("pause after each batch, e.g. 100ms"),
    concurrency: positiveInt(MAX_BATCH_SIZE).optional().describe("deliveries in flight at once"),
    maxAttempts: positiveInt(MAX_ATTEMPTS)
      .optional()
      .describe("delivery rounds before dead-lettering"),
    retryBaseDelay: durationField
      .optional()
      .describe("first retry backoff; doubles each attempt, with jitter over its upper half"),
    retryMaxDelay: durationField.optional().describe("longest retry backoff"),
    timeout: durationField.optional().describe("a delivery pending this long times out"),
    initTimeout: durationField.optional().describe("a core's init pending this long fails the run"),
    closeTimeout: durationField
      .optional()
      .describe("a core's close pending this long is given up on"),
    // Only the kind is checked here, by the prefix rule `parseQueueSpec` dispatches on: the full
    // grammar (a path, a URL's parts) lives with the drivers, a layer above this one, and refuses
    // a malformed queue in one line when the run reads it.
    queue: z
      .string()
      .regex(QUEUE_SETTING_PATTERN, `expected ${QUEUE_FORMS}`)
      .optional()
      .describe(
        "queue driver: memory, sqlite:PATH, redis://HOST:PORT/DB?stream=NAME, nats://HOST:PORT?stream=NAME, amqp://USER:PASSWORD@HOST:5672/VHOST?queue=NAME, bullmq+redis://HOST:PORT/DB?queue=NAME or postgres://USER:PASSWORD@HOST:5432/DB?queue=NAME",
      ),
    queueCapacity: positiveInt(MAX_QUEUE_CAPACITY).optional().describe("messages the queue holds"),
    visibilityTimeout: durationField
      .optional()
      .describe(
        "lease expiry: a message leased this long without being settled is handed out again",
      ),
    heartbeat: durationField
      .optional()
      .describe(
        "distributed runs: a worker quiet this long is taken for lost, a coordinator quiet twice as long for dead (at least 2s: everyone beats once a second)",
      ),
    core: z
      .string()
      .min(1)
      .optional()
      .describe(
        '"mock", the path of a delivery core module, http:URL to POST each delivery to (URL with {agent}, {type}), or a2a:URL to send it to A2A agents (URL with {agent})',
      ),
    a2aVersion: z
      .enum(A2A_VERSIONS)
      .optional()
      .describe("a2a core: protocol version, 1.0 (SendMessage) or 0.3 (message/send)"),
    a2aMode: z
      .enum(A2A_MODES)
      .optional()
      .describe(
        "a2a core: blocking (the reply carries the finished task), stream (follow the task's events to the last) or push (the agent answers at once and posts the task's end to a webhook of the harness on 127.0.0.1)",
      ),
    delay: delayField
      .optional()
      .describe(
        "mock core (and the agents of agentsLocal): delay per delivery or a distribution, e.g. uniform(0.5ms, 2ms)",
      ),
    successRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("mock core (and the agents of agentsLocal): attempt success probability"),
    chaos: z
      .boolean()
      .optional()
      .describe("mock core: inject failure bursts, latency spikes, saturation, pressure"),
    record: z
      .string()
      .min(1)
      .optional()
      .describe("write one NDJSON line per message outcome to this file"),
    verify: z
      .string()
      .refine(isHttpUrl, {
        error: (issue) =>
          `expected the agents server's http:// URL, such as http://127.0.0.1:9100, got ${show(issue.input)}`,
      })
      .optional()
      .describe(
        "hold the run's count against the receipts of the agents server at this URL (GET URL/receipts; see swarm-stress agents serve)",
      ),
    agentsLocal: z
      .enum(LOCAL_AGENT_PROTOCOLS)
      .optional()
      .describe(
        "start the run's own agents on 127.0.0.1 (a2a or http, as swarm-stress agents serve does), deliver to them and verify their receipts; delay and successRate then set the agents' service time and success rate",
      ),
    otlp: z
      .string()
      .refine(isOtlpUrl, "expected an http:// or https:// URL, e.g. http://localhost:4318")
      .optional()
      .describe(
        "export the run's metrics over OTLP/HTTP (JSON) every second to this collector URL (/v1/metrics is added unless the path ends with it)",
      ),
    otlpAgentAttribute: z
      .boolean()
      .optional()
      .describe(
        "OTLP export: add the sending agent as an attribute (the first 100 agents, the rest as other)",
      ),
    thresholds: z
      .array(thresholdField)
      .optional()
      .describe("pass/fail criteria, e.g. latency.endToEnd.p99<5ms or successRate>=95%"),
    abortOnFail: z
      .boolean()
      .optional()
      .describe("stop the run as soon as a threshold can no longer pass"),
    workers: count(MAX_LOCAL_WORKERS)
      .optional()
      .describe(
        "deliver in N worker processes (Redis queue only; 0: workers join from other machines)",
      ),
  });
}

/** Whether `text` is an http(s) URL without credentials (the setting is saved with results). */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.username === "" &&
      url.password === ""
    );
  } catch {
    return false;
  }
}

/** Settings as written by people: every field optional, units as text. */
export type RunSettings = z.input<ReturnType<typeof buildRunSettingsSchema>>;

/** Settings after parsing: durations in ms, distributions parsed, still partial. */
export type ParsedRunSettings = z.output<ReturnType<typeof buildRunSettingsSchema>>;

/**
 * Settings a resolved configuration may go without: no timeout, no record file, one process;
 * the open load's settings in a closed run; no count in an open run bounded by time.
 */
export type UnsetSettingKey =
  | "timeout"
  | "a2aVersion"
  | "a2aMode"
  | "record"
  | "verify"
  | "agentsLocal"
  | "otlp"
  | "otlpAgentAttribute"
  | "workers"
  | "messagesPerAgent"
  | "rate"
  | "arrivals"
  | "duration"
  | "stages"
  | "maxBacklog";

/**
 * A fully resolved run configuration; recorded in every RunResult. It is the parsed settings
 * with every field present but those of {@link UnsetSettingKey}: durations in milliseconds,
 * delays and payload sizes as distributions, types as weights (only those above 0 are sent),
 * thresholds as written (judged in the result's `thresholds`).
 */
export type RunConfig = Resolved<Omit<ParsedRunSettings, UnsetSettingKey>> &
  Unset<Pick<ParsedRunSettings, UnsetSettingKey>>;

/** Every field present, and none of them changed by whoever reads the configuration. */
type Resolved<T> = { readonly [K in keyof T]-?: Readonly<Exclude<T[K], undefined>> };

/** Like {@link Resolved}, with the fields left optional. */
type Unset<T> = { readonly [K in keyof T]?: Readonly<Exclude<T[K], undefined>> };
