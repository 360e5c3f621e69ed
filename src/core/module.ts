import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { firstLine, RuntimeError } from "../errors.js";
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
 * Every failure becomes a {@link RuntimeError} with one line that names the module.
 */
export async function loadCoreModule(path: string, context: CoreContext): Promise<DeliveryCore> {
  const file = resolve(path);
  const label = `core module ${path}`;
  if (!existsSync(file)) throw new RuntimeError(`${label} not found (looked for ${file})`);
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

function isCore(value: unknown): value is DeliveryCore {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { deliver?: unknown }).deliver === "function"
  );
}
