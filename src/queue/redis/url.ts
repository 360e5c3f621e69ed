import { REDIS_SCHEME } from "../../config/queue-kind.js";
import { ConfigError } from "../../errors.js";
import { decodeUrlPart, soleQueryParameter, splitHostPort, type UrlFail } from "../url-parts.js";
import { redactQueueUrl } from "../url-redaction.js";

/** Stream name of a `redis://` queue URL that names none. */
export const DEFAULT_STREAM = "swarm-stress";

/** Port of a `redis://` queue URL that names none. */
export const DEFAULT_PORT = 6379;

/** A `redis://HOST:PORT/DB?stream=NAME` queue URL, taken apart and checked. */
export interface RedisQueueUrl {
  /** `rediss://`: talk TLS. */
  readonly tls: boolean;
  /** As written, without the brackets of an IPv6 address. */
  readonly host: string;
  readonly port: number;
  /** Database index, `SELECT`ed on connect. */
  readonly db: number;
  readonly username?: string;
  /** Never printed: use {@link RedisQueueUrl.display} or {@link redactQueueUrl} for text. */
  readonly password?: string;
  readonly stream: string;
  /** The URL with its password replaced by `***`, for messages and results. */
  readonly display: string;
  /** `HOST:PORT`, for one-line connection errors. */
  readonly target: string;
}

const HOST_PATH_QUERY = /^([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
/** Braces would break the hash tag that keeps a stream's keys in one cluster slot. */
const STREAM_NAME = /^[^\s{}]{1,200}$/;

/** Shared by every queue URL (Redis and NATS); exported here too for its older importers. */
export { redactQueueUrl } from "../url-redaction.js";

/**
 * Takes a queue URL apart: `redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB][?stream=NAME]`, port
 * 6379, database 0 and stream {@link DEFAULT_STREAM} when left out. Percent-escapes in the
 * user, password and stream name are decoded.
 *
 * @throws {ConfigError} in one line naming the problem (bad port, bad database, unknown query
 * parameter, empty stream name...) and the URL with its password hidden.
 */
export function parseRedisQueueUrl(url: string): RedisQueueUrl {
  // Where a space cuts a URL short, redaction could miss part of a password: name nothing.
  if (/\s/.test(url)) {
    throw new ConfigError("queue URL contains a space or line break: percent-encode it as %20");
  }
  const display = redactQueueUrl(url);
  const fail = (problem: string): never => {
    throw new ConfigError(`queue ${display}: ${problem}`);
  };
  const scheme = REDIS_SCHEME.exec(url)?.[0];
  if (scheme === undefined) return fail("expected redis://HOST:PORT/DB?stream=NAME");
  // The user information ends at the last "@", as redactQueueUrl has it: whatever a bad URL
  // looks like, no part of its password reaches a message.
  const rest = url.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const userinfo = at < 0 ? undefined : rest.slice(0, at);
  const parts = HOST_PATH_QUERY.exec(rest.slice(at + 1));
  if (parts === null) {
    return fail(
      url.includes("#")
        ? "a queue URL takes no #fragment"
        : "expected redis://HOST:PORT/DB?stream=NAME (or rediss:// for TLS)",
    );
  }
  const [, hostPort = "", path = "", query] = parts;
  const { host, port } = splitHostPort(
    hostPort,
    {
      defaultPort: DEFAULT_PORT,
      ipv6Example: "redis://[::1]:6379",
      expected: "redis://HOST:PORT/DB?stream=NAME",
    },
    fail,
  );
  const credentials = userinfo === undefined ? {} : splitRedisUserinfo(userinfo, "redis", fail);
  const db = parseRedisDb(path, fail);
  const stream = parseQuery(query, fail);
  return {
    tls: scheme.toLowerCase() === "rediss://",
    host,
    port,
    db,
    ...credentials,
    stream,
    display,
    target: `${host.includes(":") ? `[${host}]` : host}:${port}`,
  };
}

/**
 * A Redis URL's user information as Redis's AUTH takes it: `:PASSWORD` or `USER:PASSWORD`.
 * `scheme` (`redis`, `bullmq+redis`) shows in the message that refuses a form without a colon.
 */
export function splitRedisUserinfo(
  text: string,
  scheme: string,
  fail: UrlFail,
): { username?: string; password?: string } {
  const colon = text.indexOf(":");
  if (colon < 0) {
    // Never echoed: it may well be a password written without its colon.
    return fail(
      `user information without a colon: write ${scheme}://:PASSWORD@HOST or ${scheme}://USER:PASSWORD@HOST`,
    );
  }
  const username = decodeUrlPart(text.slice(0, colon), "user name", fail);
  const password = decodeUrlPart(text.slice(colon + 1), "password", fail);
  return {
    ...(username === "" ? {} : { username }),
    ...(password === "" ? {} : { password }),
  };
}

/** A Redis URL's database number from its path (`/3`), 0 when there is none. */
export function parseRedisDb(path: string, fail: UrlFail): number {
  const text = path.replace(/^\//, "");
  if (text === "") return 0;
  if (!/^\d{1,9}$/.test(text)) {
    fail(`bad database "${text}": expected a database number such as /0`);
  }
  return Number(text);
}

function parseQuery(query: string | undefined, fail: UrlFail): string {
  return soleQueryParameter(
    query,
    { key: "stream", what: "stream name", problem: streamNameProblem, fallback: DEFAULT_STREAM },
    fail,
  );
}

/** Why `name` cannot name a stream, or undefined when it can. */
export function streamNameProblem(name: string): string | undefined {
  if (name === "") return "empty stream name: write ?stream=NAME or leave it out";
  if (!STREAM_NAME.test(name)) {
    return `bad stream name "${name}": up to 200 characters, no spaces or braces`;
  }
  return undefined;
}
