import {
  loadZod
} from "./chunk-SKMD6Q72.js";
import {
  parseSize
} from "./chunk-5J5BT47B.js";
import {
  parseRate
} from "./chunk-NVC7T5PM.js";
import {
  MESSAGE_TYPES
} from "./chunk-HO7RTZVS.js";
import {
  parseDistribution
} from "./chunk-7RRR65MG.js";
import {
  MAX_DURATION_MS,
  parseDuration
} from "./chunk-W6F7X4K4.js";
import {
  quoteShort,
  show
} from "./chunk-2K75BOFE.js";
import {
  once
} from "./chunk-DP7FM7BS.js";
import {
  QUEUE_FORMS,
  QUEUE_SETTING_PATTERN
} from "./chunk-PTSGJIAI.js";

// dist/config/stages.js
var MAX_STAGES = 1e3;
function parseStages(value) {
  const written = typeof value === "string" ? value.split(",").map((part) => part.trim()).map((part) => {
    const colon = part.lastIndexOf(":");
    if (colon <= 0) {
      throw new Error(`invalid stage ${quoteShort(part)}: expected DURATION:RATE such as 30s:2000/s`);
    }
    return { duration: part.slice(0, colon), target: part.slice(colon + 1), shown: part };
  }) : value.map((stage, i) => ({ ...stage, shown: `number ${i + 1}` }));
  if (written.length === 0)
    throw new Error("at least one stage is needed");
  if (written.length > MAX_STAGES)
    throw new Error(`at most ${MAX_STAGES} stages`);
  let totalMs = 0;
  return written.map(({ duration, target, shown }) => {
    let stage;
    try {
      stage = {
        durationMs: parseDuration(duration),
        targetRate: parseRate(target, { allowZero: true })
      };
    } catch (error) {
      throw new Error(`stage ${shown}: ${error.message}`);
    }
    if (stage.durationMs <= 0)
      throw new Error(`stage ${shown}: a stage must last more than 0ms`);
    totalMs += stage.durationMs;
    if (totalMs > MAX_DURATION_MS) {
      throw new Error(`the stages last more than ${MAX_DURATION_MS}ms (about 24.8 days) in all`);
    }
    return stage;
  });
}

