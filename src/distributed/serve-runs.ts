import { RedisLink } from "../queue/redis/link.js";
import { servingKeys } from "./run-keys.js";
import { runWorker, type WorkerOptions, type WorkerSummary } from "./worker.js";

/** How often a worker between runs looks for the next one: a small part of a run's start. */
const WAIT_POLL_MS = 20;

/** Options of {@link serveRuns}. */
export interface ServeOptions extends WorkerOptions {
  /** The pool whose runs this worker serves (see standing-workers.ts); `runId` is the first. */
  readonly pool: string;
  /** Told as each run this worker served is over. */
  readonly onServed: (summary: WorkerSummary) => void;
}

/**
 * Serve run `runId`, then each run the pool's owner announces next, one at a time, as a worker
 * of each ({@link runWorker}). Ends once the owner's beat is gone (it closed the pool, or died),
 * the process that started this one is gone, or `signal` aborts: never outlives its search.
 */
export async function serveRuns(options: ServeOptions): Promise<void> {
  const parent = process.ppid;
  const link = await RedisLink.connect(options.url, {
    clientName: `swarm-stress-serving-${options.pool}`,
  });
  try {
    let runId: string | undefined = options.runId;
    while (runId !== undefined) {
      options.onServed(await runWorker({ ...options, runId }));
      runId = await nextRun(link, options.pool, runId, parent, options.signal);
    }
  } finally {
    await link.close();
  }
}

/** The run announced after `served`, once there is one; undefined when the pool is over. */
async function nextRun(
  link: RedisLink,
  pool: string,
  served: string,
  parent: number,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const keys = servingKeys(pool);
  for (;;) {
    if (signal?.aborted === true || process.ppid !== parent) return undefined;
    const [next, beat] = (await link.sendCommand(["MGET", keys.next, keys.ownerBeat])) as (
      | string
      | null
    )[];
    if (beat === null || beat === undefined) return undefined;
    if (typeof next === "string" && next !== served) return next;
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}
