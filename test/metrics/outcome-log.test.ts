import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutcomeLog, type OutcomeRecord } from "../../src/metrics/outcome-log.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "outcome-log-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(seq: number): OutcomeRecord {
  const dead = seq % 10 === 3;
  return {
    id: `m${seq}`,
    seq,
    type: seq % 4 === 0 ? "broadcast" : "direct",
    sender: `Agent-${(seq % 8) + 1}`,
    recipients: seq % 4 === 0 ? ["Agent-2", "Agent-3"] : ["Agent-2"],
    attempts: dead ? 3 : 1,
    outcome: dead ? "dead_lettered" : "delivered",
    endToEndMs: seq * 0.25,
    queueWaitMs: 0.125,
    deliveryMs: 1.5,
    ...(dead ? { error: "boom", failedRecipients: ["Agent-2"] } : {}),
  };
}

async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n");
}

describe("OutcomeLog", () => {
  it("writes one JSON line per record with every field", async () => {
    const path = join(dir, "fields.ndjson");
    const log = await OutcomeLog.open(path);
    const records = [record(0), record(1), record(3)];
    for (const r of records) log.write(r);
    await log.close();
    const lines = await readLines(path);
    expect(lines.map((line) => JSON.parse(line))).toEqual(records);
    expect(Object.keys(JSON.parse(lines[2] ?? "{}"))).toEqual([
      "id",
      "seq",
      "type",
      "sender",
      "recipients",
      "attempts",
      "outcome",
      "endToEndMs",
      "queueWaitMs",
      "deliveryMs",
      "error",
      "failedRecipients",
    ]);
  });

  it("keeps only the record's own fields", async () => {
    const path = join(dir, "extra.ndjson");
    const log = await OutcomeLog.open(path);
    log.write({ ...record(1), payload: "x".repeat(100) } as OutcomeRecord);
    await log.close();
    expect(JSON.parse((await readLines(path))[0] ?? "{}")).not.toHaveProperty("payload");
  });

  it("gets 20k records into the file complete and in order, through its backpressure", async () => {
    const path = join(dir, "many.ndjson");
    const log = await OutcomeLog.open(path);
    const total = 20_000;
    let drains = 0;
    for (let seq = 0; seq < total; seq++) {
      log.write(record(seq));
      if (log.needsDrain) {
        drains++;
        await log.drain();
      }
    }
    await log.close();
    const seqs = (await readLines(path)).map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: total }, (_, seq) => seq));
    // ~3 MB through a 1 MiB high-water mark: the log waited for the file more than once.
    expect(drains).toBeGreaterThan(1);
  });

  it("drains a stream that asked for it", async () => {
    const log = await OutcomeLog.open(join(dir, "drain.ndjson"));
    let seq = 0;
    while (!log.needsDrain && seq < 1_000_000) log.write(record(seq++));
    expect(log.needsDrain).toBe(true);
    await log.drain();
    expect(log.needsDrain).toBe(false);
    await log.drain();
    await log.close();
  });

  it("creates missing parent directories and truncates an existing file", async () => {
    const path = join(dir, "a", "b", "c.ndjson");
    const first = await OutcomeLog.open(path);
    for (let seq = 0; seq < 100; seq++) first.write(record(seq));
    await first.close();
    const second = await OutcomeLog.open(path);
    second.write(record(42));
    await second.close();
    const lines = await readLines(path);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "").seq).toBe(42);
  });

  it("writes an empty file when nothing was recorded", async () => {
    const path = join(dir, "empty.ndjson");
    await (await OutcomeLog.open(path)).close();
    expect((await stat(path)).size).toBe(0);
  });

  it("refuses a directory, naming the path", async () => {
    await expect(OutcomeLog.open(dir)).rejects.toThrow(dir);
    await expect(OutcomeLog.open(dir)).rejects.toThrow(/directory/);
  });

  it("refuses a path under a file, naming the path", async () => {
    const file = join(dir, "plain-file");
    await writeFile(file, "x");
    const path = join(file, "out.ndjson");
    await expect(OutcomeLog.open(path)).rejects.toThrow(path);
  });

  it.runIf(existsSync("/dev/full"))("reports a failing disk on drain and close", async () => {
    const log = await OutcomeLog.open("/dev/full");
    for (let seq = 0; seq < 5000; seq++) log.write(record(seq));
    await expect(log.close()).rejects.toThrow(/\/dev\/full.*ENOSPC|ENOSPC.*\/dev\/full/);
  });

  it("makes close idempotent and rejects writes after it", async () => {
    const log = await OutcomeLog.open(join(dir, "closed.ndjson"));
    const closing = log.close();
    expect(log.close()).toBe(closing);
    await closing;
    expect(() => log.write(record(1))).toThrow(/closed/);
  });
});
