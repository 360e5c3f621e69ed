import type { Command } from "@commander-js/extra-typings";
import { isOtlpUrl } from "../config/otlp-url.js";
import { queueKindOf } from "../config/queue-kind.js";
import type { RunConfig } from "../config/run-settings.js";
import {
  LOCAL_WORKER_ENV,
  OTLP_URL_ENV,
  QUIET_WORKER_ENV,
  SERVE_POOL_ENV,
} from "../distributed/protocol.js";
import { RUN_ID_PATTERN } from "../distributed/run-keys.js";
import type { WorkerSummary } from "../distributed/worker.js";
import { ConfigError } from "../errors.js";
import { RedisFault } from "../queue/redis/fault.js";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { startingLoad } from "./load-tuning.js";
import { highestPace } from "./run-pace.js";
import { guardStops } from "./stop-guard.js";

/** Where a worker finds its queue URL when `--queue` is not given (keeps a password out of `ps`). */
export const QUEUE_URL_ENV = "SWARM_STRESS_QUEUE";

/** The standard variable a worker started by hand takes its OTLP collector from, as `run` does. */
const OTLP_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";

/** Flags of `swarm-stress worker`. */
export interface WorkerCommandOptions {
  readonly queue?: string | undefined;
  readonly run: string;
  readonly otlp?: string | undefined;
}

/** Add `swarm-stress worker` to `program`; `done` receives the exit code. */
export function registerWorkerCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("worker")
    .description(COMMANDS.worker.description)
    .requiredOption("--run <id>", "the run to join, as `swarm-stress run --workers` printed it")
    .option(
      "--queue <url>",
      `the run's Redis, redis://[:PASSWORD@]HOST:PORT/DB (default: $${QUEUE_URL_ENV})`,
    )
    .option(
      "--otlp <url>",
      `when the run exports metrics: this worker's collector, in place of the one the run published (default: $${OTLP_ENDPOINT_VARIABLE})`,
    )
    .action(async (options) => done(await workerCommand(options, io)));
}

/**
 * Deliver for a distributed run until it is done. Ctrl-C or SIGTERM stops the worker at the
 * next batch boundary after its final report, so nothing it did is lost to the run.
 *
 * A local worker of a capacity search (its pool in the environment) serves the search's next
 * run when this one is done, until the search is over (see distributed/serve-runs.ts).
 *
 * When Redis fails the run (gone for longer than the retry window, or back without the run's
 * keys) the worker stops with that one line and exit 3; a worker the coordinator started
 * itself exits 3 without it, since the coordinator, writing to the same terminal, reports the
 * same fault.
 */
export async function workerCommand(options: WorkerCommandOptions, io: CliIo): Promise<ExitCode> {
  const url = options.queue ?? io.env[QUEUE_URL_ENV];
  if (url === undefined || url === "") {
    throw new ConfigError(
      `worker needs the run's Redis: --queue redis://HOST:PORT or $${QUEUE_URL_ENV}`,
    );
  }
  if (queueKindOf(url) !== "redis") {
    throw new ConfigError("--queue: a worker needs a Redis queue, redis://HOST:PORT/DB");
  }
  if (!RUN_ID_PATTERN.test(options.run)) {
    throw new ConfigError(`--run: "${options.run}" is not a run id`);
  }
  const local = io.env[LOCAL_WORKER_ENV] === "1";
  const otlp = otlpGiven(options, io.env, local);
  // Started by a run that says nothing as it goes (a capacity search's step): nor does it.
  const quiet = local && io.env[QUIET_WORKER_ENV] === "1";
  const say = (line: string): void => {
    if (!quiet) io.stderr.write(`${line}\n`);
  };
  const pool = local ? io.env[SERVE_POOL_ENV] : undefined;
  const served = (summary: WorkerSummary): void => {
    say(
      `worker ${summary.id} done: ${summary.delivered} delivered, ${summary.deadLettered} dead-lettered, ${summary.duplicates} duplicates, ${summary.reports} reports`,
    );
    // A local worker's warnings are the coordinator's to print: its final report carried them.
    if (!local) for (const line of summary.warnings) say(line);
  };
  // A worker started by the coordinator shares its terminal: the coordinator speaks for both.
  const stops = guardStops(io.stderr, `in worker ${process.pid}`, local);
  try {
    // Until the run's settings are known the CPU decides; then they do, as for a run.
    startingLoad(undefined);
    const onConfig = (config: RunConfig) => startingLoad(highestPace(config));
    const worker = { url, runId: options.run, signal: stops.signal, say, otlp, onConfig };
    // The worker, and the Redis client under it, load only for this command.
    if (pool !== undefined && pool !== "") {
      const { serveRuns } = await import("../distributed/serve-runs.js");
      await serveRuns({ ...worker, pool, onServed: served });
    } else {
      const { runWorker } = await import("../distributed/worker.js");
      served(await runWorker(worker));
    }
  } catch (error) {
    if (isRunFault(error) && local) {
      return ExitCode.Runtime;
    }
    throw error;
  } finally {
    stops.release();
  }
  stops.sayCoreExit();
  return stops.stoppedWith() ?? ExitCode.Ok;
}

/**
 * The OTLP collector a worker was given: a local worker's from its coordinator (password
 * included, in the environment), else `--otlp`, else OTEL_EXPORTER_OTLP_ENDPOINT. Used only
 * when the run exports.
 *
 * @throws {ConfigError} in one line for a URL that is not http:// or https://.
 */
function otlpGiven(
  options: WorkerCommandOptions,
  env: NodeJS.ProcessEnv,
  local: boolean,
): string | undefined {
  const [source, url] = local
    ? [OTLP_URL_ENV, env[OTLP_URL_ENV]]
    : options.otlp !== undefined
      ? ["--otlp", options.otlp]
      : [OTLP_ENDPOINT_VARIABLE, env[OTLP_ENDPOINT_VARIABLE]];
  if (url === undefined || url === "") return undefined;
  if (!isOtlpUrl(url)) {
    throw new ConfigError(
      `${source}: expected an http:// or https:// URL, got ${JSON.stringify(url)}`,
    );
  }
  return url;
}

/**
 * Redis failed the run under way (gone for good, back without the run's keys): the
 * coordinator of a local worker meets the same fault and says so. A failure to connect at
 * start is the worker's own to report.
 */
function isRunFault(error: unknown): boolean {
  return error instanceof RedisFault && (error.kind === "lost" || error.kind === "state-lost");
}
