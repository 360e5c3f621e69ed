import {
  makeDirectories
} from "./chunk-SP4OURFW.js";
import {
  fileErrorReason,
  isEnvironmentFault
} from "./chunk-PJUSC7PT.js";
import {
  ConfigError,
  RuntimeError,
  firstLine
} from "./chunk-4OEG5RSY.js";

// dist/report/output-file.js
import { accessSync, closeSync, constants, openSync, readSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
function checkOutputPath(path, what, { mayBeDirectory = false, shownAs = path, sparesResults = false } = {}) {
  const fail = (why) => {
    throw new ConfigError(`cannot save ${what} to "${shownAs}": ${why}`);
  };
  if (path.trim() === "")
    fail("the path is empty");
  if (!mayBeDirectory && /[/\\]$/.test(path))
    fail("it names a directory");
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) {
    if (!mayBeDirectory)
      fail("it is a directory");
  } else if (existing) {
    if (!writable(path))
      fail("permission denied");
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
  if (stats && !stats.isDirectory())
    fail("a parent of it is not a directory");
  if (stats && !writable(dir))
    fail("permission denied");
}
async function writeOutputFile(path, text, what) {
  try {
    await makeDirectories(dirname(path));
    await writeFile(path, text);
  } catch (error) {
    throw writeError(`cannot save ${what} to "${path}"`, error);
  }
}
function writeError(prefix, error) {
  const line = `${prefix}: ${writeFailure(error)}`;
  return isEnvironmentFault(error) ? new RuntimeError(line) : new ConfigError(line);
}
function writeFailure(error) {
  if (error.code === "ENOENT") {
    return "its directory cannot be created there";
  }
  return fileErrorReason(error) ?? (firstLine(error) || "unknown error");
}
function holdsSavedResult(path) {
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
function statOrUndefined(path) {
  try {
    return statSync(path);
  } catch {
    return void 0;
  }
}
function writable(path) {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export {
  checkOutputPath,
  writeOutputFile,
  writeError
};
