/** The kinds of queue a run can use, as the prefix of its queue setting says. */
export type QueueKind = "memory" | "sqlite" | "redis" | "nats" | "amqp" | "bullmq" | "postgres";

/** The prefix of a `sqlite:PATH` queue. */
export const SQLITE_PREFIX = "sqlite:";

/** The scheme of a Redis queue URL; case does not matter in a URL's scheme. */
export const REDIS_SCHEME = /^rediss?:\/\//i;

/** The scheme of a NATS JetStream queue URL. */
export const NATS_SCHEME = /^nats:\/\//i;
/** The scheme of a RabbitMQ queue URL. */
export const AMQP_SCHEME = /^amqps?:\/\//i;
/** The scheme of a BullMQ queue URL: a Redis URL marked for BullMQ. */
export const BULLMQ_SCHEME = /^bullmq\+rediss?:\/\//i;

/** The scheme of a PostgreSQL (pg-boss) queue URL: `postgres://` or `postgresql://`. */
export const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;

/**
 * {@link queueKindOf}'s rule as one pattern, for the settings' schema and the JSON Schema made
 * from it (which has no case-insensitive flag, hence the spelled-out scheme).
 */
export const QUEUE_SETTING_PATTERN =
  /^(?:memory$|sqlite:|[rR][eE][dD][iI][sS][sS]?:\/\/|[nN][aA][tT][sS]:\/\/|[aA][mM][qQ][pP][sS]?:\/\/|[bB][uU][lL][lL][mM][qQ]\+[rR][eE][dD][iI][sS][sS]?:\/\/|[pP][oO][sS][tT][gG][rR][eE][sS](?:[qQ][lL])?:\/\/)/;

/** What the queue setting accepts, for the messages that refuse something else. */
export const QUEUE_FORMS =
  '"memory", "sqlite:PATH", "redis://HOST:PORT/DB?stream=NAME", "nats://HOST:PORT?stream=NAME", "amqp://USER:PASSWORD@HOST:5672/VHOST?queue=NAME", "bullmq+redis://HOST:PORT/DB?queue=NAME" or "postgres://USER:PASSWORD@HOST:5432/DB?queue=NAME"';

/**
 * Which kind of queue `text` is meant as, by its prefix alone, or undefined for none. The rest
 * (a sound path, a well-formed URL) is `parseQueueSpec`'s to check, in `src/queue/`: the
 * settings' schema sits in this layer, below the queue drivers, and shares this rule with the
 * parser so that the two never disagree on what counts as which kind.
 */
export function queueKindOf(text: string): QueueKind | undefined {
  if (text === "memory") return "memory";
  if (text.startsWith(SQLITE_PREFIX)) return "sqlite";
  if (REDIS_SCHEME.test(text)) return "redis";
  if (NATS_SCHEME.test(text)) return "nats";
  if (AMQP_SCHEME.test(text)) return "amqp";
  if (BULLMQ_SCHEME.test(text)) return "bullmq";
  if (POSTGRES_SCHEME.test(text)) return "postgres";
  return undefined;
}
