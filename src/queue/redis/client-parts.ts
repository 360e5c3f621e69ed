/**
 * The parts of node-redis (`@redis/client`) used here, each with the module of the package
 * that exports it and its export's name: what scripts/vendor-bundles.ts bundles into one file,
 * and what client-module.ts loads from the package itself when there is no bundle.
 */
export const REDIS_CLIENT_PARTS = {
  RedisClient: ["@redis/client/dist/lib/client/index.js", "default"],
  ErrorReply: ["@redis/client/dist/lib/errors.js", "ErrorReply"],
  RESP_TYPES: ["@redis/client/dist/lib/RESP/decoder.js", "RESP_TYPES"],
} as const;
