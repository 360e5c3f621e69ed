import type { Command } from "@commander-js/extra-typings";
import { ConfigError } from "../errors.js";
import { formatQueueInspection } from "../report/queue-inspection.js";
import { ExitCode } from "./exit-codes.js";

/** Flags shared by the `queue` subcommands. */
export interface QueueCommandOptions {
  /** Print JSON instead of text. */
  readonly json?: boolean | undefined;
}

/** Add `swarm-stress queue inspect|requeue-dead` to `program`; `done` receives the exit code. */
export function registerQueueCommand(program: Command, done: (code: ExitCode) => void): void {
  const queue = program.command("queue").description("look into and repair a durable queue file");
  queue
    .command("inspect")
    .description("depth by status and priority, oldest message, dead letters with their errors")
    .argument("<queue>", "the queue, as sqlite:PATH")
    .option("--json", "print the inspection as JSON")
    .action(async (spec, options) => done(await inspectCommand(spec, options)));
  queue
    .command("requeue-dead")
    .description("move every dead letter back to the queue, attempts reset")
    .argument("<queue>", "the queue, as sqlite:PATH")
    .option("--json", "print the count as JSON")
    .action(async (spec, options) => done(await requeueDeadCommand(spec, options)));
}

/** Print what a queue file holds. */
export async function inspectCommand(
  spec: string,
  options: QueueCommandOptions,
): Promise<ExitCode> {
  const { inspectQueue } = await import("../queue/sqlite-inspect.js");
  const inspection = inspectQueue(sqlitePath(spec));
  process.stdout.write(
    options.json ? `${JSON.stringify(inspection, null, 2)}\n` : formatQueueInspection(inspection),
  );
  return ExitCode.Ok;
}

/** Move a queue file's dead letters back to its queue. */
export async function requeueDeadCommand(
  spec: string,
  options: QueueCommandOptions,
): Promise<ExitCode> {
  const { requeueDead } = await import("../queue/sqlite-inspect.js");
  const path = sqlitePath(spec);
  const moved = requeueDead(path);
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ path, requeued: moved })}\n`
      : `requeued ${moved} dead letter(s) in ${path}\n`,
  );
  return ExitCode.Ok;
}

/** The file of a `sqlite:PATH` queue; only durable queues can be inspected. */
function sqlitePath(spec: string): string {
  if (!spec.startsWith("sqlite:") || spec.length === "sqlite:".length) {
    throw new ConfigError(`expected a queue file as sqlite:PATH, got "${spec}"`);
  }
  return spec.slice("sqlite:".length);
}
