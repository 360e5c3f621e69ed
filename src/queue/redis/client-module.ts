/**
 * The parts of node-redis (`@redis/client`) used here, each from its own module rather than the
 * package's entry point, which loads the cluster, sentinel, pool and client-side cache modules
 * too and hands out clients with a method per Redis command (see connection.ts).
 *
 * Required rather than imported: an ESM import of a CommonJS module's `default` means one thing
 * to Node.js, another to vitest's module runner. The package has no `exports` map, so these
 * paths are part of what it ships; test/startup-modules.test.ts notices the entry point coming
 * back.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** node-redis's client class, without the per-command methods `createClient` attaches. */
export const RedisClient: typeof import("@redis/client/dist/lib/client/index.js").default =
  require("@redis/client/dist/lib/client/index.js").default;

/** The error a command rejects with when Redis answered it with an error. */
export const ErrorReply: typeof import("@redis/client").ErrorReply =
  require("@redis/client/dist/lib/errors.js").ErrorReply;
export type ErrorReply = import("@redis/client").ErrorReply;

/** The RESP reply types, to map one of them to another JavaScript type. */
export const RESP_TYPES: typeof import("@redis/client").RESP_TYPES =
  require("@redis/client/dist/lib/RESP/decoder.js").RESP_TYPES;
