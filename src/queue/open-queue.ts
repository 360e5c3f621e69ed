import { ConfigError } from "../errors.js";
import type { QueueDriver } from "./driver.js";
import { MemoryQueue } from "./memory/memory.js";
import { parseQueueSpec } from "./queue-spec.js";

/** How a run's queue is to be built. */
export interface QueueSpec {
  /**
   * `memory`, `sqlite:PATH`, `redis://HOST:PORT/DB?stream=NAME` (`rediss://` for TLS) or
   * `nats://HOST:PORT?stream=NAME`, `amqp://USER:PASSWORD@HOST:5672/VHOST?queue=NAME`
   * (`amqps://` for TLS), `bullmq+redis://HOST:PORT/DB?queue=NAME` (`bullmq+rediss://`) or
   * `postgres://USER:PASSWORD@HOST:5432/DB?queue=NAME` (pg-boss).
   */
  readonly driver: string;
  readonly capacity: number;
  readonly visibilityMs: number;
  /** Continue with what a durable queue already holds instead of refusing it. */
  readonly resume?: boolean;
}

/**
 * Open the queue a run asked for. The SQLite, Redis, NATS, RabbitMQ, BullMQ and PostgreSQL
 * drivers are imported only when asked for, so runs on the in-memory queue never load the
 * native module or a broker's client.
 *
 * @throws {ConfigError} for an unknown or malformed queue (see `parseQueueSpec`), or a durable
 * queue still holding an earlier run's messages or dead letters (unless `resume`).
 * @throws {RuntimeError} when Redis, NATS, RabbitMQ, BullMQ's Redis or PostgreSQL cannot be
 * reached.
 */
export async function openQueue(spec: QueueSpec): Promise<QueueDriver> {
  const parsed = parseQueueSpec(spec.driver);
  switch (parsed.kind) {
    case "memory":
      return new MemoryQueue({
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        // The recorder keeps the dead letters' counts, reasons and a sample: in memory, bodies
        // would only hold memory. A durable queue keeps its dead letters in the file regardless.
        deadLetterLimit: 0,
      });
    case "sqlite":
      return openSqlite(parsed.path, spec);
    case "redis": {
      const { RedisQueue } = await import("./redis/redis.js");
      return RedisQueue.open({
        url: parsed,
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        resume: spec.resume === true,
      });
    }
    case "nats": {
      const { NatsQueue } = await import("./nats/nats.js");
      return NatsQueue.open({
        url: parsed,
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        resume: spec.resume === true,
      });
    }
    case "amqp": {
      const { AmqpQueue } = await import("./amqp/amqp.js");
      return AmqpQueue.open({
        url: parsed,
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        resume: spec.resume === true,
      });
    }
    case "bullmq": {
      const { BullmqQueue } = await import("./bullmq/bullmq.js");
      return BullmqQueue.open({
        url: parsed,
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        resume: spec.resume === true,
      });
    }
    case "postgres": {
      const { PostgresQueue } = await import("./postgres/postgres.js");
      return PostgresQueue.open({
        url: parsed,
        capacity: spec.capacity,
        visibilityMs: spec.visibilityMs,
        resume: spec.resume === true,
      });
    }
  }
}

async function openSqlite(path: string, spec: QueueSpec): Promise<QueueDriver> {
  const { SqliteQueue } = await import("./sqlite/sqlite.js");
  const queue = SqliteQueue.open(path, {
    capacity: spec.capacity,
    visibilityMs: spec.visibilityMs,
  });
  if (spec.resume) {
    // A resumed run holds the file's claim: leases in it belong to the process that died.
    queue.lapseOrphanedLeases();
    return queue;
  }
  const depth = await queue.depth();
  const held = depth.ready + depth.delayed + depth.leased;
  if (held > 0 || depth.deadLettered > 0) {
    await queue.close();
    throw new ConfigError(
      held > 0
        ? `queue file ${path} still holds ${held} message(s) from an earlier run: resume that run or use another file`
        : `queue file ${path} holds ${depth.deadLettered} dead letter(s) from an earlier run: inspect or requeue them, or use another file`,
    );
  }
  return queue;
}
