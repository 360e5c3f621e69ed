import {
  RedisFault,
  RedisFaultLatch,
  stateLostLine
} from "./chunk-QLQAZYYH.js";
import {
  parseRedisQueueUrl,
  redactQueueUrl
} from "./chunk-QDXHEC6X.js";
import {
  RuntimeError
} from "./chunk-4OEG5RSY.js";

// dist/queue/redis/connection.js
import { isIP } from "node:net";
import { createClient } from "@redis/client";
var template;
function newClient(options) {
  template ??= createClient();
  return template.duplicate(options);
}
var REDIS_RETRY_WINDOW_MS = 1e4;
var DEFAULT_CONNECT_TIMEOUT_MS = 2500;
var MAX_BACKOFF_MS = 1e3;
async function connectRedis(url, options = {}) {
  const target = typeof url === "string" ? parseRedisQueueUrl(url) : url;
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const windowMs = options.retryWindowMs ?? REDIS_RETRY_WINDOW_MS;
  let connected = false;
  let lastError;
  let lostAt;
  const socket = {
    host: target.host,
    port: target.port,
    connectTimeout: timeoutMs,
    // Before the first connect, never retry: a wrong address or a Redis that is down should
    // say so now. Afterwards ride out an outage of up to the window, then let commands fail.
    reconnectStrategy: (retries, cause) => {
      if (!connected)
        return false;
      lostAt ??= Date.now();
      const left = lostAt + windowMs - Date.now();
      if (left <= 0) {
        const error = new RuntimeError(lostLine(target, cause, windowMs));
        options.onGiveUp?.(error);
        return error;
      }
      return Math.max(1, Math.min(MAX_BACKOFF_MS, 50 * 2 ** retries, left));
    }
  };
  const client = newClient({
    socket: target.tls ? (
      // SNI takes a host name only; Node warns when given an IP address.
      { ...socket, tls: true, ...isIP(target.host) === 0 ? { servername: target.host } : {} }
    ) : socket,
    ...target.username === void 0 ? {} : { username: target.username },
    ...target.password === void 0 ? {} : { password: target.password },
    database: target.db,
    ...options.clientName === void 0 ? {} : { name: options.clientName }
  });
  client.on("error", (error) => {
    lastError = error;
  });
  client.on("ready", () => {
    lostAt = void 0;
  });
  let timer;
  const timedOut = new Promise((_, reject) => {
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
    if (error instanceof RuntimeError)
      throw error;
    throw new RuntimeError(connectLine(target, describeConnectError(error ?? lastError, target)));
  } finally {
    clearTimeout(timer);
  }
}
function discard(client) {
  try {
    client.destroy();
  } catch {
  }
}
function connectLine(target, reason) {
  return `cannot connect to Redis at ${target.target}: ${reason}`;
}
function lostLine(target, cause, windowMs) {
  return `lost Redis at ${target.target}: ${describeConnectError(cause, target)} (retried for ${windowMs / 1e3} s)`;
}
function describeConnectError(error, target) {
  const code = error?.code;
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
    const db = target.db === void 0 ? "" : ` ${target.db}`;
    return `the server has no database${db} (ERR DB index is out of range)`;
  }
  if (/^Connection timeout$/i.test(message))
    return "connection timed out";
  if (/^Socket closed unexpectedly$/i.test(message))
    return "the connection was closed";
  if (/ssl|tls|certificate|wrong version number/i.test(message)) {
    return `TLS handshake failed (${message})`;
  }
  if (/Unknown RESP type/.test(message))
    return "the server does not speak the Redis protocol";
  return message === "" ? "unknown error" : message;
}
function firstLine(error) {
  const text = error instanceof Error ? error.message : error === void 0 ? "" : String(error);
  return redactQueueUrl(text.split("\n")[0] ?? "");
}

