import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LOCAL_WORKER_ENV, OTLP_URL_ENV, QUIET_WORKER_ENV, SERVE_POOL_ENV } from "./protocol.js";

/** How a local worker process is started. */
export interface LocalWorkerLaunch {
  /** The queue URL with credentials, handed over in the environment. */
  readonly url: string;
  /** The run's OTLP collector, password included, handed over in the environment. */
  readonly otlpUrl?: string | undefined;
  /** Keep its routine lines to itself (its run says nothing as it goes). */
  readonly quiet: boolean;
  /** Serve the runs announced under this pool id after the first (see standing-workers.ts). */
  readonly servePool?: string | undefined;
}

/** Start `swarm-stress worker --run RUN` as a child of this process, sharing its stderr. */
export function spawnLocalWorker(runId: string, launch: LocalWorkerLaunch): ChildProcess {
  return spawn(process.execPath, [cliPath(), "worker", "--run", runId], {
    // The URL may hold a password: the environment keeps it out of `ps`. A local worker
    // leaves a Redis fault for the coordinator to report, once.
    env: {
      ...process.env,
      SWARM_STRESS_QUEUE: launch.url,
      ...(launch.otlpUrl === undefined ? {} : { [OTLP_URL_ENV]: launch.otlpUrl }),
      [LOCAL_WORKER_ENV]: "1",
      ...(launch.quiet ? { [QUIET_WORKER_ENV]: "1" } : {}),
      ...(launch.servePool === undefined ? {} : { [SERVE_POOL_ENV]: launch.servePool }),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/**
 * The CLI that starts a worker: the one beside this module once compiled, the built one when
 * this module runs from its TypeScript source (tests).
 */
function cliPath(): string {
  const built = fileURLToPath(new URL("../cli/main.js", import.meta.url));
  if (existsSync(built)) return built;
  return fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
}
