import { type Lease, outstanding, type QueueDriver } from "../../src/queue/driver.js";

/**
 * Lease and ack everything `queue` holds, and return what it handed out. An empty lease is not
 * the end: a broker under load (or one that redelivers a killed run's leases once their
 * visibility passes) can answer a poll with nothing while it still holds messages, so this
 * stops only when the queue says nothing is ready, delayed or leased, or when nothing came for
 * `quietMs`.
 */
export async function drainQueue(queue: QueueDriver, quietMs = 20_000): Promise<Lease[]> {
  const drained: Lease[] = [];
  let lastLease = Date.now();
  for (;;) {
    const leases = await queue.lease(500, { waitMs: 1_000 });
    if (leases.length > 0) {
      drained.push(...leases);
      await queue.ack(leases);
      lastLease = Date.now();
    } else if (outstanding(await queue.depth()) === 0 || Date.now() - lastLease > quietMs) {
      return drained;
    }
  }
}
