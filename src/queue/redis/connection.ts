/**
 * One way to reach Redis for everything that talks to it (the queue driver, run coordination).
 *
 * node-redis v5 (its core package, `@redis/client`, without the `redis` package's module
 * commands) rather than ioredis: it is the client Redis itself maintains, typed for
 * TypeScript from the ground up, and gives the three things this helper
 * needs directly: a reconnect strategy that sees whether the first connect succeeded (so a
 * Redis that is down fails at once instead of being retried for ever), per-command reply type
 * mapping (message bodies come back as Buffers while everything else stays strings), and
 * automatic pipelining of commands issued in the same tick. ioredis would serve as well, not
 * clearly better, so the maintained client wins.
 */

import { isIP } from "node:net";
import type { RedisClientOptions, RedisClientType } from "@redis/client";
import { RuntimeError } from "../../errors.js";
import { RedisClient } from "./client-module.js";
import { parseRedisQueueUrl, type RedisQueueUrl, redactQueueUrl } from "./url.js";

/**
 * A connected node-redis client as {@link connectRedis} returns it: `sendCommand`, `subscribe`,
 * `isReady`, `close` and the like, without a method per Redis command.
 */
export type RedisConnection = ReturnType<typeof newClient>;

/** No modules, functions, scripts or type mapping: node-redis's own default, `{}`. */
type None = Record<never, never>;

/** A node-redis client with a method per Redis command (`zRange`, `evalSha`, ...). */
export type RedisClientWithCommands = RedisClientType<None, None, None, 2, None>;

/** The options of either kind of client: RESP 2, no modules, functions or scripts. */
type ClientOptions = RedisClientOptions<None, None, None, 2, None>;

/**
 * A client of node-redis's own class, without the method per command that `createClient`
 * attaches (some 750 of them, twice with MULTI's: ~90 ms of CPU and a few MB of garbage in
 * every process that talks to Redis, each worker of a run among them). Everything here sends
 * commands by name (`sendCommand`); the entry point's cluster, sentinel and pool modules are
 * not loaded either. BullMQ calls the command methods: it gets {@link newClientWithCommands}.
 */
function newClient(options: ClientOptions) {
  return new RedisClient<None, None, None, 2, None>(options);
}

let template: RedisClientWithCommands | undefined;

/**
 * A client of the one class with commands every such client here shares. `createClient`
 * builds its client class anew whenever its options differ from the last call's (a client
 * name, a port), and building one attaches every command: tens of MB of garbage and tens of
 * ms of the event loop for each connection, which stalled the first messages of every capacity
 * step on Redis. `duplicate` makes a client of its own class with other options.
 */
async function newClientWithCommands(options: ClientOptions): Promise<RedisClientWithCommands> {
  const { createClient } = await import("@redis/client");
  template ??= createClient();
  return template.duplicate(options);
}

/**
 * How long a connection lost after it was made is retried before Redis is given up for the
 * run, ms: long enough to ride out a restart or a failover, short enough that a run whose
 * Redis is gone for good says so within seconds. Commands issued meanwhile wait.
 */
export const REDIS_RETRY_WINDOW_MS = 10_000;

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** Longest wait for the connection, authentication and `SELECT` together, ms. Default 2 500. */
  readonly connectTimeoutMs?: number;
  /**
   * How long a connection lost after it was made is retried (backing off from 50 ms to 1 s),
   * ms from the moment it was lost. Default {@link REDIS_RETRY_WINDOW_MS}.
   */
  readonly retryWindowMs?: number;
  /**
   * Called once when the retry window ran out, with the one-line {@link RuntimeError} that
   * says so ({@link lostLine}); node-redis then rejects every queued command.
   */
  readonly onGiveUp?: (error: RuntimeError) => void;
  /** `CLIENT SETNAME`, so `CLIENT LIST` on the server tells the processes of a run apart. */
  readonly clientName?: string;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 2_500;
/** Longest pause between two attempts to reconnect, ms. */
const MAX_BACKOFF_MS = 1_000;

/**
 * Connects to the Redis a `redis://` or `rediss://` URL names (user and password from the URL,
 * the database `SELECT`ed). Fails fast and in one line: a Redis that is down, too slow to
 * answer, refusing the password or lacking the database rejects within `connectTimeoutMs` with
 * a {@link RuntimeError} such as `cannot connect to Redis at 127.0.0.1:6390: connection refused`.
 * No message ever holds the password. Once made, a lost connection is retried for
 * `retryWindowMs` (commands wait meanwhile), then given up: queued commands reject and the
 * client is closed. Close the client with `close()` (waits for replies) or `destroy()`;
 * `RedisLink` (redis-link.ts) wraps it for code that must survive an outage.
 *
 * @throws {ConfigError} when the URL is malformed.
 * @throws {RuntimeError} when the connection cannot be made.
 */
export function connectRedis(
  url: string | RedisQueueUrl,
  options: ConnectRedisOptions = {},
): Promise<RedisConnection> {
  return connectWith(newClient, url, options);
}

