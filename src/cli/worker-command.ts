import type { Command } from "@commander-js/extra-typings";
import { RUN_ID_PATTERN } from "../distributed/run-keys.js";
import { runWorker } from "../distributed/worker.js";
import { ConfigError } from "../errors.js";
import { isRedisQueueUrl } from "../queue/redis-url.js";
import { ExitCode } from "./exit-codes.js";

/** Where a worker finds its queue URL when `--queue` is not given (keeps a password out of `ps`). */
export const QUEUE_URL_ENV = "SWARM_STRESS_QUEUE";

/** Flags of `swarm-stress worker`. */
export interface WorkerCommandOptions {
  readonly queue?: string | undefined;
  readonly run: string;
}

/** Add `swarm-stress worker` to `program`; `done` receives the exit code. */
export function registerWorkerCommand(program: Command, done: (code: ExitCode) => void): void {
  program
    .command("worker")
    .description("join a distributed run and deliver its messages (see docs/distributed.md)")
    .requiredOption("--run <id>", "the run to join, as `swarm-stress run --workers` printed it")
    .option(
      "--queue <url>",
      `the run's Redis, redis://[:PASSWORD@]HOST:PORT/DB (default: $${QUEUE_URL_ENV})`,
    )
    .action(async (options) => done(await workerCommand(options)));
}

/**
 * Deliver for a distributed run until it is done. Ctrl-C or SIGTERM stops the worker at the
 * next batch boundary after its final report, so nothing it did is lost to the run.
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<ExitCode> {
  const url = options.queue ?? process.env[QUEUE_URL_ENV];
  if (url === undefined || url === "") {
    throw new ConfigError(
      `worker needs the run's Redis: --queue redis://HOST:PORT or $${QUEUE_URL_ENV}`,
    );
  }
  if (!isRedisQueueUrl(url)) {
    throw new ConfigError("--queue: a worker needs a Redis queue, redis://HOST:PORT/DB");
  }
  if (!RUN_ID_PATTERN.test(options.run)) {
    throw new ConfigError(`--run: "${options.run}" is not a run id`);
  }
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    const summary = await runWorker({
      url,
      runId: options.run,
      signal: controller.signal,
      say: (line) => process.stderr.write(`${line}\n`),
    });
    process.stderr.write(
      `worker ${summary.id} done: ${summary.delivered} delivered, ${summary.deadLettered} dead-lettered, ${summary.duplicates} duplicates, ${summary.reports} reports\n`,
    );
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
  return controller.signal.aborted ? ExitCode.Interrupted : ExitCode.Ok;
}
