import { spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import type { Message } from "../../src/model/message.js";
import type { Lease } from "../../src/queue/driver.js";
import { QueueClosedError } from "../../src/queue/queue-closed.js";
import { inspectQueue, requeueDead } from "../../src/queue/sqlite/inspect.js";
import { APPLICATION_ID, SCHEMA_VERSION } from "../../src/queue/sqlite/schema.js";
import { SqliteQueue } from "../../src/queue/sqlite/sqlite.js";
import {
  describeQueueConformance,
  expectLargeBatchInOrder,
  manualClock,
  seqs,
  sleep,
  testMessage,
  testMessages,
  watch,
} from "../conformance/queue-conformance.js";

const dir = mkdtempSync(join(tmpdir(), "swarm-stress-sqlite-"));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A path in the test directory that no other test uses. */
function freshPath(): string {
  return join(dir, `queue-${files++}.db`);
}

describeQueueConformance(
  "sqlite",
  async (options) => SqliteQueue.open(freshPath(), options),
  // Every message is a row written and deleted: a quarter of the default keeps the test short.
  { memoryBoundMessages: 20_000 },
);

/** The file's bytes and modification time, to show that nothing touched it. */
function fingerprint(path: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs };
}

/** A closed queue file holding a few messages. */
async function sampleQueueFile(): Promise<string> {
  const path = freshPath();
  const q = SqliteQueue.open(path);
  await q.enqueue(testMessages(0, 3000));
  await q.close();
  return path;
}

