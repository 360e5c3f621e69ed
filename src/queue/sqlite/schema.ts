import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { ConfigError, RuntimeError } from "../../errors.js";
import { lazyPackage } from "../../util/lazy.js";

/**
 * better-sqlite3 and its native module, loaded when the first queue file is opened: the
 * library's importers who never open one (most) do not pay for it.
 */
const sqlite = lazyPackage<typeof Database>("better-sqlite3");

/** A connection to the database file at `path`. */
function connect(path: string, options?: Database.Options): Database.Database {
  const Connection = sqlite();
  return new Connection(path, options);
}

/**
 * `PRAGMA application_id` of a swarm-stress queue file: "SWRM" in ASCII. It tells our files from
 * every other SQLite database before anything is written to one.
 */
export const APPLICATION_ID = 0x5357524d;

/** `PRAGMA user_version` of the layout below; a file with a higher one is left alone. */
export const SCHEMA_VERSION = 1;

/**
 * Finds a message among the dead letters, so that a second copy of one is not listed twice.
 * Added after files of schema 1 were made: created on every read-write open, which an older
 * swarm-stress reading the file does not mind.
 */
const DEAD_LETTER_INDEX = "CREATE INDEX IF NOT EXISTS dead_letters_seq ON dead_letters (seq);";

/**
 * The layout. Why it looks like this:
 *
 * - `batches` holds each enqueued chunk's unchanging message fields as one msgpack blob, so a
 *   chunk costs one encode and one blob, and message rows stay small.
 * - `messages` holds what changes: state (0 queued, 1 delayed until `due_at`), order (`ord`),
 *   attempts, last error and the recipients still owed (NULL while they are all of
 *   `addressedTo`). `ord` comes from one counter and is renewed whenever a message becomes
 *   ready again, which keeps FIFO within a priority across retries and expired leases, and
 *   makes `ord` a token that names one hand-out.
 *   The table is keyed and stored in hand-out order, (priority, ord), so enqueue appends, lease
 *   reads a range and ack deletes ranges, with no secondary index on the hot path; delayed
 *   messages alone have one, by retry time. `seq` is not a key: like the memory driver, the
 *   file does not police duplicates, which the run's audit counts.
 * - `lanes` keeps one cursor per priority: queued rows above it are ready, rows at or below it
 *   are leased. A lease takes a prefix of a lane and moves the cursor, so it writes one row per
 *   lane instead of one per message.
 * - `leases` records each hand-out's ord range per lane and its expiry; an expired range's
 *   remaining rows get new ords (ready again). Ranges whose rows are all settled are swept as
 *   leases go on, so the table holds about as many rows as there are lease calls in flight,
 *   and is scanned rather than indexed.
 * - `meta` keeps the counters: the next ord and batch id, and how many messages are in each
 *   state, so depth and capacity checks never count rows.
 * - `dead_letters` is indexed by `seq` (see {@link DEAD_LETTER_INDEX}).
 */
const CREATE_SCHEMA = `
CREATE TABLE meta (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  next_ord INTEGER NOT NULL,
  next_batch INTEGER NOT NULL,
  ready INTEGER NOT NULL,
  delayed INTEGER NOT NULL,
  leased INTEGER NOT NULL,
  dead INTEGER NOT NULL
) STRICT;
INSERT INTO meta VALUES (0, 1, 1, 0, 0, 0, 0);
CREATE TABLE batches (
  id INTEGER PRIMARY KEY,
  accepted_at REAL NOT NULL,
  live INTEGER NOT NULL,
  body BLOB NOT NULL
) STRICT;
CREATE TABLE messages (
  priority REAL NOT NULL,
  ord INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  state INTEGER NOT NULL,
  batch INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  due_at REAL,
  enqueued_at REAL,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  recipients BLOB,
  PRIMARY KEY (priority, ord)
) STRICT, WITHOUT ROWID;
CREATE INDEX messages_delayed ON messages (due_at) WHERE state = 1;
CREATE TABLE lanes (
  priority REAL PRIMARY KEY,
  cursor INTEGER NOT NULL
) STRICT;
CREATE TABLE leases (
  id INTEGER PRIMARY KEY,
  priority REAL NOT NULL,
  first_ord INTEGER NOT NULL,
  last_ord INTEGER NOT NULL,
  expires_at REAL NOT NULL
) STRICT;
CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL,
  priority REAL NOT NULL,
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  recipients BLOB,
  enqueued_at REAL NOT NULL,
  dead_at REAL NOT NULL,
  body BLOB NOT NULL
) STRICT;
${DEAD_LETTER_INDEX}`;

/** Tables a queue file of this schema has; a file lacking one is refused untouched. */
const TABLES = ["meta", "batches", "messages", "lanes", "leases", "dead_letters"] as const;

