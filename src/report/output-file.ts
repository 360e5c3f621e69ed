import { accessSync, closeSync, constants, openSync, readSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError, RuntimeError } from "../errors.js";
import { fileErrorReason, isEnvironmentFault } from "../util/file-errors.js";
import { firstLine } from "../util/first-line.js";
import { makeDirectories } from "../util/make-directories.js";

/**
 * Throw the one-line {@link ConfigError} that writing `path` would, before a run whose output
 * could not be saved wastes minutes: checks the file and the nearest existing directory above
 * it. `what` names the file in the message (`the HTML report`). With `mayBeDirectory`, a
 * directory at `path` is accepted (a default name that a numbered variant replaces if taken).
 */
export function checkOutputPath(
  path: string,
  what: string,
  {
    mayBeDirectory = false,
    shownAs = path,
    sparesResults = false,
  }: {
    mayBeDirectory?: boolean;
    shownAs?: string;
    /** Refuse a file that holds a saved result: a report must never replace one. */
    sparesResults?: boolean;
  } = {},
): void {
  const fail = (why: string) => {
    throw new ConfigError(`cannot save ${what} to "${shownAs}": ${why}`);
  };
  if (path.trim() === "") fail("the path is empty");
  if (!mayBeDirectory && /[/\\]$/.test(path)) fail("it names a directory");
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) {
    if (!mayBeDirectory) fail("it is a directory");
  } else if (existing) {
    if (!writable(path)) fail("permission denied");
    // Only a regular file can hold a result; opening a FIFO to look would block until a writer.
    if (sparesResults && existing.isFile() && holdsSavedResult(path)) {
      fail("it holds a saved swarm-stress result; name another file");
    }
    return;
  }
  let dir = resolve(dirname(path));
  let stats = statOrUndefined(dir);
  while (!stats && dirname(dir) !== dir) {
    dir = dirname(dir);
    stats = statOrUndefined(dir);
  }
  if (stats && !stats.isDirectory()) fail("a parent of it is not a directory");
  if (stats && !writable(dir)) fail("permission denied");
}

/**
 * Write `text` to `path`, creating missing directories. A failure is one line: a
 * {@link RuntimeError} (exit 3) when the disk is full or read-only, else a {@link ConfigError}.
 */
export async function writeOutputFile(path: string, text: string, what: string): Promise<void> {
  try {
    await makeDirectories(dirname(path));
    await writeFile(path, text);
  } catch (error) {
    throw writeError(`cannot save ${what} to "${path}"`, error);
  }
}

/**
 * `error` of a write as one line after `prefix`: a {@link RuntimeError} (exit 3) when the
 * environment failed (a full disk, a read-only file system), else a {@link ConfigError}.
 */
export function writeError(prefix: string, error: unknown): Error {
  const line = `${prefix}: ${writeFailure(error)}`;
  return isEnvironmentFault(error) ? new RuntimeError(line) : new ConfigError(line);
}

/** Why a write failed, in a few words. */
export function writeFailure(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") {
    return "its directory cannot be created there";
  }
  return fileErrorReason(error) ?? (firstLine(error) || "unknown error");
}

/** Whether the file at `path` starts like a saved result or bench summary of swarm-stress. */
function holdsSavedResult(path: string): boolean {
  let head = "";
  try {
    const fd = openSync(path, "r");
    try {
      const buffer = Buffer.alloc(256);
      head = buffer.toString("utf8", 0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return /"schema"\s*:\s*"swarm-stress\/(result|bench)@/.test(head);
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
