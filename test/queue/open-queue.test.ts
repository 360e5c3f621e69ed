import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { MemoryQueue } from "../../src/queue/memory/memory.js";
import { openQueue } from "../../src/queue/open-queue.js";
import { directMessage } from "../support/direct-message.js";

const spec = { capacity: 100, visibilityMs: 1000 };

const message = (seq: number) => directMessage(seq, { payload: "x" });

describe("openQueue", () => {
  it("opens the in-memory driver by default name", async () => {
    const queue = await openQueue({ ...spec, driver: "memory" });
    expect(queue).toBeInstanceOf(MemoryQueue);
    expect(queue.capacity).toBe(100);
    await queue.close();
  });

  it("opens a SQLite file, and refuses one that still holds messages", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "swarm-open-")), "q.db");
    const first = await openQueue({ ...spec, driver: `sqlite:${path}` });
    expect(first.name).toBe("sqlite");
    await first.enqueue([message(0)]);
    await first.close();
    const error = await openQueue({ ...spec, driver: `sqlite:${path}` }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/still holds 1 message/);
  });

  it("hands out at once, on resume, what a process that died had leased", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "swarm-open-")), "q.db");
    const long = { ...spec, visibilityMs: 600_000 };
    const first = await openQueue({ ...long, driver: `sqlite:${path}` });
    await first.enqueue([message(0), message(1)]);
    const leased = await first.lease(2, { visibilityMs: 600_000 });
    expect(leased.map((lease) => lease.message.attempts)).toEqual([1, 1]);
    // The process dies holding both leases: nothing settles them.
    await first.close();
    const resumed = await openQueue({ ...long, driver: `sqlite:${path}`, resume: true });
    const again = await resumed.lease(2, { visibilityMs: 600_000 });
    // Not after the ten-minute visibility timeout: now, the lost hand-out counted.
    expect(again.map((lease) => lease.message.seq)).toEqual([0, 1]);
    expect(again.map((lease) => lease.message.attempts)).toEqual([2, 2]);
    await resumed.close();
  });

  it("rejects an unknown driver", async () => {
    await expect(openQueue({ ...spec, driver: "kafka" })).rejects.toThrow(/unknown queue "kafka"/);
  });
});