/** Expects `work` to throw a one-line ConfigError naming `path`, and `path` to be unchanged. */
function expectRefused(path: string, work: () => unknown, reason: RegExp): void {
  const before = fingerprint(path);
  let thrown: unknown;
  try {
    work();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const message = (thrown as Error).message;
  expect(message).not.toContain("\n");
  expect(message).toContain(path);
  expect(message).toMatch(reason);
  const after = fingerprint(path);
  expect(after.mtimeMs).toBe(before.mtimeMs);
  expect(after.bytes.equals(before.bytes)).toBe(true);
}

/** Every way of opening a file, each of which must refuse a bad one without touching it. */
function everyOpen(path: string): (() => unknown)[] {
  return [() => SqliteQueue.open(path), () => inspectQueue(path), () => requeueDead(path)];
}

describe("SqliteQueue", () => {
  it("has the documented defaults and rejects out-of-range options", async () => {
    const q = SqliteQueue.open(freshPath());
    expect(q.name).toBe("sqlite");
    expect(q.capacity).toBe(10_000);
    expect(q.visibilityMs).toBe(30_000);
    expect(q.deadLetterLimit).toBe(Number.POSITIVE_INFINITY);
    await q.close();
    const path = freshPath();
    expect(() => SqliteQueue.open(path, { capacity: 0 })).toThrow(ConfigError);
    expect(() => SqliteQueue.open(path, { capacity: 2.5 })).toThrow(ConfigError);
    expect(() => SqliteQueue.open(path, { visibilityMs: -1 })).toThrow(ConfigError);
    expect(() => SqliteQueue.open(path, { deadLetterLimit: -1 })).toThrow(ConfigError);
    expect(existsSync(path)).toBe(false);
  });

  it("marks the file as a swarm-stress queue in WAL mode", async () => {
    const path = freshPath();
    const q = SqliteQueue.open(path);
    const db = new Database(path, { readonly: true });
    expect(db.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    await q.close();
  });

  it("keeps messages, retries and dead letters across close and reopen", async () => {
    const clock = manualClock();
    const path = freshPath();
    let q = SqliteQueue.open(path, { now: clock.now, visibilityMs: 1_000 });
    await q.enqueue([testMessage(0, 1), testMessage(1, 3), testMessage(2, 1), testMessage(3, 1)]);
    const [high, low] = await q.lease(2);
    if (!high || !low) throw new Error("expected two leases");
    high.message.attempts = 1;
    high.message.lastError = "offline";
    high.message.recipients = ["Agent-5"];
    await q.nack(high, clock.now() + 500);
    await q.deadLetter(low, "gave up");
    await q.close();

    clock.advance(500);
    q = SqliteQueue.open(path, { now: clock.now });
    expect(await q.depth()).toEqual({ ready: 3, delayed: 0, leased: 0, deadLettered: 1 });
    const again = await q.lease(10);
    expect(seqs(again)).toEqual([1, 2, 3]);
    expect(again[0]?.message).toMatchObject({
      id: "m1",
      attempts: 2, // the nacked one and this hand-out
      lastError: "offline",
      recipients: ["Agent-5"],
      addressedTo: [testMessage(1).recipients[0]],
      enqueuedAt: clock.now(),
    });
    const [letter] = await q.deadLetters(5);
    expect(letter?.error).toBe("gave up");
    expect(letter?.message).toMatchObject({ id: "m0", seq: 0, payload: "payload-0" });
    await q.close();
  });

  it("hands out again, after the visibility timeout, a lease held by a process that died", async () => {
    const path = freshPath();
    const clock = manualClock();
    const q = SqliteQueue.open(path, { now: clock.now });
    await q.enqueue(testMessages(0, 2));
    const [lease] = await q.lease(1);
    if (!lease) throw new Error("expected a lease");
    lease.message.attempts = 2;
    lease.message.lastError = "slow";
    await q.nack(lease, clock.now());
    await q.close();

    // The child leases both messages for 1 s and exits without settling or closing anything.
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { SqliteQueue } from ${JSON.stringify(join(import.meta.dirname, "../../src/queue/sqlite/sqlite.ts"))};
         const q = SqliteQueue.open(${JSON.stringify(path)}, { now: () => ${clock.now()} });
         const leases = await q.lease(10, { visibilityMs: 1000 });
         process.stdout.write(leases.map((l) => l.message.seq).join(","));
         process.exit(0);`,
      ],
      { encoding: "utf8", cwd: join(import.meta.dirname, "../..") },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("1,0");
    expect(existsSync(`${path}-wal`)).toBe(true);

    const reopened = SqliteQueue.open(path, { now: clock.now });
    expect(await reopened.depth()).toMatchObject({ ready: 0, leased: 2 });
    clock.advance(999);
    expect(await reopened.lease(10)).toEqual([]);
    clock.advance(1);
    const again = await reopened.lease(10);
    expect(seqs(again)).toEqual([1, 0]);
    expect(again.find((l) => l.message.seq === 0)?.message).toMatchObject({
      attempts: 4, // two stored with the nack, the dead child's expired hand-out, this one
      lastError: "slow",
      enqueuedAt: clock.now(),
    });
    await reopened.ack(again);
    expect(await reopened.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
    await reopened.close();
  });

  it("acks exactly the leases given, whatever runs and priorities they form", async () => {
    const clock = manualClock();
    const q = SqliteQueue.open(freshPath(), { now: clock.now, visibilityMs: 100 });
    await q.enqueue(Array.from({ length: 30 }, (_, seq) => testMessage(seq, 1 + (seq % 3))));
    const leases = await q.lease(30);
    const acked = leases.filter((_, i) => i % 4 !== 1 && i !== 17);
    await q.ack(acked.reverse());
    const kept = leases.filter((l) => !acked.includes(l)).map((l) => l.message.seq);
    expect(await q.depth()).toMatchObject({ ready: 0, leased: kept.length });
    clock.advance(100);
    expect(seqs(await q.lease(30)).sort((a, b) => a - b)).toEqual(kept.sort((a, b) => a - b));
    await q.close();
  });

  it("acks a sparse pick out of a long run of leases", async () => {
    const q = SqliteQueue.open(freshPath());
    await q.enqueue(testMessages(0, 1_000));
    const leases = await q.lease(1_000);
    await q.ack([leases[0] as Lease, leases[500] as Lease, leases[999] as Lease]);
    expect(await q.depth()).toMatchObject({ leased: 997 });
    await q.ack(leases.slice(1, 500));
    await q.ack(leases);
    expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
    await q.close();
  });

  it("holds messages with the same seq side by side, as the memory driver does", async () => {
    const q = SqliteQueue.open(freshPath());
    await q.enqueue([testMessage(0), testMessage(0)]);
    expect(seqs(await q.lease(5))).toEqual([0, 0]);
    await q.close();
  });

  it("stores a large batch in several transactions, in order", async () => {
    const q = SqliteQueue.open(freshPath(), { capacity: 5_000 });
    await expectLargeBatchInOrder(q, 2_500, 1_000);
    await q.close();
  });

  it("acks more leases than one transaction takes", async () => {
    const q = SqliteQueue.open(freshPath());
    await q.enqueue(testMessages(0, 2_500));
    const leases = [
      ...(await q.lease(1_000)),
      ...(await q.lease(1_000)),
      ...(await q.lease(1_000)),
    ];
    await q.ack(leases);
    expect(await q.depth()).toEqual({ ready: 0, delayed: 0, leased: 0, deadLettered: 0 });
    await q.close();
  });

  it("counts one saturation event per wait and serves producers in arrival order", async () => {
    const q = SqliteQueue.open(freshPath(), { capacity: 2 });
    await q.enqueue(testMessages(0, 2));
    const first = watch(q.enqueue(testMessages(2, 3)));
    const second = q.enqueue([testMessage(5)]);
    await q.ack(await q.lease(1)); // room for one of three: waits again
    await q.ack(await q.lease(2)); // room for the last two
    expect(await first.promise).toBe(2);
    const order: number[] = [];
    for (let i = 0; i < 3; i++) {
      const leases = await q.lease(1, { waitMs: 100 });
      order.push(...seqs(leases));
      await q.ack(leases);
    }
    expect(order).toEqual([3, 4, 5]);
    expect(await second).toBe(1);
    await q.close();
  });

  it("lets processes sharing a file wake each other by polling", async () => {
    const path = freshPath();
    const a = SqliteQueue.open(path, { capacity: 2 });
    const b = SqliteQueue.open(path, { capacity: 2 });
    const polling = b.lease(5, { waitMs: 2_000 });
    await sleep(10);
    await a.enqueue(testMessages(0, 2));
    const leases = await polling;
    expect(seqs(leases)).toEqual([0, 1]);
    const waiting = watch(a.enqueue([testMessage(2)]));
    await sleep(20);
    expect(waiting.settled).toBe(false);
    await b.ack(leases);
    expect(await waiting.promise).toBe(1);
    expect(seqs(await b.lease(5))).toEqual([2]);
    await a.close();
    await b.close();
  });

  it("rejects calls after close and leaves no timer behind", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const baseline = timers();
    const q = SqliteQueue.open(freshPath(), { capacity: 1 });
    const polling = q.lease(1, { waitMs: 60_000 });
    expect(timers()).toBeGreaterThan(baseline);
    await q.enqueue([testMessage(0)]);
    expect(seqs(await polling)).toEqual([0]);
    expect(timers()).toBe(baseline);
    const waiting = q.enqueue([testMessage(1)]);
    waiting.catch(() => {});
    const again = q.lease(1, { waitMs: 60_000 });
    await q.close();
    await expect(waiting).rejects.toThrow(QueueClosedError);
    expect(await again).toEqual([]);
    expect(timers()).toBe(baseline);
    await expect(q.ack([])).rejects.toThrow(QueueClosedError);
    await expect(q.snapshot()).rejects.toThrow(QueueClosedError);
    await expect(q.deadLetters(1)).rejects.toThrow(QueueClosedError);
  });

  it("keeps the first deadLetterLimit bodies but counts every dead letter", async () => {
    const q = SqliteQueue.open(freshPath(), { deadLetterLimit: 2 });
    await q.enqueue(testMessages(0, 5));
    for (const lease of await q.lease(5)) await q.deadLetter(lease, `e${lease.message.seq}`);
    expect((await q.depth()).deadLettered).toBe(5);
    expect((await q.deadLetters(10)).map((d) => [d.message.seq, d.error])).toEqual([
      [0, "e0"],
      [1, "e1"],
    ]);
    await q.close();
  });

  it("keeps its counters equal to what the rows say through a mix of operations", async () => {
    const clock = manualClock();
    const path = freshPath();
    const q = SqliteQueue.open(path, { now: clock.now, capacity: 500, visibilityMs: 300 });
    let seq = 0;
    let state = 12345;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let round = 0; round < 200; round++) {
      const room = 500 - (await q.snapshot()).length;
      const add = Math.min(room, Math.floor(random() * 20));
      await q.enqueue(Array.from({ length: add }, () => testMessage(seq++, 1 + (seq % 3))));
      const leases = await q.lease(Math.floor(random() * 15), { visibilityMs: 100 + round });
      for (const lease of leases) {
        const roll = random();
        if (roll < 0.5) await q.ack([lease]);
        else if (roll < 0.7) await q.nack(lease, clock.now() + Math.floor(random() * 200));
        else if (roll < 0.8) await q.deadLetter(lease, roll < 0.75 ? "a" : "b");
      }
      clock.advance(Math.floor(random() * 50));
      const depth = await q.depth();
      const seen = inspectQueue(path, { now: clock.now });
      expect(seen.depth).toEqual(depth);
      expect(seen.expiredLeases + seen.dueRetries).toBe(0);
      expect(depth.ready + depth.delayed + depth.leased).toBe((await q.snapshot()).length);
    }
    await q.close();
  });
});

describe("opening a file that is not a sound queue", () => {
  it("refuses a file that is not SQLite at all", () => {
    const path = freshPath();
    writeFileSync(path, "queue,seq\nnot,a database\n".repeat(200));
    for (const open of everyOpen(path)) expectRefused(path, open, /is not an SQLite database/);
  });

  it("refuses a corrupt queue file", async () => {
    const path = await sampleQueueFile();
    const fd = openSync(path, "r+");
    // Page 4 is the root of the messages table; garbage there breaks the b-tree.
    writeSync(fd, Buffer.alloc(64, 0xab), 0, 64, 3 * 4096);
    closeSync(fd);
    for (const open of everyOpen(path)) expectRefused(path, open, /is corrupt/);
  });

  it("refuses a truncated queue file", async () => {
    const path = await sampleQueueFile();
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, 5 * 4096));
    for (const open of everyOpen(path)) expectRefused(path, open, /is corrupt/);
  });

  it("refuses another application's SQLite database", () => {
    const path = freshPath();
    const db = new Database(path);
    db.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'x')",
    );
    db.close();
    for (const open of everyOpen(path)) expectRefused(path, open, /another application/);
    const tagged = freshPath();
    const other = new Database(tagged);
    other.pragma("application_id = 42");
    other.exec("CREATE TABLE t (x)");
    other.close();
    for (const open of everyOpen(tagged)) expectRefused(tagged, open, /application_id 42/);
  });

  it("refuses a queue file from a newer schema", async () => {
    const path = await sampleQueueFile();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    for (const open of everyOpen(path)) expectRefused(path, open, /newer/);
  });

  it("refuses a directory, and a missing or empty file where a queue must exist", () => {
    const folder = join(dir, `folder-${files++}`);
    mkdirSync(folder);
    for (const open of everyOpen(folder)) {
      expect(open).toThrow(ConfigError);
      expect(open).toThrow(/not a regular file/);
    }
    const missing = freshPath();
    expect(() => SqliteQueue.open(join(missing, "queue.db"))).toThrow(/no directory/);
    expect(() => inspectQueue(missing)).toThrow(/does not exist/);
    expect(() => requeueDead(missing)).toThrow(/does not exist/);
    expect(existsSync(missing)).toBe(false);
    const empty = freshPath();
    writeFileSync(empty, "");
    expectRefused(empty, () => inspectQueue(empty), /is empty/);
    expectRefused(empty, () => requeueDead(empty), /is empty/);
  });

  it("makes a queue of an empty file, as mktemp leaves one", async () => {
    const path = freshPath();
    writeFileSync(path, "");
    const q = SqliteQueue.open(path);
    await q.enqueue([testMessage(0)]);
    await q.close();
    expect(inspectQueue(path).depth.ready).toBe(1);
  });

  it("makes a queue of a database with no schema yet, as a run killed while making one leaves", async () => {
    const path = freshPath();
    // What opening a new queue does before the transaction that writes its schema.
    const blank = new Database(path);
    blank.pragma("journal_mode = WAL");
    blank.close();
    expect(statSync(path).size).toBeGreaterThan(0);
    expectRefused(path, () => inspectQueue(path), /is empty, not a swarm-stress queue/);
    const q = SqliteQueue.open(path);
    await q.enqueue([testMessage(0)]);
    await q.close();
    expect(inspectQueue(path).depth.ready).toBe(1);
    // A database that holds anything, or says whose it is, is still not taken.
    const versioned = freshPath();
    const other = new Database(versioned);
    other.pragma("user_version = 3");
    other.close();
    for (const open of everyOpen(versioned)) expectRefused(versioned, open, /another application/);
  });

  it("accepts a copy of a sound queue file", async () => {
    const path = await sampleQueueFile();
    const copy = freshPath();
    copyFileSync(path, copy);
    const q = SqliteQueue.open(copy);
    expect((await q.depth()).ready).toBe(3_000);
    await q.close();
  });
});

describe("inspectQueue and requeueDead", () => {
  /** A queue file with ready, delayed, leased (one expired) and dead-lettered messages. */
  async function busyQueue(): Promise<{ path: string; clock: ReturnType<typeof manualClock> }> {
    const clock = manualClock();
    const path = freshPath();
    const q = SqliteQueue.open(path, { now: clock.now });
    await q.enqueue([...testMessages(0, 6, 1), ...testMessages(6, 2, 3)]);
    const [h6, h7, l0, l1, l2] = await q.lease(5, { visibilityMs: 10_000 });
    await q.lease(1, { visibilityMs: 100 }); // seq 3: expires first
    await q.nack(h6 as Lease, clock.now() + 5_000);
    for (const [lease, error] of [
      [h7, "recipient offline"],
      [l0, "timeout"],
      [l1, "recipient offline"],
    ] as const) {
      (lease as Lease).message.attempts = 3;
      await q.deadLetter(lease as Lease, error);
    }
    expect(l2?.message.seq).toBe(2);
    await q.close();
    clock.advance(1_000);
    return { path, clock };
  }

  it("reports depth by state and priority, ages and dead letters, without writing", async () => {
    const { path, clock } = await busyQueue();
    const before = fingerprint(path);
    const seen = inspectQueue(path, { now: clock.now, deadLetterSample: 2 });
    expect(fingerprint(path).bytes.equals(before.bytes)).toBe(true);
    expect(seen.path).toBe(path);
    expect(seen.schemaVersion).toBe(SCHEMA_VERSION);
    expect(seen.depth).toEqual({ ready: 2, delayed: 1, leased: 2, deadLettered: 3 });
    expect(seen.expiredLeases).toBe(1);
    expect(seen.dueRetries).toBe(0);
    expect(seen.byPriority).toEqual([
      { priority: 3, ready: 0, delayed: 1, leased: 0 },
      { priority: 1, ready: 2, delayed: 0, leased: 2 },
    ]);
    expect(seen.oldestAgeMs).toBe(1_000);
    expect(seen.nextRetryAt).toBe(clock.now() - 1_000 + 5_000);
    expect(seen.deadLetters.total).toBe(3);
    expect(seen.deadLetters.kept).toBe(3);
    expect(seen.deadLetters.byError).toEqual([
      { error: "recipient offline", count: 2 },
      { error: "timeout", count: 1 },
    ]);
    expect(seen.deadLetters.first.map((d) => [d.message.seq, d.error, d.message.attempts])).toEqual(
      [
        [7, "recipient offline", 3],
        [0, "timeout", 3],
      ],
    );
    expect(seen.deadLetters.first[0]?.deadAt).toBe(clock.now() - 1_000);
  });

  it("moves dead letters back to ready with attempts reset", async () => {
    const { path, clock } = await busyQueue();
    expect(requeueDead(path, { now: clock.now })).toBe(3);
    expect(requeueDead(path, { now: clock.now })).toBe(0);
    const seen = inspectQueue(path, { now: clock.now });
    expect(seen.depth).toEqual({ ready: 5, delayed: 1, leased: 2, deadLettered: 0 });
    expect(seen.deadLetters.kept).toBe(0);

    const q = SqliteQueue.open(path, { now: clock.now });
    const leases = await q.lease(10);
    // Requeued in the order they died, each in its priority's line; the expired lease (seq 3)
    // joins the line only when a lease call notices it, after them.
    expect(seqs(leases)).toEqual([7, 4, 5, 0, 1, 3]);
    const requeued = leases.find((l) => l.message.seq === 7)?.message as Message;
    expect(requeued).toMatchObject({ attempts: 1, id: "m7", enqueuedAt: clock.now() });
    await q.close();
  });

  it("leaves a dead letter whose seq the queue holds again where it is", async () => {
    const path = freshPath();
    const q = SqliteQueue.open(path);
    await q.enqueue([testMessage(0)]);
    await q.deadLetter((await q.lease(1))[0] as Lease, "boom");
    await q.enqueue([testMessage(0)]);
    await q.close();
    expect(requeueDead(path)).toBe(0);
    expect(inspectQueue(path).deadLetters.kept).toBe(1);
  });
});
