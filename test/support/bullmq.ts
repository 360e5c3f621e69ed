/**
 * BullMQ queues for the BullMQ tests, on the Redis of `test/support/redis.ts` (database 15
 * unless `REDIS_URL` names one; the tests skip loudly when no Redis answers). Queue names
 * start `swarm-stress-test-` with a random suffix, and the tests purge what they made, so other
 * keys there are never touched.
 */
import { randomBytes } from "node:crypto";
import { REDIS_URL, redisAvailable } from "./redis.js";

/** True when the tests' Redis answered; when it did not, a warning says the BullMQ tests skip. */
export const bullmqAvailable: boolean = redisAvailable;

if (!bullmqAvailable) {
  console.warn(
    "!!! SKIPPING the BullMQ queue tests too: they run on that Redis (database 15 unless REDIS_URL says).\n",
  );
}

/** A queue name no other test uses. */
export function freshQueueName(label = "q"): string {
  return `swarm-stress-test-${label}-${randomBytes(6).toString("hex")}`;
}

/** `REDIS_URL` as a BullMQ queue URL for `queue`. */
export function bullmqUrl(queue: string): string {
  return `bullmq+${REDIS_URL.replace(/\?.*$/, "")}?queue=${encodeURIComponent(queue)}`;
}
