import type { RunLedger } from "./ledger.js";
import type { ParsedQueueSpec, QueueSpecOf } from "./queue-spec.js";

/** The queue kinds whose runs keep a {@link RunLedger} in the broker beside the queue. */
export type BrokerKind = "redis" | "nats" | "amqp" | "bullmq" | "postgres";

/** A queue setting of a broker that keeps a {@link RunLedger}. */
export type BrokerQueueSpec = QueueSpecOf<BrokerKind>;

/** True for a queue kept by a broker (not `memory`, not a `sqlite:` file). */
export function isBrokerQueue(spec: ParsedQueueSpec): spec is BrokerQueueSpec {
  return spec.kind !== "memory" && spec.kind !== "sqlite";
}

/**
 * Open the ledger of the queue `spec` names, on its own connection. Each broker's client is
 * imported only here, as the drivers' are.
 *
 * @throws {RuntimeError} when the broker cannot be reached (one line, no password).
 */
export async function openRunLedger(spec: BrokerQueueSpec): Promise<RunLedger> {
  switch (spec.kind) {
    case "redis": {
      const { RedisRunLedger } = await import("./redis/run-ledger.js");
      return RedisRunLedger.open(spec, `{swarm-stress:${spec.stream}}:run`, "Redis stream");
    }
    case "bullmq": {
      const { RedisRunLedger } = await import("./redis/run-ledger.js");
      const { asRedisUrl } = await import("./bullmq/url.js");
      return RedisRunLedger.open(
        asRedisUrl(spec),
        `{swarm-stress-bullmq:${spec.queue}}:run`,
        "BullMQ queue",
      );
    }
    case "nats": {
      const { NatsRunLedger } = await import("./nats/run-ledger.js");
      return NatsRunLedger.open(spec);
    }
    case "amqp": {
      const { AmqpRunLedger } = await import("./amqp/run-ledger.js");
      return AmqpRunLedger.open(spec);
    }
    case "postgres": {
      const { PostgresRunLedger } = await import("./postgres/run-ledger.js");
      return PostgresRunLedger.open(spec);
    }
  }
}

/**
 * Forget the run a broker keeps beside a queue that was purged: with its messages gone, a
 * `run --resume` would count them lost.
 *
 * @throws {RuntimeError} when the broker cannot be reached.
 */
export async function forgetRunLedger(spec: BrokerQueueSpec): Promise<void> {
  const ledger = await openRunLedger(spec);
  try {
    await ledger.forget();
  } finally {
    await ledger.close();
  }
}
