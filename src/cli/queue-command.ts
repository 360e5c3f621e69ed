import type { Command } from "@commander-js/extra-typings";
import { queueKindOf } from "../config/queue-kind.js";
import { ConfigError } from "../errors.js";
import {
  type AmqpQueueSpec,
  type BullmqQueueSpec,
  type NatsQueueSpec,
  type PostgresQueueSpec,
  parseQueueSpecOf,
  shownQueueSpec,
} from "../queue/queue-spec.js";
import type { BrokerQueueSpec } from "../queue/run-ledger.js";
import type { QueueInspection } from "../queue/sqlite/inspect.js";
import {
  formatBrokerInspection,
  formatBullmqInspection,
  formatQueueInspection,
} from "../report/queue-inspection.js";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";

/** Flags shared by the `queue` subcommands. */
export interface QueueCommandOptions {
  /** Print JSON instead of text. */
  readonly json?: boolean | undefined;
}

/** Add `swarm-stress queue inspect|requeue-dead` to `program`; `done` receives the exit code. */
export function registerQueueCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  const queue = program.command("queue").description(COMMANDS.queue.description);
  queue
    .command("inspect")
    .description("depth by status and priority, oldest message, dead letters with their errors")
    .argument(
      "<queue>",
      "the queue, as sqlite:PATH, redis://HOST:PORT/DB?stream=NAME, nats://HOST:PORT?stream=NAME, amqp://…?queue=NAME, bullmq+redis://HOST:PORT/DB?queue=NAME or postgres://USER:PASSWORD@HOST:5432/DB?queue=NAME",
    )
    .option("--json", "print the inspection as JSON")
    .action(async (spec, options) => done(await inspectCommand(spec, options, io)));
  queue
    .command("requeue-dead")
    .description("move every dead letter back to the queue, attempts reset")
    .argument("<queue>", "the queue, as sqlite:PATH")
    .option("--json", "print the count as JSON")
    .action(async (spec, options) => done(await requeueDeadCommand(spec, options, io)));
  queue
    .command("purge")
    .description("delete a broker's queue and everything it holds (messages, dead letters)")
    .argument(
      "<queue>",
      "the queue, as redis://HOST:PORT/DB?stream=NAME, nats://HOST:PORT?stream=NAME, amqp://…?queue=NAME, bullmq+redis://…?queue=NAME or postgres://…?queue=NAME",
    )
    .option(
      "--json",
      "print the count of deleted keys (Redis), streams (NATS), messages (RabbitMQ, PostgreSQL) or jobs (BullMQ) as JSON",
    )
    .action(async (spec, options) => done(await purgeCommand(spec, options, io)));
}

/**
 * Delete a broker's queue: a Redis queue stream (one a coordinator that died left behind; a
 * stream a live run holds is refused, its coordinator deletes it when the run ends), a NATS
 * queue's streams, a RabbitMQ queue, or a PostgreSQL (pg-boss) queue.
 */
export async function purgeCommand(
  spec: string,
  options: QueueCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const refusal = `expected a broker's queue as redis://HOST:PORT/DB?stream=NAME, nats://HOST:PORT?stream=NAME, amqp://USER:PASSWORD@HOST:5672/VHOST?queue=NAME, bullmq+redis://HOST:PORT/DB?queue=NAME or postgres://USER:PASSWORD@HOST:5432/DB?queue=NAME, got ${shownQueueSpec(spec)}`;
  const kind = queueKindOf(spec);
  if (kind === "nats") {
    const target = parseQueueSpecOf(spec, "nats", refusal);
    return forgetRunAfter(target, purgeNats(target, options, io));
  }
  if (kind === "amqp") {
    const target = parseQueueSpecOf(spec, "amqp", refusal);
    return forgetRunAfter(target, purgeAmqp(target, options, io));
  }
  if (kind === "bullmq") {
    const target = parseQueueSpecOf(spec, "bullmq", refusal);
    return forgetRunAfter(target, purgeBullmq(target, options, io));
  }
  if (kind === "postgres") {
    const target = parseQueueSpecOf(spec, "postgres", refusal);
    return forgetRunAfter(target, purgePostgres(target, options, io));
  }
  const target = parseQueueSpecOf(spec, "redis", refusal);
  const { streamOwner } = await import("../distributed/redis-access.js");
  const owner = await streamOwner(spec, target.stream);
  if (owner !== undefined) {
    throw new ConfigError(
      `queue stream ${target.stream} is in use by run ${owner}: it is deleted when that run ends`,
    );
  }
  const { RedisQueue } = await import("../queue/redis/redis.js");
  const deleted = await RedisQueue.purge(spec, target.stream);
  await forgetRun(target);
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ stream: target.stream, deletedKeys: deleted })}\n`
      : `purged queue stream ${target.stream} (${deleted} key(s)) at ${target.display}\n`,
  );
  return ExitCode.Ok;
}

/**
 * Forget the run a broker keeps beside a purged queue (its run ledger). Only once the purge
 * succeeded: a queue a run still uses is refused, and so must its ledger be kept.
 */
async function forgetRun(target: BrokerQueueSpec): Promise<void> {
  const { forgetRunLedger } = await import("../queue/run-ledger.js");
  await forgetRunLedger(target);
}

/** {@link forgetRun} once `purging` has succeeded; its exit code. */
async function forgetRunAfter(
  target: BrokerQueueSpec,
  purging: Promise<ExitCode>,
): Promise<ExitCode> {
  const code = await purging;
  await forgetRun(target);
  return code;
}

/** Delete a NATS queue's streams (messages, dead letters, retry states) and its consumers. */
async function purgeNats(
  target: NatsQueueSpec,
  options: QueueCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { NatsQueue } = await import("../queue/nats/nats.js");
  const deleted = await NatsQueue.purge(target);
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ stream: target.stream, deletedStreams: deleted })}\n`
      : `purged NATS queue ${target.stream} (${deleted} stream(s)) at ${target.display}\n`,
  );
  return ExitCode.Ok;
}

