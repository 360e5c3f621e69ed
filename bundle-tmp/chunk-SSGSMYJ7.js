import {
  checkOutputPath,
  writeError
} from "./chunk-R2YFIYUW.js";
import {
  makeDirectories
} from "./chunk-SP4OURFW.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/report/json.js
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var RESULTS_DIR = "results";
var MAX_SUFFIX = 1e3;
async function saveResult(result, path) {
  return saveDocument(result, path ?? defaultResultPath(result), path !== void 0);
}
async function saveDocument(document, target, asked) {
  const text = `${JSON.stringify(document, null, 2)}
`;
  const path = asked ? target : void 0;
  try {
    await makeDirectories(dirname(target));
    if (path !== void 0) {
      await writeFile(path, text);
      return path;
    }
    return await writeNew(target, text);
  } catch (error) {
    if (error instanceof ConfigError)
      throw error;
    throw writeError(`cannot save the result to "${target}"`, error);
  }
}
function checkResultPath(path) {
  if (path !== void 0)
    checkOutputPath(path, "the result");
  else {
    checkOutputPath(join(RESULTS_DIR, "result.json"), "the result", {
      mayBeDirectory: true,
      shownAs: RESULTS_DIR
    });
  }
}
function defaultResultPath(result) {
  return resultsPath(result.config.scenario, result.startedAt);
}
function resultsPath(scenario, startedAt, prefix = "") {
  const name = scenario.replace(/[^A-Za-z0-9._-]+/g, "_") || "run";
  return join(RESULTS_DIR, `${prefix}${name}-${fileTimestamp(startedAt)}.json`);
}
function fileTimestamp(iso) {
  const time = new Date(iso);
  const valid = Number.isNaN(time.getTime()) ? /* @__PURE__ */ new Date() : time;
  return valid.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}
async function writeNew(path, text) {
  const stem = path.replace(/\.json$/, "");
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? path : `${stem}-${n}.json`;
    try {
      await writeFile(candidate, text, { flag: "wx" });
      return candidate;
    } catch (error) {
      if (error.code !== "EEXIST")
        throw error;
    }
  }
  throw new ConfigError(`cannot save the result: ${path} and ${MAX_SUFFIX - 1} numbered variants exist`);
}

export {
  RESULTS_DIR,
  saveResult,
  saveDocument,
  checkResultPath,
  resultsPath
};
