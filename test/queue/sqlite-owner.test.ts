import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { isAlive, QueueFileClaim, type QueueOwner } from "../../src/queue/sqlite/owner.js";

const freshFile = () => join(mkdtempSync(join(tmpdir(), "swarm-owner-")), "q.db");

/** An owner row as another process would have written it. */
function owner(overrides: Partial<QueueOwner>): QueueOwner {
  return {
    pid: process.pid,
    host: hostname(),
    since: Date.now(),
    purpose: "run",
    beatAt: Date.now(),
    processId: "",
    ...overrides,
  };
}

/** Write `row` into the file's owner table, as a holder that never released would leave it. */
function plant(path: string, row: QueueOwner): void {
  QueueFileClaim.take(path, "run", "create").release();
  const db = new Database(path);
  db.prepare(
    "INSERT OR REPLACE INTO owner (id, pid, host, since, purpose, beat_at, process_id) VALUES (0, ?, ?, ?, ?, ?, ?)",
  ).run(row.pid, row.host, row.since, row.purpose, row.beatAt, row.processId);
  db.close();
}

describe("QueueFileClaim", () => {
  it("gives a queue file to one holder at a time, naming the holder to the next", () => {
    const path = freshFile();
    const first = QueueFileClaim.take(path, "run", "create");
    expect(first.replaced).toBeUndefined();
    let refusal: unknown;
    try {
      QueueFileClaim.take(path, "requeue-dead", "existing");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect(String((refusal as Error).message)).toMatch(
      new RegExp(
        `in use by pid ${process.pid} on host ${hostname()} \\(swarm-stress run, since \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\)`,
      ),
    );
    first.release();
    first.release(); // idempotent
    QueueFileClaim.take(path, "requeue-dead", "existing").release();
  });

  it("takes over from a holder that died, without waiting", async () => {
    const path = freshFile();
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    const pid = child.pid as number;
    plant(path, owner({ pid }));
    expect(() => QueueFileClaim.take(path, "run", "existing")).toThrow(/in use by pid/);
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const started = Date.now();
    const claim = QueueFileClaim.take(path, "run", "existing");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(claim.replaced?.pid).toBe(pid);
    claim.release();
  });

  it("tells a dead holder from a live one", () => {
    const now = Date.now();
    expect(isAlive(owner({}))).toBe(true);
    // A pid no process has.
    expect(isAlive(owner({ pid: 2 ** 22 + 7 }))).toBe(false);
    // This pid, but a process started at another moment: the holder's pid was reused.
    expect(isAlive(owner({ processId: "another-boot:1" }))).toBe(false);
    // On another host only its beat tells.
    expect(isAlive(owner({ host: "elsewhere", beatAt: now - 1_000 }), now)).toBe(true);
    expect(isAlive(owner({ host: "elsewhere", beatAt: now - 60_000 }), now)).toBe(false);
  });
});