/**
 * Delete a RabbitMQ queue and its dead-letter queue, e.g. what an interrupted run left. A
 * queue a run still consumes is refused.
 */
async function purgeAmqp(
  target: AmqpQueueSpec,
  options: QueueCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { AmqpQueue } = await import("../queue/amqp/amqp.js");
  const deleted = await AmqpQueue.purge(target);
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ queue: target.queue, deletedMessages: deleted })}\n`
      : `purged RabbitMQ queue ${target.queue} and ${target.queue}.dead (${deleted} message(s)) at ${target.display}\n`,
  );
  return ExitCode.Ok;
}

/** Delete a BullMQ queue and every job in it (BullMQ's obliterate), dead letters included. */
async function purgeBullmq(
  target: BullmqQueueSpec,
  options: QueueCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { BullmqQueue } = await import("../queue/bullmq/bullmq.js");
  const deleted = await BullmqQueue.purge(target);
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ queue: target.queue, deletedJobs: deleted })}\n`
      : `purged BullMQ queue ${target.queue} (${deleted} job(s)) at ${target.display}\n`,
  );
  return ExitCode.Ok;
}

/**
 * Delete a PostgreSQL queue and its dead-letter queue with every job they hold, e.g. what an
 * interrupted run left. The run using it must have ended.
 */
async function purgePostgres(
  target: PostgresQueueSpec,
  options: QueueCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { PostgresQueue } = await import("../queue/postgres/postgres.js");
  const deleted = await PostgresQueue.purge(target);
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ queue: target.queue, deletedMessages: deleted })}\n`
      : `purged PostgreSQL queue ${target.queue} and ${target.queue}.dead (${deleted} message(s)) at ${target.display}\n`,
  );
  return ExitCode.Ok;
}

/** Print what a queue file, a BullMQ queue or a PostgreSQL queue holds. */
export async function inspectCommand(
  spec: string,
  options: QueueCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const kind = queueKindOf(spec);
  if (kind === "nats" || kind === "amqp") {
    const inspection =
      kind === "nats"
        ? await (await import("../queue/nats/inspect.js")).inspectNats(
            parseQueueSpecOf(spec, "nats", "expected nats://…?stream=NAME"),
          )
        : await (await import("../queue/amqp/inspect.js")).inspectAmqp(
            parseQueueSpecOf(spec, "amqp", "expected amqp://…?queue=NAME"),
          );
    io.stdout.write(
      options.json
        ? `${JSON.stringify(inspection, null, 2)}\n`
        : formatBrokerInspection(inspection),
    );
    return ExitCode.Ok;
  }
  if (kind === "bullmq") {
    const target = parseQueueSpecOf(spec, "bullmq", "expected bullmq+redis://…?queue=NAME");
    const { inspectBullmq } = await import("../queue/bullmq/inspect.js");
    const inspection = await inspectBullmq(target);
    io.stdout.write(
      options.json
        ? `${JSON.stringify(inspection, null, 2)}\n`
        : formatBullmqInspection(inspection),
    );
    return ExitCode.Ok;
  }
  let inspection: QueueInspection;
  if (kind === "redis") {
    const { inspectRedis } = await import("../queue/redis/inspect.js");
    inspection = await inspectRedis(parseQueueSpecOf(spec, "redis", "expected redis://…"));
  } else if (kind === "postgres") {
    const target = parseQueueSpecOf(spec, "postgres", "expected postgres://…");
    const { inspectPostgresQueue } = await import("../queue/postgres/inspect.js");
    inspection = await inspectPostgresQueue(target);
  } else {
    if (kind !== "sqlite") {
      throw new ConfigError(
        `queue inspect reads sqlite:PATH, redis://, nats://, amqp://, bullmq+redis:// and postgres:// queues (the in-process queue lives only inside its run), got ${shownQueueSpec(spec)}`,
      );
    }
    const { inspectQueue } = await import("../queue/sqlite/inspect.js");
    inspection = inspectQueue(sqlitePath(spec));
  }
  io.stdout.write(
    options.json ? `${JSON.stringify(inspection, null, 2)}\n` : formatQueueInspection(inspection),
  );
  return ExitCode.Ok;
}

/** Move a queue file's dead letters back to its queue. */
export async function requeueDeadCommand(
  spec: string,
  options: QueueCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { requeueDead } = await import("../queue/sqlite/inspect.js");
  const path = sqlitePath(spec);
  const moved = requeueDead(path);
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ path, requeued: moved })}\n`
      : `requeued ${moved} dead letter(s) in ${path}\n`,
  );
  return ExitCode.Ok;
}

/** The file of a `sqlite:PATH` queue; only durable queues can be inspected. */
function sqlitePath(spec: string): string {
  return parseQueueSpecOf(
    spec,
    "sqlite",
    `expected a queue file as sqlite:PATH, got ${shownQueueSpec(spec)}`,
  ).path;
}
