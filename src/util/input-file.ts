import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { fileErrorReason } from "./file-errors.js";
import { firstLine } from "./first-line.js";

/**
 * Why an input file was not read, as a phrase that follows the file's name in an error line
 * (`no such file`, `it is a named pipe (FIFO), not a regular file`). Callers turn it into the
 * error of their layer.
 */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
}

/**
 * Read the regular file at `path` as UTF-8, refusing anything that could hang the reader or
 * exhaust its memory: a FIFO or a device (`/dev/zero` never ends, a FIFO blocks until someone
 * writes), a directory, or a file larger than `maxBytes`. The file is read with that bound,
 * so one that grows while it is read is refused too.
 *
 * @throws {InputFileError} naming the problem in a few words.
 */
export function readInputFile(path: string, maxBytes: number): string {
  checkInputFile(path, maxBytes);
  let fd: number;
  try {
    // Non-blocking, so a FIFO swapped in after the check cannot block the open itself.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputFileError(openFailure(error));
  }
  try {
    checkStats(fstatSync(fd), maxBytes);
    return readBounded(fd, maxBytes).toString("utf8");
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(openFailure(error));
  } finally {
    closeSync(fd);
  }
}

/**
 * Check, without opening it, that `path` is a regular file of at most `maxBytes` (following
 * links): for files another reader opens, such as a module about to be imported.
 *
 * @throws {InputFileError} naming the problem in a few words.
 */
export function checkInputFile(path: string, maxBytes: number): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new InputFileError(openFailure(error));
  }
  checkStats(stats, maxBytes);
}

/** `1048576` → `1 MiB`: limits are round numbers of binary units. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function checkStats(stats: Stats, maxBytes: number): void {
  if (stats.isDirectory()) throw new InputFileError("it is a directory");
  if (!stats.isFile()) throw new InputFileError(`it is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw tooLarge(maxBytes);
}

function tooLarge(maxBytes: number): InputFileError {
  return new InputFileError(`it is larger than the limit of ${formatByteLimit(maxBytes)}`);
}

/** Read to the end, but never more than `maxBytes`: the size fstat gave may already be stale. */
function readBounded(fd: number, maxBytes: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, maxBytes) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > maxBytes) throw tooLarge(maxBytes);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const read = readSync(fd, buffer, total, buffer.length - total, null);
    if (read === 0) return buffer.subarray(0, total);
    total += read;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "a special file";
}

function openFailure(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return "no such file";
  return fileErrorReason(error) ?? (firstLine(error) || "unreadable");
}
