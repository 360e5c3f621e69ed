import { rm } from "node:fs/promises";
import { parseQueueSpec } from "../queue/queue-spec.js";

/** The queue one step runs on, and how to clear it away afterwards. */
export interface StepQueue {
  /** The queue setting for the step's run. */
  readonly queue: string;
  /** Remove what the step left: its queue file or stream. Never throws. */
  discard(): Promise<void>;
}

/** What a fresh queue is for, written into its name so a stray one tells who left it. */
export type StepQueueUse = "capacity" | "bench";

/** The use as a NATS name keeps it: short, as a NATS queue name has 32 characters in all. */
const SHORT_USE: Readonly<Record<StepQueueUse, string>> = { capacity: "cap", bench: "bench" };

/**
 * A fresh queue for step `index` of the search `tag` on the user's queue setting: every step
 * starts empty, whatever the one before left. The in-process queue is fresh by itself; a
 * queue file becomes `PATH.capacity-TAG-N` beside it, a Redis stream, RabbitMQ, BullMQ or
 * PostgreSQL queue `NAME-capacity-TAG-N`, a NATS queue `NAME-cap-TAG-N` (its name cut to fit
 * 32 characters), each removed after its step. The user's own file or stream is never touched.
 * `use` "bench" (the side-by-side comparison of `bench --queue`, one fresh queue per run)
 * writes `bench` where "capacity" and "cap" stand.
 */
export function stepQueue(
  setting: string,
  tag: string,
  index: number,
  use: StepQueueUse = "capacity",
): StepQueue {
  const spec = parseQueueSpec(setting);
  const suffix = `${use}-${tag}-${index}`;
  switch (spec.kind) {
    case "memory":
      return { queue: setting, discard: async () => {} };
    case "sqlite": {
      const path = `${spec.path}.${suffix}`;
      return {
        queue: `sqlite:${path}`,
        discard: async () => {
          for (const file of [path, `${path}-wal`, `${path}-shm`]) {
            await rm(file, { force: true }).catch(() => {});
          }
        },
      };
    }
    case "redis":
      return purgedAfter(
        withParameter(setting, "stream", `${spec.stream}-${suffix}`),
        async (queue) => (await import("../queue/redis/redis.js")).RedisQueue.purge(queue),
      );
    case "nats": {
      // A NATS queue name is at most 32 characters: the user's name is cut, never the suffix.
      const own = `${SHORT_USE[use]}-${tag}-${index}`;
      return purgedAfter(
        withParameter(
          setting,
          "stream",
          `${spec.stream.slice(0, Math.max(1, 31 - own.length))}-${own}`,
        ),
        async (queue) => (await import("../queue/nats/nats.js")).NatsQueue.purge(queue),
      );
    }
    case "amqp":
      return purgedAfter(
        withParameter(setting, "queue", `${spec.queue}-${suffix}`),
        async (queue) => (await import("../queue/amqp/amqp.js")).AmqpQueue.purge(queue),
      );
    case "bullmq":
      return purgedAfter(
        withParameter(setting, "queue", `${spec.queue}-${suffix}`),
        async (queue) => (await import("../queue/bullmq/bullmq.js")).BullmqQueue.purge(queue),
      );
    case "postgres":
      return purgedAfter(
        withParameter(setting, "queue", `${spec.queue}-${suffix}`),
        async (queue) => (await import("../queue/postgres/postgres.js")).PostgresQueue.purge(queue),
      );
  }
}

/**
 * A step's queue on a broker, deleted after the step by its driver's purge, and the run
 * ledger its run kept beside it: the driver is loaded only then, and a purge that fails (the
 * broker gone) leaves the step's result as it is.
 */
function purgedAfter(queue: string, purge: (queue: string) => Promise<unknown>): StepQueue {
  return {
    queue,
    discard: () =>
      purge(queue)
        .then(() => forgetLedger(queue))
        .then(
          () => {},
          () => {},
        ),
  };
}

/** Forget the run ledger a step's run kept beside its queue (see `queue/run-ledger.ts`). */
async function forgetLedger(queue: string): Promise<void> {
  const spec = parseQueueSpec(queue);
  const { forgetRunLedger, isBrokerQueue } = await import("../queue/run-ledger.js");
  if (isBrokerQueue(spec)) await forgetRunLedger(spec);
}

/** `url` with its query parameter `key` set to `value` (percent-escaped). */
function withParameter(url: string, key: string, value: string): string {
  const [base = url, query = ""] = url.split("?", 2);
  const others = query.split("&").filter((pair) => pair !== "" && !pair.startsWith(`${key}=`));
  return `${base}?${[...others, `${key}=${encodeURIComponent(value)}`].join("&")}`;
}