/** {@link connectRedis}, for a client with a method per Redis command (BullMQ's). */
export function connectRedisWithCommands(
  url: string | RedisQueueUrl,
  options: ConnectRedisOptions = {},
): Promise<RedisClientWithCommands> {
  return connectWith(newClientWithCommands, url, options);
}

async function connectWith<Client extends RedisConnection>(
  makeClient: (options: ClientOptions) => Client | Promise<Client>,
  url: string | RedisQueueUrl,
  options: ConnectRedisOptions,
): Promise<Client> {
  const target = typeof url === "string" ? parseRedisQueueUrl(url) : url;
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const windowMs = options.retryWindowMs ?? REDIS_RETRY_WINDOW_MS;
  let connected = false;
  let lastError: unknown;
  /** When the connection was lost; undefined while it stands. */
  let lostAt: number | undefined;
  const socket = {
    host: target.host,
    port: target.port,
    connectTimeout: timeoutMs,
    // Before the first connect, never retry: a wrong address or a Redis that is down should
    // say so now. Afterwards ride out an outage of up to the window, then let commands fail.
    reconnectStrategy: (retries: number, cause: Error): number | Error | false => {
      if (!connected) return false;
      lostAt ??= Date.now();
      const left = lostAt + windowMs - Date.now();
      if (left <= 0) {
        const error = new RuntimeError(lostLine(target, cause, windowMs));
        options.onGiveUp?.(error);
        return error;
      }
      return Math.max(1, Math.min(MAX_BACKOFF_MS, 50 * 2 ** retries, left));
    },
  };
  const client = await makeClient({
    socket: target.tls
      ? // SNI takes a host name only; Node warns when given an IP address.
        { ...socket, tls: true, ...(isIP(target.host) === 0 ? { servername: target.host } : {}) }
      : socket,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    database: target.db,
    ...(options.clientName === undefined ? {} : { name: options.clientName }),
  });
  // Without a listener an "error" event would crash the process; the cause is reported by the
  // command or connect call that fails.
  client.on("error", (error: unknown) => {
    lastError = error;
  });
  // A new outage gets a whole window of its own.
  client.on("ready", () => {
    lostAt = undefined;
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const hint = target.tls ? " (rediss:// speaks TLS: does the server?)" : "";
      reject(new RuntimeError(connectLine(target, `no answer within ${timeoutMs} ms${hint}`)));
    }, timeoutMs);
  });
  try {
    await Promise.race([client.connect(), timedOut]);
    connected = true;
    return client;
  } catch (error) {
    discard(client);
    if (error instanceof RuntimeError) throw error;
    throw new RuntimeError(connectLine(target, describeConnectError(error ?? lastError, target)));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Drops a client whatever state it is in; node-redis throws when asked to destroy a client
 * that a failed connect already closed.
 */
export function discard(client: RedisConnection): void {
  try {
    client.destroy();
  } catch {
    // Closed already: nothing to drop.
  }
}

/** `cannot connect to Redis at HOST:PORT: reason`. */
function connectLine(target: RedisQueueUrl, reason: string): string {
  return `cannot connect to Redis at ${target.target}: ${reason}`;
}

/**
 * The line for a connection that was made and then lost for good: `lost Redis at HOST:PORT:
 * connection refused (retried for 10 s)`.
 */
export function lostLine(
  target: Pick<RedisQueueUrl, "target">,
  cause: unknown,
  windowMs: number,
): string {
  return `lost Redis at ${target.target}: ${describeConnectError(cause, target)} (retried for ${windowMs / 1000} s)`;
}

/**
 * A connection failure in a few words: the usual causes by name, anything else as its first
 * line with any URL password hidden.
 */
export function describeConnectError(
  error: unknown,
  target: Pick<RedisQueueUrl, "target"> & { readonly db?: number },
): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = firstLine(error);
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "ETIMEDOUT":
      return "connection timed out";
    case "ECONNRESET":
    case "EPIPE":
      return "the connection was reset";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
  }
  if (message.startsWith("WRONGPASS")) {
    return "the server refused the user name or password (WRONGPASS)";
  }
  if (message.startsWith("NOAUTH")) {
    return "the server wants a password (NOAUTH): give it as redis://:PASSWORD@HOST";
  }
  if (/^ERR AUTH\b.*without any password configured/.test(message)) {
    return "the URL gives a password but the server has none set for that user (ERR AUTH)";
  }
  if (/DB index is out of range/i.test(message)) {
    const db = target.db === undefined ? "" : ` ${target.db}`;
    return `the server has no database${db} (ERR DB index is out of range)`;
  }
  if (/^Connection timeout$/i.test(message)) return "connection timed out";
  if (/^Socket closed unexpectedly$/i.test(message)) return "the connection was closed";
  if (/ssl|tls|certificate|wrong version number/i.test(message)) {
    return `TLS handshake failed (${message})`;
  }
  if (/Unknown RESP type/.test(message)) return "the server does not speak the Redis protocol";
  return message === "" ? "unknown error" : message;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : error === undefined ? "" : String(error);
  return redactQueueUrl(text.split("\n")[0] ?? "");
}
