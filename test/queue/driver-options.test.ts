import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import {
  checkDeadLetterLimit,
  checkDriverLimits,
  DEFAULT_CAPACITY,
  DEFAULT_VISIBILITY_MS,
  leaseVisibilityError,
} from "../../src/queue/driver-options.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { RedisQueue } from "../../src/queue/redis/redis.js";
import { SqliteQueue } from "../../src/queue/sqlite/sqlite.js";

/** Each driver opened with `options`, settled to its ConfigError (or its queue). */
async function openEach(options: { capacity?: number; visibilityMs?: number }): Promise<unknown[]> {
  const file = join(mkdtempSync(join(tmpdir(), "swarm-options-")), "q.db");
  const settle = async (open: () => unknown): Promise<unknown> => {
    try {
      return await open();
    } catch (error) {
      return error;
    }
  };
  return [
    await settle(() => new MemoryQueue(options)),
    await settle(() => SqliteQueue.open(file, options)),
    // Refused before connecting: no server is needed at this port.
    await settle(() => RedisQueue.open({ url: "redis://127.0.0.1:1/0", ...options })),
  ];
}

describe("the drivers' shared options check", () => {
  it("fills in the defaults and takes Infinity as no limit", () => {
    expect(checkDriverLimits({})).toEqual({
      capacity: DEFAULT_CAPACITY,
      visibilityMs: DEFAULT_VISIBILITY_MS,
    });
    expect(checkDriverLimits({ capacity: Number.POSITIVE_INFINITY, visibilityMs: 0 })).toEqual({
      capacity: Number.POSITIVE_INFINITY,
      visibilityMs: 0,
    });
    expect(checkDeadLetterLimit(0)).toBe(0);
    expect(leaseVisibilityError(0)).toBeUndefined();
    expect(leaseVisibilityError(Number.NaN)?.message).toBe("visibilityMs must be >= 0, got NaN");
    expect(() => checkDeadLetterLimit(1.5)).toThrow(
      "queue deadLetterLimit must be an integer >= 0, got 1.5",
    );
  });

  it.each([
    [{ capacity: 0 }, "queue capacity must be a positive integer, got 0"],
    [{ capacity: 2.5 }, "queue capacity must be a positive integer, got 2.5"],
    [{ visibilityMs: -1 }, "queue visibilityMs must be >= 0, got -1"],
    [{ visibilityMs: Number.NaN }, "queue visibilityMs must be >= 0, got NaN"],
  ])("refuses %j in the same words in every driver", async (options, message) => {
    for (const outcome of await openEach(options)) {
      expect(outcome).toBeInstanceOf(ConfigError);
      expect((outcome as Error).message).toBe(message);
    }
  });
});
