/**
 * The parts of node-redis (`@redis/client`) used here: its client class, without the
 * per-command methods `createClient` attaches (see connection.ts), its error for a reply that is
 * an error, and its reply types. Never the package's entry point, which loads its cluster,
 * sentinel, pool and client-side cache too.
 *
 * They come from dist/vendor/redis-client.cjs, one file the build bundles them into
 * (scripts/vendor-bundles.ts): the package's own ~400 modules cost a process ~75 ms more CPU to
 * load one by one (a tiny run on Redis: 0.58 -> 0.50 s). Without that file (src/ run through tsx) they come from the package's
 * modules. Required rather than imported: an ESM import of a CommonJS module's `default` means
 * one thing to Node.js, another to vitest's module runner. test/startup-modules.test.ts
 * notices the package's modules coming back into a run.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { REDIS_CLIENT_PARTS } from "./client-parts.js";

type ClientModule = typeof import("@redis/client");

interface RedisParts {
  readonly RedisClient: typeof import("@redis/client/dist/lib/client/index.js").default;
  readonly ErrorReply: ClientModule["ErrorReply"];
  readonly RESP_TYPES: ClientModule["RESP_TYPES"];
}

const require = createRequire(import.meta.url);
/** Where the build puts the bundle, from this module's place in dist/. */
const BUNDLE = new URL("../../vendor/redis-client.cjs", import.meta.url);

function load(): RedisParts {
  try {
    return require(fileURLToPath(BUNDLE)) as RedisParts;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw error;
    const parts = Object.entries(REDIS_CLIENT_PARTS).map(([name, [module, exported]]) => [
      name,
      require(module)[exported],
    ]);
    return Object.fromEntries(parts) as RedisParts;
  }
}

const parts = load();

/** node-redis's client class, without the per-command methods `createClient` attaches. */
export const RedisClient: RedisParts["RedisClient"] = parts.RedisClient;

/** The error a command rejects with when Redis answered it with an error. */
export const ErrorReply: RedisParts["ErrorReply"] = parts.ErrorReply;
export type ErrorReply = import("@redis/client").ErrorReply;

/** The RESP reply types, to map one of them to another JavaScript type. */
export const RESP_TYPES: RedisParts["RESP_TYPES"] = parts.RESP_TYPES;
