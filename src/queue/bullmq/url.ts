import { BULLMQ_SCHEME } from "../../config/queue-kind.js";
import { ConfigError } from "../../errors.js";
import { parseRedisDb, type RedisQueueUrl, splitRedisUserinfo } from "../redis/url.js";
import { soleQueryParameter, splitHostPort, type UrlFail } from "../url-parts.js";
import { redactQueueUrl } from "../url-redaction.js";

/** Queue name of a `bullmq+redis://` URL that names none. */
export const DEFAULT_QUEUE = "swarm-stress";

/** What the URL looks like, for the messages that refuse a bad one. */
const FORM = "bullmq+redis://HOST:PORT/DB?queue=NAME";

/** A `bullmq+redis://HOST:PORT/DB?queue=NAME` queue URL, taken apart and checked. */
export interface BullmqQueueUrl {
  /** `bullmq+rediss://`: talk TLS. */
  readonly tls: boolean;
  /** As written, without the brackets of an IPv6 address. */
  readonly host: string;
  readonly port: number;
  /** Database index, `SELECT`ed on connect. */
  readonly db: number;
  readonly username?: string;
  /** Never printed: use {@link BullmqQueueUrl.display} for text. */
  readonly password?: string;
  /** The BullMQ queue's name: its keys are `bull:NAME:*`. */
  readonly queue: string;
  /** The URL with its password replaced by `***`, for messages and results. */
  readonly display: string;
  /** `HOST:PORT`, for one-line connection errors. */
  readonly target: string;
}

const HOST_PATH_QUERY = /^([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
/**
 * BullMQ joins key parts with `:`, so a colon in the name would blur one queue's keys into
 * another's; braces would break a cluster hash tag.
 */
const QUEUE_NAME = /^[^\s:{}]{1,200}$/;

/**
 * Takes a queue URL apart: `bullmq+redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB][?queue=NAME]`,
 * port 6379, database 0 and queue {@link DEFAULT_QUEUE} when left out: the Redis URL every
 * Redis client reads, with BullMQ's queue name in place of the stream. Percent-escapes in the
 * user, password and queue name are decoded.
 *
 * @throws {ConfigError} in one line naming the problem and the URL with its password hidden.
 */
export function parseBullmqQueueUrl(url: string): BullmqQueueUrl {
  // Where a space cuts a URL short, redaction could miss part of a password: name nothing.
  if (/\s/.test(url)) {
    throw new ConfigError("queue URL contains a space or line break: percent-encode it as %20");
  }
  const display = redactQueueUrl(url);
  const fail = (problem: string): never => {
    throw new ConfigError(`queue ${display}: ${problem}`);
  };
  const scheme = BULLMQ_SCHEME.exec(url)?.[0];
  if (scheme === undefined) return fail(`expected ${FORM}`);
  // The user information ends at the last "@", as redactQueueUrl has it.
  const rest = url.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const parts = HOST_PATH_QUERY.exec(rest.slice(at + 1));
  if (parts === null) {
    return fail(
      url.includes("#")
        ? "a queue URL takes no #fragment"
        : `expected ${FORM} (or bullmq+rediss:// for TLS)`,
    );
  }
  const [, hostPort = "", path = "", query] = parts;
  const { host, port } = splitHostPort(
    hostPort,
    { defaultPort: 6379, ipv6Example: "bullmq+redis://[::1]:6379", expected: FORM },
    fail,
  );
  const credentials = at < 0 ? {} : splitRedisUserinfo(rest.slice(0, at), "bullmq+redis", fail);
  return {
    tls: scheme.toLowerCase() === "bullmq+rediss://",
    host,
    port,
    db: parseRedisDb(path, fail),
    ...credentials,
    queue: parseQuery(query, fail),
    display,
    target: `${host.includes(":") ? `[${host}]` : host}:${port}`,
  };
}

/**
 * The same server as a plain Redis URL's parts, for the project's one Redis connector
 * (`connectRedis`), which the BullMQ driver hands to BullMQ as its client.
 */
export function asRedisUrl(url: BullmqQueueUrl): RedisQueueUrl {
  return { ...url, stream: url.queue };
}

function parseQuery(query: string | undefined, fail: UrlFail): string {
  return soleQueryParameter(
    query,
    { key: "queue", what: "queue name", problem: bullmqQueueNameProblem, fallback: DEFAULT_QUEUE },
    fail,
  );
}

/** Why `name` cannot name a BullMQ queue here, or undefined when it can. */
export function bullmqQueueNameProblem(name: string): string | undefined {
  if (name === "") return "empty queue name: write ?queue=NAME or leave it out";
  if (!QUEUE_NAME.test(name)) {
    return `bad queue name "${name}": up to 200 characters, no spaces, colons or braces`;
  }
  return undefined;
}
