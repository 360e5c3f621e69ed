import { describe, expect, it } from "vitest";
import { newRunId } from "../../src/distributed/run-keys.js";
import { AnnouncingQueue, WorkAnnouncer, WorkListener } from "../../src/distributed/work-signal.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { connectRedis } from "../../src/queue/redis/connection.js";
import { directMessage } from "../support/direct-message.js";
import { REDIS_URL, redisAvailable } from "../support/redis.js";

describe.skipIf(!redisAvailable)("the work signal through Redis", () => {
  it("wakes a waiting listener when the coordinator's queue took messages, and only then", async () => {
    const runId = newRunId();
    const redis = await connectRedis(REDIS_URL);
    const listener = await WorkListener.open(REDIS_URL, runId);
    const other = await WorkListener.open(REDIS_URL, newRunId());
    try {
      expect(listener.live).toBe(true);
      const queue = new AnnouncingQueue(new MemoryQueue(), new WorkAnnouncer(redis, runId));
      const heard = listener.count;
      // Nothing announced yet: a wait runs its whole length.
      const started = performance.now();
      await listener.wait(heard, 50);
      expect(performance.now() - started).toBeGreaterThanOrEqual(49);
      const woken = listener.wait(heard, 60_000);
      // Several enqueues in a row fold into fewer announcements, never into none.
      for (let seq = 1; seq <= 5; seq++) {
        await queue.enqueue([directMessage(seq)]);
      }
      await woken;
      expect(listener.count).toBeGreaterThan(heard);
      expect((await queue.depth()).ready).toBe(5);
      // Another run's listener heard none of it.
      expect(other.count).toBe(0);
    } finally {
      listener.close();
      other.close();
      await redis.close();
    }
  });

  it("leaves a listener that cannot subscribe deaf, not failing: waits then run their length", async () => {
    const listener = await WorkListener.open("redis://127.0.0.1:6390/0", newRunId());
    expect(listener.live).toBe(false);
    const started = performance.now();
    await listener.wait(listener.count, 20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    listener.close();
  });
});
