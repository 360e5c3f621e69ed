import type { QueueDriver } from "../queue/driver.js";
import { connectRedis, discard } from "../queue/redis/connection.js";
import { type RedisFault, RedisFaultLatch } from "../queue/redis/fault.js";
import { RedisLink } from "../queue/redis/link.js";
import type { RunDescriptor } from "./protocol.js";
import { runKeys, streamOwnerKey } from "./run-keys.js";
import { type RedisCommander, RunStore } from "./run-store.js";

/** A run store with its own connection. */
export interface StoreAccess {
  readonly store: RunStore;
  /** The connection itself, for what is not the store's (reading the server's clock). */
  readonly redis: RedisCommander;
  /**
   * The run's first Redis fault (Redis gone for good, or its keys gone), shared with the
   * run's queue opened by {@link openRunQueue} with it: once tripped, every call of either
   * rejects with that one error.
   */
  readonly latch: RedisFaultLatch;
  /** Trip the latch: the run's keys are gone from a Redis that answers. Returns the fault. */
  stateLost(): RedisFault;
  /** Disconnect; never waits on a Redis that is away. */
  close(): Promise<void>;
}

/**
 * Connect to the Redis of `url` and open the store of run `runId` there. A lost connection is
 * retried for the retry window, then every call fails with one `RedisFault`; so does a run
 * whose keys vanish (see {@link RunStore}).
 */
export async function connectRunStore(
  url: string,
  runId: string,
  latch: RedisFaultLatch = new RedisFaultLatch(),
): Promise<StoreAccess> {
  const link = await RedisLink.connect(url, { clientName: `swarm-stress-run-${runId}`, latch });
  const store = new RunStore(link, runId, () => link.stateLost());
  return {
    store,
    redis: link,
    latch,
    stateLost: () => link.stateLost(),
    close: () => link.close(),
  };
}

/**
 * The queue of a distributed run, as one participant sees it: its own consumer name, the
 * run's capacity and visibility timeout, the stream the coordinator created, and the run's
 * fault latch.
 */
export async function openRunQueue(
  url: string,
  run: RunDescriptor,
  consumer: string,
  latch: RedisFaultLatch,
  fresh = false,
): Promise<QueueDriver> {
  const { RedisQueue } = await import("../queue/redis/redis.js");
  return await RedisQueue.open({
    url,
    stream: run.stream,
    consumer,
    capacity: run.config.queueCapacity,
    visibilityMs: run.config.visibilityTimeout,
    resume: !fresh,
    latch,
  });
}

/** The run that holds queue `stream` at `url` now, if any. */
export async function streamOwner(url: string, stream: string): Promise<string | undefined> {
  const link = await RedisLink.connect(url);
  try {
    const owner = await link.sendCommand(["GET", streamOwnerKey(stream)]);
    return typeof owner === "string" ? owner : undefined;
  } finally {
    await link.close();
  }
}

/**
 * Whether run `runId` at `url` is marked finished, asked on a connection of its own (the run's
 * may have failed already). False when Redis cannot be reached or does not say so.
 */
export async function runFinished(url: string, runId: string): Promise<boolean> {
  try {
    const client = await connectRedis(url, { connectTimeoutMs: 1_000 });
    try {
      const phase: unknown = await client.sendCommand(["GET", runKeys(runId).phase]);
      return phase === "finished";
    } finally {
      discard(client);
    }
  } catch {
    return false;
  }
}
