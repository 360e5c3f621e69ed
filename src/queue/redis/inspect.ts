import { ConfigError } from "../../errors.js";
import { countErrors, DEAD_LETTER_SAMPLE } from "../broker-inspection.js";
import type { QueueInspection } from "../sqlite/inspect.js";
import { queueKeys } from "./keys.js";
import { RedisLink } from "./link.js";
import { RedisStore } from "./store.js";
import { parseRedisQueueUrl, type RedisQueueUrl } from "./url.js";

/**
 * What `queue inspect` shows of a Redis Streams queue, in the queue file's terms: depth by
 * state and priority as stored (an expired lease still counts as leased, a due retry as
 * delayed, until a driver using the stream moves them), the oldest message's age, the next
 * retry and the oldest dead letters with their errors. One script reads it all in one moment;
 * nothing is written.
 *
 * @throws {ConfigError} for a malformed URL, or a stream that is not a queue.
 * @throws {RuntimeError} when Redis cannot be reached.
 */
export async function inspectRedis(url: string | RedisQueueUrl): Promise<QueueInspection> {
  const parsed = typeof url === "string" ? parseRedisQueueUrl(url) : url;
  const link = await RedisLink.connect(parsed);
  try {
    const keys = queueKeys(parsed.stream);
    const store = new RedisStore(link, keys, "", undefined);
    // The queue's meta hash: asked first, so that a stream never made is not taken for lost.
    if ((await link.send<number>(["EXISTS", keys.fixed[0]])) === 0) {
      throw new ConfigError(`no queue at ${store.describe()}`);
    }
    const stored = await store.peek();
    const first = await store.deadLettersWithTimes(DEAD_LETTER_SAMPLE);
    return {
      path: store.describe(),
      ...stored,
      deadLetters: {
        total: stored.depth.deadLettered,
        kept: stored.depth.deadLettered,
        byError: countErrors(first),
        first,
      },
    };
  } finally {
    await link.close();
  }
}
