import {
  guard,
  openQueueFile
} from "./chunk-UZ6Z45I5.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/queue/sqlite/owner.js
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
var OWNER_TABLE = `
CREATE TABLE IF NOT EXISTS owner (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  since REAL NOT NULL,
  purpose TEXT NOT NULL,
  beat_at REAL NOT NULL,
  process_id TEXT NOT NULL
) STRICT;
`;
var BEAT_MS = 2e3;
var SILENT_MS = 15e3;
var QueueFileClaim = class _QueueFileClaim {
  db;
  replaced;
  beat;
  released = false;
  constructor(db, replaced) {
    this.db = db;
    this.replaced = replaced;
    const beat = db.prepare("UPDATE owner SET beat_at = ? WHERE id = 0 AND pid = ?");
    this.beat = setInterval(() => {
      try {
        beat.run(Date.now(), process.pid);
      } catch {
      }
    }, BEAT_MS);
    this.beat.unref();
  }
  /**
   * Take the queue file at `path` for `purpose`, creating it in `create` mode when missing.
   *
   * @throws {ConfigError} naming the holder (pid, host, since when, what for) when a live
   * process holds the file, or when the file is not a sound queue (see `openQueueFile`).
   */
  static take(path, purpose, mode) {
    const db = openQueueFile(path, mode);
    try {
      db.pragma("busy_timeout = 5000");
      const replaced = guard(path, () => db.transaction(() => {
        db.exec(OWNER_TABLE);
        const holder = readOwner(db);
        if (holder !== void 0 && isAlive(holder)) {
          throw new ConfigError(`queue file ${path} is in use by ${describeOwner(holder)}`);
        }
        const now = Date.now();
        db.prepare("INSERT OR REPLACE INTO owner (id, pid, host, since, purpose, beat_at, process_id) VALUES (0, ?, ?, ?, ?, ?, ?)").run(process.pid, hostname(), now, purpose, now, processIdentity(process.pid) ?? "");
        return holder;
      }).immediate());
      return new _QueueFileClaim(db, replaced);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  /** Give the file up. Idempotent; a claim another process has since taken over is left alone. */
  release() {
    if (this.released)
      return;
    this.released = true;
    clearInterval(this.beat);
    try {
      this.db.prepare("DELETE FROM owner WHERE id = 0 AND pid = ? AND host = ?").run(process.pid, hostname());
    } catch {
    } finally {
      this.db.close();
    }
  }
};
function describeOwner(owner) {
  const since = new Date(owner.since).toISOString().replace(/\.\d+Z$/, "Z");
  return `pid ${owner.pid} on host ${owner.host} (swarm-stress ${owner.purpose}, since ${since}): one process owns a queue file at a time`;
}
function readOwner(db) {
  const row = db.prepare("SELECT pid, host, since, purpose, beat_at, process_id FROM owner WHERE id = 0").raw().get();
  if (row === void 0)
    return void 0;
  const [pid, host, since, purpose, beatAt, processId] = row;
  return { pid, host, since, purpose, beatAt, processId };
}
function isAlive(owner, now = Date.now()) {
  if (owner.host !== hostname())
    return now - owner.beatAt < SILENT_MS;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if (error.code !== "EPERM")
      return false;
  }
  const identity = processIdentity(owner.pid);
  if (identity === "exited")
    return false;
  return identity === void 0 || owner.processId === "" || identity === owner.processId;
}
function processIdentity(pid) {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X")
      return "exited";
    const startTick = fields[19];
    return startTick === void 0 ? void 0 : `${boot}:${startTick}`;
  } catch {
    return void 0;
  }
}

export {
  QueueFileClaim,
  isAlive
};
