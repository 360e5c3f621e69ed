import {
  lazyPackage
} from "./chunk-DP7FM7BS.js";
import {
  ConfigError,
  RuntimeError
} from "./chunk-4OEG5RSY.js";

// dist/queue/sqlite/schema.js
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
var sqlite = lazyPackage("better-sqlite3");
function connect(path, options) {
  const Connection = sqlite();
  return new Connection(path, options);
}
var APPLICATION_ID = 1398231629;
var SCHEMA_VERSION = 1;
var DEAD_LETTER_INDEX = "CREATE INDEX IF NOT EXISTS dead_letters_seq ON dead_letters (seq);";
var CREATE_SCHEMA = `
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
var TABLES = ["meta", "batches", "messages", "lanes", "leases", "dead_letters"];
function openQueueFile(path, mode) {
  const size = fileSize(path);
  const empty = size === void 0 || size === 0;
  if (empty && mode !== "create") {
    throw new ConfigError(`queue file ${path} ${size === void 0 ? "does not exist" : "is empty, not a swarm-stress queue"}`);
  }
  if (size === void 0)
    checkDirectory(path);
  if (mode !== "readonly")
    checkWritable(path, size !== void 0);
  const fresh = empty || checkReadOnly(path) === "blank";
  if (fresh && mode !== "create") {
    throw new ConfigError(`queue file ${path} is empty, not a swarm-stress queue`);
  }
  if (mode === "readonly")
    return guard(path, () => connect(path, { readonly: true }));
  const db = guard(path, () => connect(path));
  try {
    if (!fresh)
      guard(path, () => checkIdentity(db, path));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    if (fresh)
      guard(path, () => db.transaction(() => createSchema(db, path)).immediate());
    else
      guard(path, () => db.exec(DEAD_LETTER_INDEX));
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
function isBlank(db) {
  return db.pragma("application_id", { simple: true }) === 0 && db.pragma("user_version", { simple: true }) === 0 && db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() === 0;
}
function fileSize(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if (error.code === "ENOENT")
      return void 0;
    throw new ConfigError(`queue file ${path} cannot be read: ${error.message}`);
  }
  if (!stats.isFile())
    throw new ConfigError(`queue file ${path} is not a regular file`);
  return stats.size;
}
function checkDirectory(path) {
  const directory = dirname(path);
  let isDirectory = false;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
  }
  if (!isDirectory) {
    throw new ConfigError(`queue file ${path} cannot be created: no directory ${directory}`);
  }
}
function checkWritable(path, exists) {
  const targets = exists ? [path, dirname(path)] : [dirname(path)];
  for (const target of targets) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = error.code;
      const why = code === "EROFS" ? "read-only file system" : "permission denied";
      const what = target === path ? "" : ` in directory ${target}`;
      throw new RuntimeError(`queue file ${path} cannot be ${exists ? "written" : "created"}${what}: ${why}`);
    }
  }
}
function checkReadOnly(path) {
  const db = guard(path, () => connect(path, { readonly: true, fileMustExist: true }));
  try {
    return guard(path, () => {
      if (isBlank(db))
        return "blank";
      checkIdentity(db, path);
      const findings = db.pragma("quick_check(4)").flatMap((row) => row.quick_check.split("\n"));
      if (findings[0] !== "ok") {
        const finding = findings.find((line) => !line.startsWith("***")) ?? findings[0];
        throw new ConfigError(`queue file ${path} is corrupt: ${finding}`);
      }
      return "queue";
    });
  } finally {
    db.close();
  }
}
function checkIdentity(db, path) {
  const applicationId = db.pragma("application_id", { simple: true });
  if (applicationId !== APPLICATION_ID) {
    throw new ConfigError(`queue file ${path} is an SQLite database of another application (application_id ${applicationId}), not a swarm-stress queue`);
  }
  const version = db.pragma("user_version", { simple: true });
  if (version > SCHEMA_VERSION) {
    throw new ConfigError(`queue file ${path} has schema version ${version}, newer than this swarm-stress reads (${SCHEMA_VERSION}); use a newer swarm-stress`);
  }
  if (version < 1) {
    throw new ConfigError(`queue file ${path} is corrupt: it has no schema version`);
  }
  const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all());
  const missing = TABLES.filter((table) => !present.has(table));
  if (missing.length > 0) {
    throw new ConfigError(`queue file ${path} is corrupt: table${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing`);
  }
  if (db.prepare("SELECT count(*) FROM meta WHERE id = 0").pluck().get() !== 1) {
    throw new ConfigError(`queue file ${path} is corrupt: its counters row is missing`);
  }
}
function createSchema(db, path) {
  const applicationId = db.pragma("application_id", { simple: true });
  if (applicationId === APPLICATION_ID) {
    checkIdentity(db, path);
    return;
  }
  if (!isBlank(db))
    checkIdentity(db, path);
  db.exec(CREATE_SCHEMA);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
var FILE_PROBLEMS = {
  SQLITE_NOTADB: "is not an SQLite database",
  SQLITE_CORRUPT: "is corrupt"
};
var OPEN_FAULTS = {
  SQLITE_CANTOPEN: "cannot be opened",
  SQLITE_READONLY: "cannot be written",
  SQLITE_PERM: "cannot be opened: permission denied",
  SQLITE_FULL: "cannot be written: the disk is full",
  SQLITE_IOERR: "cannot be read or written: the disk reported an I/O error",
  SQLITE_BUSY: "stayed locked by another process"
};
var USE_FAULTS = {
  SQLITE_FULL: "the disk is full",
  SQLITE_IOERR: "the disk reported an I/O error",
  SQLITE_READONLY: "it can no longer be written",
  SQLITE_BUSY: "another process kept it locked",
  SQLITE_CANTOPEN: "it can no longer be opened",
  SQLITE_CORRUPT: "it became corrupt",
  SQLITE_NOMEM: "SQLite ran out of memory",
  SQLITE_PERM: "permission to write it was taken away"
};
function duringUse(path, error) {
  const problem = USE_FAULTS[primaryCode(error)];
  if (problem !== void 0) {
    return new RuntimeError(`queue file ${path}: ${problem} (${error.message})`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
function primaryCode(error) {
  if (!(error instanceof sqlite().SqliteError))
    return "";
  return error.code.split("_").slice(0, 2).join("_");
}
function guard(path, work) {
  try {
    return work();
  } catch (error) {
    const code = primaryCode(error);
    const problem = FILE_PROBLEMS[code];
    if (problem !== void 0) {
      throw new ConfigError(`queue file ${path} ${problem} (${error.message})`);
    }
    const fault = OPEN_FAULTS[code];
    if (fault !== void 0) {
      throw new RuntimeError(`queue file ${path} ${fault} (${error.message})`);
    }
    throw error;
  }
}

export {
  openQueueFile,
  checkWritable,
  duringUse,
  guard
};
