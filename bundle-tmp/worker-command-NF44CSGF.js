import {
  LOCAL_WORKER_ENV
} from "./chunk-B4IMGHEE.js";
import {
  STOP_SIGNALS,
  stopOnSignals
} from "./chunk-PU4L2BJ7.js";
import {
  holdProcessExit
} from "./chunk-3BIR62C5.js";
import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import {
  letYoungGenerationGrow
} from "./chunk-KZNHWGSP.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import {
  RUN_ID_PATTERN
} from "./chunk-T3WPMGMO.js";
import {
  RedisFault
} from "./chunk-QLQAZYYH.js";
import {
  queueKindOf
} from "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/cli/worker-command.js
var QUEUE_URL_ENV = "SWARM_STRESS_QUEUE";
function registerWorkerCommand(program, done, io) {
  program.command("worker").description(COMMANDS.worker.description).requiredOption("--run <id>", "the run to join, as `swarm-stress run --workers` printed it").option("--queue <url>", `the run's Redis, redis://[:PASSWORD@]HOST:PORT/DB (default: $${QUEUE_URL_ENV})`).action(async (options) => done(await workerCommand(options, io)));
}
async function workerCommand(options, io) {
  const url = options.queue ?? io.env[QUEUE_URL_ENV];
  if (url === void 0 || url === "") {
    throw new ConfigError(`worker needs the run's Redis: --queue redis://HOST:PORT or $${QUEUE_URL_ENV}`);
  }
  if (queueKindOf(url) !== "redis") {
    throw new ConfigError("--queue: a worker needs a Redis queue, redis://HOST:PORT/DB");
  }
  if (!RUN_ID_PATTERN.test(options.run)) {
    throw new ConfigError(`--run: "${options.run}" is not a run id`);
  }
  const controller = new AbortController();
  const local = io.env[LOCAL_WORKER_ENV] === "1";
  let stoppedWith;
  let coreExited;
  const releaseSignals = stopOnSignals((signal) => {
    stoppedWith ??= STOP_SIGNALS[signal];
    controller.abort();
  }, io.stderr, { quiet: local });
  const releaseExit = holdProcessExit((code) => {
    stoppedWith ??= ExitCode.Fault;
    coreExited ??= `the delivery core called process.exit(${code ?? ""}) in worker ${process.pid}, which stopped it`;
    controller.abort();
  });
  try {
    const { runWorker } = await import("./worker-WEE6SKFW.js");
    letYoungGenerationGrow();
    const summary = await runWorker({
      url,
      runId: options.run,
      signal: controller.signal,
      say: (line) => io.stderr.write(`${line}
`)
    });
    io.stderr.write(`worker ${summary.id} done: ${summary.delivered} delivered, ${summary.deadLettered} dead-lettered, ${summary.duplicates} duplicates, ${summary.reports} reports
`);
  } catch (error) {
    if (isRunFault(error) && local) {
      return ExitCode.Runtime;
    }
    throw error;
  } finally {
    releaseSignals();
    releaseExit();
  }
  if (coreExited !== void 0)
    io.stderr.write(`swarm-stress: ${coreExited}
`);
  return stoppedWith ?? ExitCode.Ok;
}
function isRunFault(error) {
  return error instanceof RedisFault && (error.kind === "lost" || error.kind === "state-lost");
}
export {
  QUEUE_URL_ENV,
  registerWorkerCommand,
  workerCommand
};
