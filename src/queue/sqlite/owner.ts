import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type Database from "better-sqlite3";
import { ConfigError } from "../../errors.js";
import { guard, openQueueFile } from "./schema.js";

/** Who holds a queue file, as its row in the file says. */
export interface QueueOwner {
  readonly pid: number;
  readonly host: string;
  /** When it took the file, epoch ms. */
  readonly since: number;
  /** What it does with the file: `run`, `requeue-dead`. */
  readonly purpose: string;
  /**
   * When it last said it was alive, epoch ms: how a holder on another host is judged, since its
   * process cannot be looked up from here.
   */
  readonly beatAt: number;
  /** The kernel's boot id and the process' start tick, which tell a reused pid from the holder. */
  readonly processId: string;
}

const OWNER_TABLE = `
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

/** How often a holder says it is alive, for processes on other hosts. */
const BEAT_MS = 2_000;

/** A holder on another host that has not said it is alive for this long is taken as gone. */
const SILENT_MS = 15_000;

type OwnerRow = [
  pid: number,
  host: string,
  since: number,
  purpose: string,
  beatAt: number,
  processId: string,
];

/**
 * One process owns a queue file at a time: two runs on one file would each wipe or resume the
 * other's state and both lose messages. A claim is a row in the file itself, written in an
 * immediate transaction (so two processes starting together cannot both see the file free),
 * and deleted on release.
 *
 * A holder that died without releasing is detected, never waited for: on the same host its pid
 * is gone, or belongs to a process started later (a reused pid) or under another boot; on
 * another host (a file on a shared disk) it stopped beating for {@link SILENT_MS}.
 */
export class QueueFileClaim {
  private readonly beat: NodeJS.Timeout;
  private released = false;

  private constructor(
    private readonly db: Database.Database,
    /** The holder this claim replaced because it had died; undefined when the file was free. */
    readonly replaced: QueueOwner | undefined,
  ) {
    const beat = db.prepare("UPDATE owner SET beat_at = ? WHERE id = 0 AND pid = ?");
    this.beat = setInterval(() => {
      try {
        beat.run(Date.now(), process.pid);
      } catch {
        // A busy or vanished file: the next beat tries again; a holder on this host is judged
        // by its pid anyway.
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
  static take(path: string, purpose: string, mode: "create" | "existing"): QueueFileClaim {
    const db = openQueueFile(path, mode);
    try {
      db.pragma("busy_timeout = 5000");
      const replaced = guard(path, () =>
        db
          .transaction(() => {
            db.exec(OWNER_TABLE);
            const holder = readOwner(db);
            if (holder !== undefined && isAlive(holder)) {
              throw new ConfigError(`queue file ${path} is in use by ${describeOwner(holder)}`);
            }
            const now = Date.now();
            db.prepare(
              "INSERT OR REPLACE INTO owner (id, pid, host, since, purpose, beat_at, process_id) VALUES (0, ?, ?, ?, ?, ?, ?)",
            ).run(process.pid, hostname(), now, purpose, now, processIdentity(process.pid) ?? "");
            return holder;
          })
          .immediate(),
      );
      return new QueueFileClaim(db, replaced);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Give the file up. Idempotent; a claim another process has since taken over is left alone. */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.beat);
    try {
      this.db
        .prepare("DELETE FROM owner WHERE id = 0 AND pid = ? AND host = ?")
        .run(process.pid, hostname());
    } catch {
      // A file that cannot be written any more keeps a row a later claim will find dead.
    } finally {
      this.db.close();
    }
  }
}

/** One line about a holder, as the refusal and `queue inspect` show it. */
function describeOwner(owner: QueueOwner): string {
  const since = new Date(owner.since).toISOString().replace(/\.\d+Z$/, "Z");
  return `pid ${owner.pid} on host ${owner.host} (swarm-stress ${owner.purpose}, since ${since}): one process owns a queue file at a time`;
}

function readOwner(db: Database.Database): QueueOwner | undefined {
  const row = db
    .prepare<[], OwnerRow>(
      "SELECT pid, host, since, purpose, beat_at, process_id FROM owner WHERE id = 0",
    )
    .raw()
    .get();
  if (row === undefined) return undefined;
  const [pid, host, since, purpose, beatAt, processId] = row;
  return { pid, host, since, purpose, beatAt, processId };
}

/** Whether the process that wrote `owner` may still be running. */
export function isAlive(owner: QueueOwner, now = Date.now()): boolean {
  if (owner.host !== hostname()) return now - owner.beatAt < SILENT_MS;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: a process of another user has that pid; it may be the holder.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const identity = processIdentity(owner.pid);
  if (identity === "exited") return false;
  // Without /proc (not Linux) the pid alone must do.
  return identity === undefined || owner.processId === "" || identity === owner.processId;
}

/**
 * The boot id and start tick of process `pid` on Linux: the same pid under the same identity is
 * the same process. `exited` for a process that ended and awaits its parent (a zombie still
 * answers `kill(pid, 0)`); undefined where /proc cannot tell.
 */
function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may hold spaces; fields count from after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return "exited";
    const startTick = fields[19];
    return startTick === undefined ? undefined : `${boot}:${startTick}`;
  } catch {
    return undefined;
  }
}
