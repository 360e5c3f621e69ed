import {
  fileErrorReason
} from "./chunk-PJUSC7PT.js";
import {
  firstLine
} from "./chunk-4OEG5RSY.js";

// dist/util/input-file.js
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
var InputFileError = class extends Error {
  name = "InputFileError";
};
function readInputFile(path, maxBytes) {
  checkInputFile(path, maxBytes);
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputFileError(openFailure(error));
  }
  try {
    checkStats(fstatSync(fd), maxBytes);
    return readBounded(fd, maxBytes).toString("utf8");
  } catch (error) {
    if (error instanceof InputFileError)
      throw error;
    throw new InputFileError(openFailure(error));
  } finally {
    closeSync(fd);
  }
}
function checkInputFile(path, maxBytes) {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new InputFileError(openFailure(error));
  }
  checkStats(stats, maxBytes);
}
function formatByteLimit(bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0)
    return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0)
    return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
function checkStats(stats, maxBytes) {
  if (stats.isDirectory())
    throw new InputFileError("it is a directory");
  if (!stats.isFile())
    throw new InputFileError(`it is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes)
    throw tooLarge(maxBytes);
}
function tooLarge(maxBytes) {
  return new InputFileError(`it is larger than the limit of ${formatByteLimit(maxBytes)}`);
}
function readBounded(fd, maxBytes) {
  let buffer = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, maxBytes) + 1);
  let total = 0;
  for (; ; ) {
    if (total === buffer.length) {
      if (total > maxBytes)
        throw tooLarge(maxBytes);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const read = readSync(fd, buffer, total, buffer.length - total, null);
    if (read === 0)
      return buffer.subarray(0, total);
    total += read;
  }
}
function kindOf(stats) {
  if (stats.isFIFO())
    return "a named pipe (FIFO)";
  if (stats.isCharacterDevice())
    return "a character device";
  if (stats.isBlockDevice())
    return "a block device";
  if (stats.isSocket())
    return "a socket";
  return "a special file";
}
function openFailure(error) {
  if (error.code === "ENOENT")
    return "no such file";
  return fileErrorReason(error) ?? (firstLine(error) || "unreadable");
}

export {
  InputFileError,
  readInputFile,
  checkInputFile
};