/** How {@link openQueueFile} may treat the file. */
export type OpenMode =
  /** Read and write; a missing or empty file becomes a new queue. */
  | "create"
  /** Read and write an existing queue; a missing file is an error. */
  | "existing"
  /** Read only an existing queue; nothing is ever written. */
  | "readonly";

/**
 * Opens the queue file at `path` after checking, through a read-only connection, that it is a
 * sound swarm-stress queue of a schema this version understands. A missing file (or an empty
 * one, as `mktemp` leaves, or a database that never got a schema, as a run killed while it
 * made its queue leaves) becomes a new queue in `create` mode. A read-write connection uses
 * WAL with `synchronous=NORMAL`: a commit survives a crash of the process; the last commits
 * before a power loss may not.
 *
 * @throws {ConfigError} naming the file and the problem in one line when it is missing (other
 * than in `create` mode), not a regular file, not an SQLite database, corrupt, another
 * application's database, or from a newer schema. Such a file is left byte for byte as it was.
 */
export function openQueueFile(path: string, mode: OpenMode): Database.Database {
  const size = fileSize(path);
  const empty = size === undefined || size === 0;
  if (empty && mode !== "create") {
    throw new ConfigError(
      `queue file ${path} ${size === undefined ? "does not exist" : "is empty, not a swarm-stress queue"}`,
    );
  }
  if (size === undefined) checkDirectory(path);
  // Before anything opens it: in WAL mode even a read-only look needs files beside it.
  if (mode !== "readonly") checkWritable(path, size !== undefined);
  // One read-only look: a database that never got a schema is as empty as a file of no bytes.
  const fresh = empty || checkReadOnly(path) === "blank";
  if (fresh && mode !== "create") {
    throw new ConfigError(`queue file ${path} is empty, not a swarm-stress queue`);
  }
  if (mode === "readonly") return guard(path, () => connect(path, { readonly: true }));
  const db = guard(path, () => connect(path));
  try {
    // Looked at again on the connection that may write, in case the file changed in between.
    if (!fresh) guard(path, () => checkIdentity(db, path));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    if (fresh) guard(path, () => db.transaction(() => createSchema(db, path)).immediate());
    else guard(path, () => db.exec(DEAD_LETTER_INDEX));
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Whether `db` holds nothing at all: no table, no application id, no schema version. Switching
 * a new file to WAL writes its header before the transaction that makes the schema, so a run
 * killed between the two leaves such a database; it is as empty as a file of no bytes, and
 * anything else (another application's data) is not.
 */
function isBlank(db: Database.Database): boolean {
  return (
    db.pragma("application_id", { simple: true }) === 0 &&
    db.pragma("user_version", { simple: true }) === 0 &&
    db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() === 0
  );
}

/** Size of the regular file at `path`, or undefined when there is none. */
function fileSize(path: string): number | undefined {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError(`queue file ${path} cannot be read: ${(error as Error).message}`);
  }
  if (!stats.isFile()) throw new ConfigError(`queue file ${path} is not a regular file`);
  return stats.size;
}

/** better-sqlite3 reports a missing directory as a TypeError of its own; say it plainly. */
function checkDirectory(path: string): void {
  const directory = dirname(path);
  let isDirectory = false;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    // Reported below, as for a path that is not a directory.
  }
  if (!isDirectory) {
    throw new ConfigError(`queue file ${path} cannot be created: no directory ${directory}`);
  }
}

/**
 * A queue is written to, and in WAL mode SQLite also makes files beside it: say plainly when
 * the file or its directory cannot be written (a read-only file system, permissions), before
 * SQLite fails with a vaguer reason. That is the environment's fault, not the input's.
 *
 * @throws {RuntimeError} naming the file, or its directory, and why.
 */
export function checkWritable(path: string, exists: boolean): void {
  const targets = exists ? [path, dirname(path)] : [dirname(path)];
  for (const target of targets) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "EROFS" ? "read-only file system" : "permission denied";
      const what = target === path ? "" : ` in directory ${target}`;
      throw new RuntimeError(
        `queue file ${path} cannot be ${exists ? "written" : "created"}${what}: ${why}`,
      );
    }
  }
}

/**
 * Looks at an existing file through a read-only connection: `blank` for an SQLite database
 * that holds nothing at all (see {@link isBlank}), else `queue` once it proved a sound queue.
 *
 * @throws {ConfigError} for anything else, as {@link openQueueFile} says.
 */
