import { createRequire } from "node:module";
import { once } from "../util/lazy.js";

// Paths here are relative to this folder: `src/api/` in the source, `dist/api/` as built.
const require = createRequire(import.meta.url);

/**
 * One of swarm-stress's own modules, loaded on the first call rather than with the library, and
 * the same module every call. `import("swarm-stress")` would otherwise load every module behind
 * every export, some 120 of them, and Node.js pays for each module it loads, in time and in
 * memory, whether or not the program calls what it brings.
 *
 * Synchronous, so the exports it stands behind keep their synchronous signatures: Node.js
 * `require()`s an ES module (22.12 and later) as long as none of the modules it loads waits
 * at its top level, and it hands back the one instance an `import` of the same file gets.
 * `specifier` is relative to `src/api/`; `T` is the module's type, `typeof import(specifier)`.
 * Only the built package can load its modules so: the source's `.ts` files are not where
 * `require` looks, so tests reach these exports through `dist/index.js`.
 */
export function lazyModule<T>(specifier: string): () => T {
  return once(() => require(specifier) as T);
}
