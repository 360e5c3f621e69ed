import { accessSync, closeSync, constants, openSync, readSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.js";
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
    if (sparesResults && holdsSavedResult(path)) {
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
 * Refuse two outputs of one command that name the same file, or an output that names an input:
 * the second write would silently replace the first. `files` are pairs of what and path.
 */
export function checkDistinctFiles(
  files: readonly (readonly [string, string | undefined])[],
): void {
  const seen = new Map<string, string>();
  for (const [what, path] of files) {
    if (path === undefined) continue;
    const key = resolve(path);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new ConfigError(`${earlier} and ${what} are the same file, "${path}": name another`);
    }
    seen.set(key, what);
  }
}

/** Write `text` to `path`, creating missing directories; one-line ConfigError on failure. */
export async function writeOutputFile(path: string, text: string, what: string): Promise<void> {
  try {
    await makeDirectories(dirname(path));
    await writeFile(path, text);
  } catch (error) {
    throw new ConfigError(`cannot save ${what} to "${path}": ${writeFailure(error)}`);
  }
}

/** Why a write failed, in a few words. */
export function writeFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a parent of it is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOENT":
      return "its directory cannot be created there";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return ((error as Error).message ?? String(error)).split("\n")[0] ?? "unknown error";
  }
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