function checkReadOnly(path: string): "blank" | "queue" {
  const db = guard(path, () => connect(path, { readonly: true, fileMustExist: true }));
  try {
    return guard(path, () => {
      if (isBlank(db)) return "blank";
      checkIdentity(db, path);
      const findings = (db.pragma("quick_check(4)") as { quick_check: string }[]).flatMap((row) =>
        row.quick_check.split("\n"),
      );
      if (findings[0] !== "ok") {
        // The first line may only say which database the findings are about.
        const finding = findings.find((line) => !line.startsWith("***")) ?? findings[0];
        throw new ConfigError(`queue file ${path} is corrupt: ${finding}`);
      }
      return "queue";
    });
  } finally {
    db.close();
  }
}

function checkIdentity(db: Database.Database, path: string): void {
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  if (applicationId !== APPLICATION_ID) {
    throw new ConfigError(
      `queue file ${path} is an SQLite database of another application (application_id ${applicationId}), not a swarm-stress queue`,
    );
  }
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new ConfigError(
      `queue file ${path} has schema version ${version}, newer than this swarm-stress reads (${SCHEMA_VERSION}); use a newer swarm-stress`,
    );
  }
  if (version < 1) {
    throw new ConfigError(`queue file ${path} is corrupt: it has no schema version`);
  }
  const present = new Set(
    db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all(),
  );
  const missing = TABLES.filter((table) => !present.has(table));
  if (missing.length > 0) {
    throw new ConfigError(
      `queue file ${path} is corrupt: table${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing`,
    );
  }
  if (db.prepare("SELECT count(*) FROM meta WHERE id = 0").pluck().get() !== 1) {
    throw new ConfigError(`queue file ${path} is corrupt: its counters row is missing`);
  }
}

/** Runs in the transaction that creates the file, so a half-made queue never exists. */
function createSchema(db: Database.Database, path: string): void {
  // Another process may have created the queue since this one looked.
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  if (applicationId === APPLICATION_ID) {
    checkIdentity(db, path);
    return;
  }
  if (!isBlank(db)) checkIdentity(db, path);
  db.exec(CREATE_SCHEMA);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** SQLite's result codes for a file that is not a sound database: bad input, exit 2. */
const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: "is not an SQLite database",
  SQLITE_CORRUPT: "is corrupt",
};

/**
 * SQLite's result codes, met while opening, for a sound file its surroundings keep from being
 * used (a read-only file system, permissions, a full disk): the environment, exit 3.
 */
const OPEN_FAULTS: Readonly<Record<string, string>> = {
  SQLITE_CANTOPEN: "cannot be opened",
  SQLITE_READONLY: "cannot be written",
  SQLITE_PERM: "cannot be opened: permission denied",
  SQLITE_FULL: "cannot be written: the disk is full",
  SQLITE_IOERR: "cannot be read or written: the disk reported an I/O error",
  SQLITE_BUSY: "stayed locked by another process",
};

/**
 * SQLite's result codes for faults of the file's surroundings met while the queue is in use,
 * as one-line reasons: the environment failed, not the input.
 */
const USE_FAULTS: Readonly<Record<string, string>> = {
  SQLITE_FULL: "the disk is full",
  SQLITE_IOERR: "the disk reported an I/O error",
  SQLITE_READONLY: "it can no longer be written",
  SQLITE_BUSY: "another process kept it locked",
  SQLITE_CANTOPEN: "it can no longer be opened",
  SQLITE_CORRUPT: "it became corrupt",
  SQLITE_NOMEM: "SQLite ran out of memory",
  SQLITE_PERM: "permission to write it was taken away",
};

/**
 * `error` from work on the open queue file at `path`, as a {@link RuntimeError} of one line when
 * it is a fault of the file's surroundings (a full disk, a read-only file system): the run
 * then stops with a partial result and exit 3. Other errors are returned as they are.
 */
export function duringUse(path: string, error: unknown): Error {
  const problem = USE_FAULTS[primaryCode(error)];
  if (problem !== undefined) {
    return new RuntimeError(`queue file ${path}: ${problem} (${(error as Error).message})`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** `SQLITE_IOERR` of `SQLITE_IOERR_WRITE`; empty for an error that is not SQLite's. */
function primaryCode(error: unknown): string {
  if (!(error instanceof sqlite().SqliteError)) return "";
  return error.code.split("_").slice(0, 2).join("_");
}

/**
 * Runs `work`, turning SQLite's complaints about the file itself into a {@link ConfigError}
 * (not a sound database: the input) or a {@link RuntimeError} (a sound one its surroundings
 * keep from being used: the environment).
 */
export function guard<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = primaryCode(error);
    const problem = FILE_PROBLEMS[code];
    if (problem !== undefined) {
      throw new ConfigError(`queue file ${path} ${problem} (${(error as Error).message})`);
    }
    const fault = OPEN_FAULTS[code];
    if (fault !== undefined) {
      throw new RuntimeError(`queue file ${path} ${fault} (${(error as Error).message})`);
    }
    throw error;
  }
}
