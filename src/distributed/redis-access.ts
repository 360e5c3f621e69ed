import type { QueueDriver } from "../queue/driver.js";
import { connectRedis } from "../queue/redis-connection.js";
import type { RunDescriptor } from "./protocol.js";
import { streamOwnerKey } from "./run-keys.js";
import { type RedisCommander, RunStore } from "./run-store.js";

/** A run store with its own connection. */
export interface StoreAccess {
  readonly store: RunStore;
  /** The connection itself, for what is not the store's (reading the server's clock). */
  readonly redis: RedisCommander;
  close(): Promise<void>;
}

/** Connect to the Redis of `url` and open the store of run `runId` there. */
export async function connectRunStore(url: string, runId: string): Promise<StoreAccess> {
  const client = await connectRedis(url, { clientName: `swarm-stress-run-${runId}` });
  const redis: RedisCommander = {
    sendCommand: (args: string[]) => client.sendCommand(args) as Promise<unknown>,
  };
  const store = new RunStore(redis, runId);
  return {
    store,
    redis,
    close: async () => {
      await client.close().catch(() => client.destroy());
    },
  };
}

/**
 * The queue of a distributed run, as one participant sees it: its own consumer name, the
 * run's capacity and visibility timeout, the stream the coordinator created.
 */
export async function openRunQueue(
  url: string,
  run: RunDescriptor,
  consumer: string,
  fresh = false,
): Promise<QueueDriver> {
  const { RedisQueue } = await import("../queue/redis.js");
  return await RedisQueue.open({
    url,
    stream: run.stream,
    consumer,
    capacity: run.config.queueCapacity,
    visibilityMs: run.config.visibilityTimeout,
    resume: !fresh,
  });
}

/** The run that holds queue `stream` at `url` now, if any. */
export async function streamOwner(url: string, stream: string): Promise<string | undefined> {
  const client = await connectRedis(url);
  try {
    const owner = await client.sendCommand(["GET", streamOwnerKey(stream)]);
    return typeof owner === "string" ? owner : undefined;
  } finally {
    await client.close().catch(() => client.destroy());
  }
}
