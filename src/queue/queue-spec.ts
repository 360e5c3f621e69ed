import { QUEUE_FORMS, type QueueKind, queueKindOf, SQLITE_PREFIX } from "../config/queue-kind.js";
import { ConfigError } from "../errors.js";
import { type AmqpQueueUrl, parseAmqpQueueUrl } from "./amqp/url.js";
import { type BullmqQueueUrl, parseBullmqQueueUrl } from "./bullmq/url.js";
import { type NatsQueueUrl, parseNatsQueueUrl } from "./nats/url.js";
import { type PostgresQueueUrl, parsePostgresQueueUrl } from "./postgres/url.js";
import { parseRedisQueueUrl, type RedisQueueUrl } from "./redis/url.js";
import { redactQueueUrl } from "./url-redaction.js";

/** The in-process queue, `memory`. */
export interface MemoryQueueSpec {
  readonly kind: "memory";
}

/** A durable queue file, `sqlite:PATH`. */
export interface SqliteQueueSpec {
  readonly kind: "sqlite";
  /** The file, as written after the prefix. */
  readonly path: string;
}

/** A Redis Streams queue, `redis[s]://…`, with the URL's parts. */
export interface RedisQueueSpec extends RedisQueueUrl {
  readonly kind: "redis";
  /** The URL as written, password included: for connecting, never for printing. */
  readonly url: string;
}

/** A NATS JetStream queue, `nats://…`, with the URL's parts. */
export interface NatsQueueSpec extends NatsQueueUrl {
  readonly kind: "nats";
  /** The URL as written, password included: for connecting, never for printing. */
  readonly url: string;
}

/** A RabbitMQ queue, `amqp[s]://…`, with the URL's parts. */
export interface AmqpQueueSpec extends AmqpQueueUrl {
  readonly kind: "amqp";
  /** The URL as written, password included: for connecting, never for printing. */
  readonly url: string;
}

/** A BullMQ queue on Redis, `bullmq+redis[s]://…`, with the URL's parts. */
export interface BullmqQueueSpec extends BullmqQueueUrl {
  readonly kind: "bullmq";
  /** The URL as written, password included: for connecting, never for printing. */
  readonly url: string;
}

/** A PostgreSQL queue (pg-boss), `postgres[ql]://…`, with the URL's parts. */
export interface PostgresQueueSpec extends PostgresQueueUrl {
  readonly kind: "postgres";
  /** The URL as written, password included: for connecting, never for printing. */
  readonly url: string;
}

/** A queue setting taken apart: one member per kind of queue. */
export type ParsedQueueSpec =
  | MemoryQueueSpec
  | SqliteQueueSpec
  | RedisQueueSpec
  | NatsQueueSpec
  | AmqpQueueSpec
  | BullmqQueueSpec
  | PostgresQueueSpec;

/** The member of {@link ParsedQueueSpec} for queues of kind `K`. */
export type QueueSpecOf<K extends QueueKind> = Extract<ParsedQueueSpec, { readonly kind: K }>;

/**
 * Takes a queue setting apart: `memory`, `sqlite:PATH`,
 * `redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB][?stream=NAME]`,
 * `nats://[USER:PASSWORD@]HOST[:PORT][?stream=NAME]`,
 * `amqp[s]://[USER:PASSWORD@]HOST[:PORT][/VHOST][?queue=NAME]`,
 * `bullmq+redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB][?queue=NAME]` or
 * `postgres[ql]://USER[:PASSWORD]@HOST[:PORT]/DB[?queue=NAME]`. Its kind is told by the prefix
 * (`queueKindOf`, the rule the settings' schema checks too); the rest is checked here.
 *
 * @throws {ConfigError} in one line, with any password hidden: an unknown kind, a file path
 * that is empty or holds a line break, or a malformed broker URL (see `parseRedisQueueUrl`,
 * `parseNatsQueueUrl`, `parseAmqpQueueUrl`, `parseBullmqQueueUrl`, `parsePostgresQueueUrl`).
 */
export function parseQueueSpec(text: string): ParsedQueueSpec {
  switch (queueKindOf(text)) {
    case "memory":
      return { kind: "memory" };
    case "sqlite":
      return { kind: "sqlite", path: sqlitePath(text) };
    case "redis":
      return { kind: "redis", url: text, ...parseRedisQueueUrl(text) };
    case "nats":
      return { kind: "nats", url: text, ...parseNatsQueueUrl(text) };
    case "amqp":
      return { kind: "amqp", url: text, ...parseAmqpQueueUrl(text) };
    case "bullmq":
      return { kind: "bullmq", url: text, ...parseBullmqQueueUrl(text) };
    case "postgres":
      return { kind: "postgres", url: text, ...parsePostgresQueueUrl(text) };
    case undefined:
      // JSON quoting keeps the message on one line whatever the text holds.
      throw new ConfigError(`unknown queue ${shownQueueSpec(text)}: expected ${QUEUE_FORMS}`);
  }
}

/**
 * {@link parseQueueSpec} for a place that takes one kind of queue only: a queue of any other
 * kind, or of none, is refused with `refusal`, which says what that place needs.
 *
 * @throws {ConfigError} with `refusal`, or as {@link parseQueueSpec} for a malformed queue of
 * the right kind.
 */
export function parseQueueSpecOf<K extends QueueKind>(
  text: string,
  kind: K,
  refusal: string,
): QueueSpecOf<K> {
  // Told by the prefix first, so that an unknown queue hears what this place needs.
  if (queueKindOf(text) !== kind) throw new ConfigError(refusal);
  const spec = parseQueueSpec(text);
  if (!isOfKind(spec, kind)) throw new ConfigError(refusal);
  return spec;
}

function isOfKind<K extends QueueKind>(spec: ParsedQueueSpec, kind: K): spec is QueueSpecOf<K> {
  return spec.kind === kind;
}

function sqlitePath(text: string): string {
  const path = text.slice(SQLITE_PREFIX.length);
  if (path === "") {
    throw new ConfigError(`expected a queue file as sqlite:PATH, got ${JSON.stringify(text)}`);
  }
  // Errors name the file, and each must stay one line.
  if (/[\r\n\u2028\u2029]/.test(path)) {
    throw new ConfigError("queue file path holds a line break: name the file without one");
  }
  return path;
}

/** A queue setting as a message may show it: quoted on one line, any password hidden. */
export function shownQueueSpec(text: string): string {
  return JSON.stringify(redactQueueUrl(text));
}