// dist/config/run-settings.js
var MAX_LOCAL_WORKERS = 64;
var MAX_AGENTS = 1e4;
var MAX_MESSAGES_PER_AGENT = 1e9;
var MAX_SEED = 4294967295;
var MAX_BATCH_SIZE = 1e5;
var MAX_ATTEMPTS = 1e3;
var MAX_QUEUE_CAPACITY = 1e8;
var runSettingsSchema = once(() => buildRunSettingsSchema(loadZod().z));
function buildRunSettingsSchema(z) {
  function parsedBy(parse) {
    return (value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error.message });
        return z.NEVER;
      }
    };
  }
  const durationField = z.union([z.number(), z.string()], {
    error: (issue) => `expected a duration such as 100ms or 0.1s, got ${show(issue.input)}`
  }).transform(parsedBy(parseDuration));
  const delayField = z.union([z.number(), z.string()], {
    error: (issue) => `expected a delay such as 1ms or uniform(0.5ms, 2ms), got ${show(issue.input)}`
  }).transform(parsedBy((value) => typeof value === "number" ? { kind: "fixed", value: parseDuration(value) } : parseDistribution(value, parseDuration)));
  const sizeField = z.union([z.number(), z.string()], {
    error: (issue) => `expected a size such as 256 or uniform(64, 4kb), got ${show(issue.input)}`
  }).transform(parsedBy((value) => typeof value === "number" ? { kind: "fixed", value: parseSize(value) } : parseDistribution(value, parseSize)));
  const rateField = z.union([z.number(), z.string()], {
    error: (issue) => `expected a rate such as 2000/s, got ${show(issue.input)}`
  }).transform(parsedBy((value) => parseRate(value)));
  const stagesField = z.union([
    z.string(),
    z.array(z.strictObject({
      duration: z.union([z.number(), z.string()]),
      target: z.union([z.number(), z.string()])
    }))
  ], {
    error: (issue) => `expected stages such as "10s:100/s,60s:5000/s" or a list of { duration, target }, got ${show(issue.input)}`
  }).transform(parsedBy((value) => parseStages(value)));
  const messageTypeField = z.enum(MESSAGE_TYPES, {
    error: (issue) => `unknown message type "${String(issue.input)}" (${MESSAGE_TYPES.join(", ")})`
  });
  const typesField = z.union([
    z.array(messageTypeField).min(1, "at least one message type is needed"),
    // zod's number is finite: Infinity and NaN are refused with the type's message.
    z.partialRecord(messageTypeField, z.number().nonnegative())
  ]).transform((value, ctx) => {
    const weights = Array.isArray(value) ? Object.fromEntries(value.map((type) => [type, 1])) : value;
    const sum = Object.values(weights).reduce((total, w) => total + (w ?? 0), 0);
    if (sum <= 0) {
      ctx.addIssue({
        code: "custom",
        message: "at least one message type needs a weight above 0"
      });
      return z.NEVER;
    }
    if (!Number.isFinite(sum)) {
      const list = Object.entries(weights).map(([type, w]) => `${type}=${w}`).join(", ");
      ctx.addIssue({
        code: "custom",
        message: `the weights add up to more than the largest number (${list}); they are relative, scale them down`
      });
      return z.NEVER;
    }
    return weights;
  });
  const count = (max, { positive = false } = {}) => (positive ? z.number().positive() : z.number().nonnegative()).max(max, { abort: true }).int();
  const positiveInt = (max) => count(max, { positive: true });
  const thresholdField = z.string({
    error: "expected a threshold such as latency.endToEnd.p99<5ms"
  });
  return z.strictObject({
    scenario: z.string().optional().describe("built-in scenario to start from (see `swarm-stress scenarios`)"),
    agents: z.number().min(2, "at least 2 agents are needed (a message needs a recipient)").max(MAX_AGENTS, {
      error: (issue) => `at most ${MAX_AGENTS} agents (per-agent statistics are kept for each), got ${show(issue.input)}`,
      abort: true
    }).int().optional().describe("number of agents, at least 2"),
    messagesPerAgent: count(MAX_MESSAGES_PER_AGENT).optional().describe("messages each agent sends"),
    types: typesField.optional().describe(`message types to send: a list (equal weights) or a map of type to weight; types: ${MESSAGE_TYPES.join(", ")}`),
    payloadSize: sizeField.optional().describe("payload bytes or a distribution, e.g. 1kb or uniform(64, 4kb)"),
    generation: z.enum(["stream", "upfront"]).optional().describe("stream or upfront: make messages as the queue accepts them, or all first"),
    load: z.enum(["closed", "open"]).optional().describe("closed: drain a backlog as fast as the queue takes it; open: messages arrive on a schedule (rate or stages); open when a rate or stages are given"),
    rate: rateField.optional().describe("open load: arrivals per second across the swarm, e.g. 2000/s (each agent its share)"),
    arrivals: z.enum(["uniform", "poisson"]).optional().describe("open load: uniform or poisson (seeded) spacing of arrivals"),
    duration: durationField.optional().describe("open load: make messages until this much time has passed, e.g. 30s (messagesPerAgent, when given, caps it)"),
    stages: stagesField.optional().describe("open load: ramping rate, each stage linear from the previous rate to its target, e.g. 10s:100/s,60s:5000/s"),
    maxBacklog: positiveInt(MAX_QUEUE_CAPACITY).optional().describe("open load: messages held for a full queue before further arrivals are dropped (and counted)"),
    seed: count(MAX_SEED).optional().describe("seed of the message stream and fault decisions"),
    batchSize: positiveInt(MAX_BATCH_SIZE).optional().describe("messages leased per batch"),
    interval: durationField.optional().describe("pause after each batch, e.g. 100ms"),
    concurrency: positiveInt(MAX_BATCH_SIZE).optional().describe("deliveries in flight at once"),
    maxAttempts: positiveInt(MAX_ATTEMPTS).optional().describe("delivery rounds before dead-lettering"),
    retryBaseDelay: durationField.optional().describe("first retry backoff; doubles each attempt, with jitter over its upper half"),
    retryMaxDelay: durationField.optional().describe("longest retry backoff"),
    timeout: durationField.optional().describe("a delivery pending this long times out"),
    initTimeout: durationField.optional().describe("a core's init pending this long fails the run"),
    closeTimeout: durationField.optional().describe("a core's close pending this long is given up on"),
    // Only the kind is checked here, by the prefix rule `parseQueueSpec` dispatches on: the full
    // grammar (a path, a URL's parts) lives with the drivers, a layer above this one, and refuses
    // a malformed queue in one line when the run reads it.
    queue: z.string().regex(QUEUE_SETTING_PATTERN, `expected ${QUEUE_FORMS}`).optional().describe("queue driver: memory, sqlite:PATH or redis://HOST:PORT/DB?stream=NAME"),
    queueCapacity: positiveInt(MAX_QUEUE_CAPACITY).optional().describe("messages the queue holds"),
    visibilityTimeout: durationField.optional().describe("lease expiry: a message leased this long without being settled is handed out again"),
    core: z.string().min(1).optional().describe('"mock" or the path of a delivery core module'),
    delay: delayField.optional().describe("mock core: delay per delivery or a distribution, e.g. uniform(0.5ms, 2ms)"),
    successRate: z.number().min(0).max(1).optional().describe("mock core: attempt success probability"),
    chaos: z.boolean().optional().describe("mock core: inject failure bursts, latency spikes, saturation, pressure"),
    record: z.string().min(1).optional().describe("write one NDJSON line per message outcome to this file"),
    thresholds: z.array(thresholdField).optional().describe("pass/fail criteria, e.g. latency.endToEnd.p99<5ms or successRate>=95%"),
    abortOnFail: z.boolean().optional().describe("stop the run as soon as a threshold can no longer pass"),
    workers: count(MAX_LOCAL_WORKERS).optional().describe("deliver in N worker processes (Redis queue only; 0: workers join from other machines)")
  });
}

export {
  runSettingsSchema
};
