import { createRequire } from "node:module";

// Values made on first use rather than on import: importing swarm-stress, or starting its
// command line, must not pay for what only some calls need.

const require = createRequire(import.meta.url);

/**
 * `make()`'s value, made on the first call and kept: a module-level value that is built when
 * first needed rather than on import, so importing its module costs nothing.
 */
export function once<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/**
 * A package loaded on the first call rather than on import, then the same module every call.
 * The heavy packages (zod, yaml, msgpackr, better-sqlite3) each take tens of
 * milliseconds to load; loading them where they are first used keeps `swarm-stress --help` and
 * `import("swarm-stress")` about as quick as Node.js itself, while code that needs one
 * synchronously (a runner's constructor checks its settings) still gets it at once.
 *
 * `name` must ship CommonJS (each of those does), and every use of the package must come
 * through here, never also through a static `import`: the two would load two copies. `T` is
 * what it exports, as `typeof import("name")` says.
 */
export function lazyPackage<T>(name: string): () => T {
  return once(() => require(name) as T);
}
