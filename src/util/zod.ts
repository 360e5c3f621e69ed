import { createRequire, Module } from "node:module";
import type * as Zod from "zod";
import { once } from "./lazy.js";

const require = createRequire(import.meta.url);

/**
 * zod, loaded when a schema is first built rather than on import: it alone takes longer to load
 * than the rest of the library. Schemas are built from it on first use (see `once`).
 *
 * Loaded without its locales (see {@link deferZodLocales}).
 */
export const loadZod: () => typeof Zod = once(() => {
  try {
    deferZodLocales();
  } catch {
    // A zod packaged otherwise than this expects loads its locales as it always did.
  }
  return require("zod") as typeof Zod;
});

/** zod's `z`, the namespace a schema is built from: what a schema's builder takes. */
export type ZodNamespace = typeof Zod.z;

/**
 * Let zod load its locales when one is asked for, not with zod. zod's entry point loads every
 * locale it ships (`zod/v4/locales`: 57 modules of messages in other languages, more than half
 * of what zod loads), to offer them as `z.locales`; its own English messages come from a module
 * of their own, loaded as before. swarm-stress never asks for another language, and each
 * module loaded costs start-up time and memory: measured, zod loads in about two thirds of the
 * time, and a default run peaks some 1.3 MB lower.
 *
 * `z.locales` becomes an object that loads the locales the first time anything is read from it,
 * and is then theirs, so a core or program in the same process that asks for one gets it. Only
 * when nothing has loaded the locales yet; they are zod's CommonJS build, which is what
 * `require("zod")` loads (an ES module `import "zod"` loads zod's other build, untouched).
 */
function deferZodLocales(): void {
  const file = require.resolve("zod/v4/locales");
  if (require.cache[file]) return;
  let locales: object | undefined;
  const load = (): object => {
    if (locales === undefined) {
      delete require.cache[file];
      locales = require(file) as object;
    }
    return locales;
  };
  const deferred = new Module(file);
  deferred.filename = file;
  deferred.loaded = true;
  // zod reads `__esModule` on load (TypeScript's `importStar`), and takes the object as it is.
  deferred.exports = new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : Reflect.get(load(), key)),
      has: (_, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const own = Reflect.getOwnPropertyDescriptor(load(), key);
        return own && { ...own, configurable: true };
      },
    },
  );
  require.cache[file] = deferred;
}
