/**
 * BullMQ's connection to Redis, through the project's one Redis connector.
 *
 * BullMQ 6 takes either ioredis or node-redis (`redis` >= 5, whose core is `@redis/client`) as
 * an optional peer, and recognises a connected node-redis client handed to it as its
 * `connection`. The project already connects to Redis with `@redis/client` 5 (`connectRedis`:
 * one-line errors within a deadline, no retrying a Redis that was never there), so BullMQ gets
 * that client and no second Redis library is installed. Its `Queue` shares the client; its
 * `Worker` duplicates it for its own connections (`Client.duplicate`, same options).
 */
import { type Queue as BullQueue, Queue, Worker } from "bullmq";
import { ConfigError, RuntimeError } from "../../errors.js";
import {
  connectRedisWithCommands,
  describeConnectError,
  discard,
  type RedisClientWithCommands,
} from "../redis/connection.js";
import type { JobData } from "./codec.js";
import { asRedisUrl, type BullmqQueueUrl } from "./url.js";

/** BullMQ's queue of messages, typed by what its jobs carry. */
export type MessageQueue = BullQueue<JobData, string, string>;
/** BullMQ's worker on it, with no processor: the driver fetches jobs itself. */
export type MessageWorker = Worker<JobData, string, string>;

/** What {@link connectBullmq} made; {@link BullmqConnection.close} ends it all. */
export interface BullmqConnection {
  readonly client: RedisClientWithCommands;
  readonly queue: MessageQueue;
  /** Only for the driver: `purge` needs none. */
  readonly worker: MessageWorker | undefined;
  close(): Promise<void>;
}

/**
 * How long a job stays locked in BullMQ without renewal, ms: BullMQ's default. The driver
 * renews the locks of everything it leases, so only a process that died lets one lapse.
 */
export const LOCK_MS = 30_000;

const DEFAULT_CONNECT_TIMEOUT_MS = 2_500;
/** Longest wait for each part of the connection to close, ms. */
const CLOSE_STEP_MS = 1_000;

/**
 * Connects to the Redis a BullMQ URL names and opens BullMQ's queue on it, and a worker without
 * a processor when `withWorker`. Fails in one line within the timeout (plus BullMQ's own
 * version check, a round trip), naming BullMQ and the cause, never the password.
 *
 * @throws {RuntimeError} `BullMQ: cannot connect to Redis at HOST:PORT: reason`.
 */
export async function connectBullmq(
  url: BullmqQueueUrl,
  options: {
    readonly withWorker: boolean;
    readonly connectTimeoutMs?: number | undefined;
    /** How long a connection lost mid-run is retried, ms; `connectRedis`'s default (10 s). */
    readonly retryWindowMs?: number | undefined;
    readonly onLost?: (error: RuntimeError) => void;
  },
): Promise<BullmqConnection> {
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let client: RedisClientWithCommands;
  try {
    client = await connectRedisWithCommands(asRedisUrl(url), {
      connectTimeoutMs: timeoutMs,
      clientName: "swarm-stress-bullmq",
      ...(options.retryWindowMs === undefined ? {} : { retryWindowMs: options.retryWindowMs }),
      onGiveUp: (error) => options.onLost?.(new RuntimeError(`BullMQ: ${error.message}`)),
    });
  } catch (error) {
    throw error instanceof RuntimeError ? new RuntimeError(`BullMQ: ${error.message}`) : error;
  }
  let queue: MessageQueue | undefined;
  let worker: MessageWorker | undefined;
  // Each step bounded: on a connection lost for good, BullMQ's and node-redis's closes can wait
  // for ever, and nothing else would keep the process alive to finish the run.
  const close = async (): Promise<void> => {
    if (worker !== undefined) await bounded(worker.close(true));
    if (queue !== undefined) await bounded(queue.close());
    await bounded(client.close());
    discard(client);
  };
  try {
    queue = new Queue<JobData, string, string>(url.queue, { connection: client });
    // An "error" event without a listener would crash the process; the call that failed says why.
    queue.on("error", () => {});
    await within(queue.waitUntilReady(), timeoutMs, url);
    if (options.withWorker) {
      worker = new Worker<JobData, string, string>(url.queue, null, {
        connection: client,
        autorun: false,
        lockDuration: LOCK_MS,
      });
      worker.on("error", () => {});
      await within(worker.waitUntilReady(), timeoutMs, url);
    }
    return { client, queue, worker, close };
  } catch (error) {
    await close();
    if (error instanceof RuntimeError || error instanceof ConfigError) throw error;
    throw bullmqError(error, url);
  }
}

/** A failed BullMQ call as one line naming BullMQ, the server and the cause. */
export function bullmqError(error: unknown, url: BullmqQueueUrl): RuntimeError {
  return new RuntimeError(
    `BullMQ on Redis at ${url.target}: ${describeConnectError(error, { target: url.target, db: url.db })}`,
  );
}

/** Waits for `work` to settle, up to {@link CLOSE_STEP_MS}; never rejects. */
async function bounded(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise((resolve) => {
      timer = setTimeout(resolve, CLOSE_STEP_MS);
    }),
  ]);
  clearTimeout(timer);
}

async function within<T>(work: Promise<T>, ms: number, url: BullmqQueueUrl): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new RuntimeError(`BullMQ: Redis at ${url.target} did not answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
