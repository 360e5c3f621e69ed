import {
  InputFileError,
  checkInputFile
} from "./chunk-ZX2PIGHC.js";
import {
  ConfigError,
  RuntimeError,
  firstLine
} from "./chunk-4OEG5RSY.js";

// dist/delivery/module.js
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
async function loadCoreModule(path, context) {
  const file = resolve(path);
  const label = `core module ${path}`;
  if (!existsSync(file))
    throw new RuntimeError(`${label} not found (looked for ${file})`);
  checkCoreModuleFile(path);
  let exports;
  try {
    exports = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new RuntimeError(`${label} could not be loaded: ${firstLine(error)}`);
  }
  const candidate = exports.createCore ?? exports.default;
  let core = candidate;
  if (typeof candidate === "function" && !isCore(candidate)) {
    try {
      core = await candidate(context);
    } catch (error) {
      throw new RuntimeError(`${label}: its factory failed: ${firstLine(error)}`);
    }
  }
  if (!isCore(core)) {
    throw new RuntimeError(`${label} does not export a delivery core: expected createCore() or a default export with a deliver(message, recipient) function`);
  }
  return core;
}
var MAX_CORE_MODULE_BYTES = 64 * 1024 * 1024;
function checkCoreModuleFile(path) {
  const file = resolve(path);
  if (!existsSync(file))
    return;
  try {
    checkInputFile(file, MAX_CORE_MODULE_BYTES);
  } catch (error) {
    if (!(error instanceof InputFileError))
      throw error;
    throw new ConfigError(`core module ${path}: ${error.message}`);
  }
}
function isCore(value) {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof value.deliver === "function";
}

export {
  loadCoreModule,
  checkCoreModuleFile
};