// dist/queue/redis/link.js
import { ErrorReply } from "@redis/client";
var DEFAULT_CONNECT_TIMEOUT_MS2 = 2500;
var BUSY_PAUSE_MS = 50;
var CLOSE_GRACE_MS = 1e3;
var TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN)\b/;
var RedisLink = class _RedisLink {
  client;
  target;
  latch;
  patienceMs;
  windowMs;
  closed = false;
  /** Calls waiting for the connection to come back. */
  waiting = /* @__PURE__ */ new Set();
  constructor(client, target, latch, patienceMs, windowMs) {
    this.client = client;
    this.target = target;
    this.latch = latch;
    this.patienceMs = patienceMs;
    this.windowMs = windowMs;
    client.on("ready", () => this.wake());
    latch.onTrip(() => this.wake());
  }
  /** True while the connection stands and no fault failed the run. */
  get up() {
    return this.client.isReady && this.latch.error === void 0 && !this.closed;
  }
  /**
   * Connects as {@link connectRedis} does (failing fast, in one line, when Redis is not there
   * now); a connection lost later is retried for the window.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when the connection cannot be made.
   */
  static async connect(url, options = {}) {
    const target = typeof url === "string" ? parseRedisQueueUrl(url) : url;
    const latch = options.latch ?? new RedisFaultLatch();
    const windowMs = options.retryWindowMs ?? REDIS_RETRY_WINDOW_MS;
    const client = await connectRedis(target, {
      ...options.connectTimeoutMs === void 0 ? {} : { connectTimeoutMs: options.connectTimeoutMs },
      ...options.clientName === void 0 ? {} : { clientName: options.clientName },
      retryWindowMs: windowMs,
      onGiveUp: (error) => latch.trip(new RedisFault(error.message, "lost"))
    });
    const patienceMs = windowMs + 2 * (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS2) + 1e3;
    return new _RedisLink(client, target, latch, patienceMs, windowMs);
  }
  /**
   * Sends one command. Replies as node-redis gives them; an error reply of Redis (a script's
   * own error, a wrong key type) rejects as that {@link ErrorReply}, for the caller to read.
   * A lost connection is waited out and the command sent again.
   *
   * @throws {RedisFault} once the run's Redis is gone for good or has lost the run's keys, or
   * when the link was closed.
   */
  async send(args, options) {
    let failingSince;
    for (; ; ) {
      this.check();
      try {
        return await this.client.sendCommand(args, options);
      } catch (error) {
        if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message))
          throw error;
        this.check();
        failingSince ??= Date.now();
        await this.untilBack(failingSince, error);
      }
    }
  }
  /**
   * {@link send} for callers that expect no error reply: one is a {@link RedisFault} naming
   * the server and what it said (out of memory, a read-only replica), never a raw client error.
   */
  async sendCommand(args) {
    try {
      return await this.send(args);
    } catch (error) {
      if (!(error instanceof ErrorReply))
        throw error;
      throw new RedisFault(refusedLine(this.target, error), "refused");
    }
  }
  /**
   * The run's keys are gone from a Redis that answers: trip the latch with the one line that
   * says so (unless a fault tripped it first) and return the latched fault, for the caller to
   * throw.
   */
  stateLost() {
    return this.latch.trip(new RedisFault(stateLostLine(this.target), "state-lost"));
  }
  /**
   * Disconnects: waits a moment for replies still due while the connection stands, else cuts
   * it at once, so that closing never waits for a Redis that is gone. Calls still waiting
   * reject. Idempotent.
   */
  async close() {
    if (this.closed)
      return;
    this.closed = true;
    this.wake();
    if (this.latch.error !== void 0 || !this.client.isReady) {
      discard(this.client);
      return;
    }
    let timer;
    const grace = new Promise((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    await Promise.race([this.client.close().catch(() => {
    }), grace]);
    clearTimeout(timer);
    discard(this.client);
  }
  /** Throws what every call throws now: the run's fault, or that the link is closed. */
  check() {
    const fault = this.latch.error;
    if (fault !== void 0)
      throw fault;
    if (this.closed) {
      throw new RedisFault(`the connection to Redis at ${this.target.target} was closed`, "closed");
    }
  }
  /**
   * Resolves when the connection is back (at once if it never went: a busy reply), when the
   * run failed, or when the link closed. A call failing for longer than node-redis could
   * possibly keep retrying trips the latch itself, so no call waits for ever.
   */
  untilBack(since, cause) {
    const giveUpAt = since + this.patienceMs;
    if (Date.now() >= giveUpAt) {
      throw this.latch.trip(new RedisFault(lostLine(this.target, cause, this.windowMs), "lost"));
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const pause = this.client.isReady ? BUSY_PAUSE_MS : giveUpAt - Date.now();
      const timer = setTimeout(done, pause);
      this.waiting.add(done);
    });
  }
  wake() {
    for (const done of [...this.waiting])
      done();
  }
};
function refusedLine(target, error) {
  const said = redactQueueUrl(error.message.split("\n")[0] ?? "");
  return `Redis at ${target.target} refused a command: ${said}`;
}

export {
  connectRedis,
  discard,
  RedisLink
};
