import { POSTGRES_SCHEME } from "../../config/queue-kind.js";
import { ConfigError } from "../../errors.js";
import { decodeUrlPart, splitHostPort, type UrlFail } from "../url-parts.js";
import { redactQueueUrl } from "../url-redaction.js";

/** Queue name of a `postgres://` queue URL that names none. */
export const DEFAULT_QUEUE = "swarm-stress";

/** pg-boss's schema when the URL names none: pg-boss's own default. */
export const DEFAULT_SCHEMA = "pgboss";

/** A `postgres://USER:PW@HOST:5432/DB?queue=NAME` queue URL, taken apart and checked. */
export interface PostgresQueueUrl {
  /** As written, without the brackets of an IPv6 address. */
  readonly host: string;
  readonly port: number;
  /** The database, decoded. */
  readonly database: string;
  readonly username: string;
  /** Never printed: use {@link PostgresQueueUrl.display} for text. Empty when none is given. */
  readonly password: string;
  /** The pg-boss queue; its dead letters go to `NAME.dead`. */
  readonly queue: string;
  /** The schema pg-boss keeps its tables in, `pgboss` unless `schema=` says otherwise. */
  readonly schema: string;
  /** The URL with its password replaced by `***`, for messages and results. */
  readonly display: string;
  /** `HOST:PORT`, for one-line connection errors. */
  readonly target: string;
}

const EXPECTED = "expected postgres://USER:PASSWORD@HOST:5432/DB?queue=NAME";
const HOST_PATH_QUERY = /^([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
/** pg-boss's rule for queue names; 200 leaves room for the `.dead` the driver adds. */
const QUEUE_NAME = /^[\w.\-/]{1,200}$/;
/** An unquoted PostgreSQL identifier, which is what pg-boss takes as its schema. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Takes a queue URL apart: `postgres[ql]://USER[:PASSWORD]@HOST[:PORT]/DB[?queue=NAME]`
 * `[&schema=SCHEMA]`; port 5432, queue {@link DEFAULT_QUEUE} and schema {@link DEFAULT_SCHEMA}
 * when left out. Percent-escapes are decoded. The user and database are required: a stress
 * tool should not guess them from the environment the way libpq does.
 *
 * @throws {ConfigError} in one line naming the problem and the URL with its password hidden.
 */
export function parsePostgresQueueUrl(url: string): PostgresQueueUrl {
  if (/\s/.test(url)) {
    throw new ConfigError("queue URL contains a space or line break: percent-encode it as %20");
  }
  const display = redactQueueUrl(url);
  const fail: UrlFail = (problem: string): never => {
    throw new ConfigError(`queue ${display}: ${problem}`);
  };
  const scheme = POSTGRES_SCHEME.exec(url)?.[0];
  if (scheme === undefined) return fail(EXPECTED);
  const rest = url.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  if (at < 0) return fail(`no user: ${EXPECTED}`);
  const parts = HOST_PATH_QUERY.exec(rest.slice(at + 1));
  if (parts === null) return fail(EXPECTED);
  const [, hostPort = "", path = "", query] = parts;
  const { host, port } = splitHostPort(
    hostPort,
    { defaultPort: 5432, ipv6Example: "postgres://USER@[::1]:5432/DB", expected: EXPECTED },
    fail,
  );
  const { username, password } = splitUserinfo(rest.slice(0, at), fail);
  if (path.length <= 1) fail(`no database: ${EXPECTED}`);
  if (path.slice(1).includes("/")) fail("the path is the database alone: /DB");
  const database = decodeUrlPart(path.slice(1), "database", fail);
  return {
    host,
    port,
    database,
    username,
    password,
    ...parseQuery(query, fail),
    display,
    target: `${host.includes(":") ? `[${host}]` : host}:${port}`,
  };
}

function splitUserinfo(text: string, fail: UrlFail): { username: string; password: string } {
  const colon = text.indexOf(":");
  const username = decodeUrlPart(colon < 0 ? text : text.slice(0, colon), "user name", fail);
  if (username === "") fail(`no user: ${EXPECTED}`);
  const password = colon < 0 ? "" : decodeUrlPart(text.slice(colon + 1), "password", fail);
  return { username, password };
}

function parseQuery(query: string | undefined, fail: UrlFail): { queue: string; schema: string } {
  const seen = new Map<string, string>();
  for (const pair of (query ?? "").split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const key = decodeUrlPart(equals < 0 ? pair : pair.slice(0, equals), "query parameter", fail);
    const value = equals < 0 ? "" : decodeUrlPart(pair.slice(equals + 1), key, fail);
    if (key !== "queue" && key !== "schema") {
      fail(`unknown query parameter "${key}": queue=NAME and schema=SCHEMA are understood`);
    }
    if (seen.has(key)) fail(`${key}= is given more than once`);
    seen.set(key, value);
  }
  const queue = seen.get("queue") ?? DEFAULT_QUEUE;
  if (queue === "") fail("empty queue name: write ?queue=NAME or leave it out");
  if (!QUEUE_NAME.test(queue)) {
    fail(`bad queue name "${queue}": up to 200 letters, digits and . _ - /`);
  }
  const schema = seen.get("schema") ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    fail(`bad schema "${schema}": lower-case letters, digits and _, not starting with a digit`);
  }
  return { queue, schema };
}
