import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, firstLine, RuntimeError } from "../errors.js";
import { checkInputFile, InputFileError } from "../util/input-file.js";
import type { DeliveryCore } from "./delivery-core.js";

/** What a core module's factory is told about the run. */
export interface CoreContext {
  /** Agent names, `Agent-1` … `Agent-N`. */
  readonly agents: readonly string[];
  readonly seed: number;
}

/**
 * A core module exports one of:
 * - `createCore(context)`, returning a {@link DeliveryCore} (or a promise of one);
 * - a default export that is a DeliveryCore object (it has `deliver`);
 * - a default export that is a factory function like `createCore`.
 */
type CoreFactory = (context: CoreContext) => DeliveryCore | Promise<DeliveryCore>;

/**
 * Load the user's delivery core from the module at `path` (relative to the working directory).
 * Every failure becomes a {@link RuntimeError} with one line that names the module, except a
 * path that is not a regular file or is too large: bad input, a {@link ConfigError}.
 */
export async function loadCoreModule(path: string, context: CoreContext): Promise<DeliveryCore> {
  const file = resolve(path);
  const label = `core module ${path}`;
  if (!existsSync(file)) throw new RuntimeError(`${label} not found (looked for ${file})`);
  checkCoreModuleFile(path);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new RuntimeError(`${label} could not be loaded: ${firstLine(error)}`);
  }
  const candidate = exports.createCore ?? exports.default;
  let core: unknown = candidate;
  if (typeof candidate === "function" && !isCore(candidate)) {
    try {
      core = await (candidate as CoreFactory)(context);
    } catch (error) {
      throw new RuntimeError(`${label}: its factory failed: ${firstLine(error)}`);
    }
  }
  if (!isCore(core)) {
    throw new RuntimeError(
      `${label} does not export a delivery core: expected createCore() or a default export with a deliver(message, recipient) function`,
    );
  }
  return core;
}

/** Largest core module imported; a bundled core with its dependencies fits many times over. */
export const MAX_CORE_MODULE_BYTES = 64 * 1024 * 1024;

/**
 * Refuse a core module that is not a regular file or is larger than
 * {@link MAX_CORE_MODULE_BYTES}, before it is imported: importing a FIFO or a device hangs.
 * A missing file is left to {@link loadCoreModule}, which says where it looked.
 *
 * @throws {ConfigError} naming the module and the problem in one line.
 */
export function checkCoreModuleFile(path: string): void {
  const file = resolve(path);
  if (!existsSync(file)) return;
  try {
    checkInputFile(file, MAX_CORE_MODULE_BYTES);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new ConfigError(`core module ${path}: ${error.message}`);
  }
}

function isCore(value: unknown): value is DeliveryCore {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { deliver?: unknown }).deliver === "function"
  );
}
