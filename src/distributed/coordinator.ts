import { hostname } from "node:os";
import { withoutOtlpPassword } from "../config/otlp-url.js";
import type { RunConfig } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";
import type { Recorder } from "../metrics/recorder.js";
import type { QueueDriver } from "../queue/driver.js";
import type { SettledView } from "../queue/inventory.js";
import { RedisFaultLatch } from "../queue/redis/fault.js";
import { parseRedisQueueUrl, redactQueueUrl } from "../queue/redis/url.js";
import { clockOffsetToRedis } from "./clock-offset.js";
import type { PublishedOtlp, RunDescriptor } from "./protocol.js";
import { connectRunStore, openRunQueue, type StoreAccess } from "./redis-access.js";
import { newRunId } from "./run-keys.js";
import type { StandingWorkers } from "./standing-workers.js";
import { coordinatorBeatTtlMs, RUN_KEYS_KEEP_MS } from "./timing.js";
import { AnnouncingQueue, WorkAnnouncer } from "./work-signal.js";
import { WorkerPool } from "./worker-pool.js";

/** What a coordinator holds while its distributed run goes on. */
export interface Coordination {
  /** The queue URL with its credentials. */
  readonly url: string;
  readonly run: RunDescriptor;
  readonly queue: QueueDriver;
  readonly pool: WorkerPool;
  readonly access: StoreAccess;
}

/**
 * Set a distributed run up: publish it in Redis for workers to join, open its queue stream
 * (a fresh one: a stream holding an earlier run's messages is refused), and start the local
 * workers, or have `standing` ones serve it. The run's id (`runId` when given, else a new one)
 * names its keys; the stream is the URL's `stream`, else one per run.
 */
export async function coordinate(
  config: RunConfig,
  recorder: Recorder,
  say: ((line: string) => void) | undefined,
  runId?: string,
  standing?: StandingWorkers,
): Promise<Coordination> {
  const url = config.queue;
  const target = parseRedisQueueUrl(url);
  const id = runId ?? newRunId();
  const named = /[?&]stream=/.test(url);
  // Published without passwords: whoever reads Redis reads the run.
  const { otlp: otlpUrl, ...published } = config;
  const run: Omit<RunDescriptor, "clockOffsetMs"> = {
    id,
    config: { ...published, queue: redactQueueUrl(url) },
    ...(otlpUrl === undefined ? {} : { otlp: publishedOtlp(otlpUrl) }),
    stream: named ? target.stream : `${target.stream}-${id}`,
    startedAt: Date.now(),
    coordinator: { host: hostname(), pid: process.pid },
  };
  // One latch for the store's connection and the queue's: a fault either finds fails both.
  const access = await connectRunStore(url, id, new RedisFaultLatch());
  try {
    const described = { ...run, clockOffsetMs: await clockOffsetToRedis(access.redis) };
    const owner = await access.store.claimStream(described.stream, coordinatorBeatTtlMs(config));
    if (owner !== undefined) {
      throw new ConfigError(
        `queue stream ${described.stream} is in use by run ${owner}: wait for it to end, or name another stream (?stream=NAME)`,
      );
    }
    if (!(await access.store.publish(described))) {
      throw new ConfigError(`run id ${id} is taken at ${target.display}; try again`);
    }
    await access.store.beatAsCoordinator(
      described.stream,
      coordinatorBeatTtlMs(config),
      RUN_KEYS_KEEP_MS,
    );
    let queue: QueueDriver;
    try {
      queue = await openRunQueue(url, described, `coordinator-${id}`, access.latch, true);
    } catch (error) {
      await access.store.releaseStream(described.stream).catch(() => {});
      throw error;
    }
    const pool = new WorkerPool(access.store, queue, recorder, {
      url,
      stream: described.stream,
      spawn: config.workers ?? 0,
      visibilityMs: config.visibilityTimeout,
      heartbeatMs: config.heartbeat,
      otlpUrl,
      say,
      standing,
    });
    try {
      await pool.start();
      await pool.waitForLocalWorkers();
    } catch (error) {
      pool.kill();
      await queue.close().catch(() => {});
      await purgeStream(url, described.stream);
      await access.store.releaseStream(described.stream).catch(() => {});
      throw error;
    }
    // Idle workers wait for word of new messages rather than poll the stream (idle-queue.ts).
    const announcing = new AnnouncingQueue(queue, new WorkAnnouncer(access.redis, id));
    return { url, run: described, queue: announcing, pool, access };
  } catch (error) {
    await access.store.purge().catch(() => {});
    await access.close();
    throw error;
  }
}

/** The run's OTLP export as published for its workers: the URL without its password. */
function publishedOtlp(url: string): PublishedOtlp {
  const shown = withoutOtlpPassword(url);
  return { url: shown.url, passwordWithheld: shown.withheld };
}

/** Delete a run's queue stream; the result keeps what it held. */
async function purgeStream(url: string, stream: string): Promise<void> {
  const { RedisQueue } = await import("../queue/redis/redis.js");
  await RedisQueue.purge(url, stream).catch(() => {});
}

/** Which of `seqs` settled, from the run store, for the end-of-run inventory. */
export function storeOutcomes(
  coordination: Coordination,
): (seqs: readonly number[]) => Promise<SettledView> {
  return async (seqs) => {
    const { settled, dead } = await coordination.access.store.settledOf(seqs);
    return { isSettled: (seq) => settled.has(seq), isDeadLettered: (seq) => dead.has(seq) };
  };
}

/**
 * Close a distributed run: tell late workers it finished, let its keys expire, delete its
 * queue stream (the result keeps what it held), and disconnect.
 *
 * After Redis failed the run (gone for good, or its keys gone) there is nothing left to tidy
 * and nobody to tell: the local workers are stopped, the connections cut, and nothing waits
 * on Redis.
 */
export async function closeCoordination(
  coordination: Coordination,
  failed: boolean,
): Promise<void> {
  const { access, queue, pool, run } = coordination;
  const redisFailed = access.latch.error !== undefined;
  if (failed || redisFailed) pool.kill();
  if (!redisFailed) await access.store.finish().catch(() => {});
  await queue.close().catch(() => {});
  if (!redisFailed) {
    await purgeStream(coordination.url, run.stream);
    await access.store.releaseStream(run.stream).catch(() => {});
  }
  await access.close();
}
