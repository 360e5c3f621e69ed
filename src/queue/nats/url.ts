import { NATS_SCHEME } from "../../config/queue-kind.js";
import { ConfigError } from "../../errors.js";
import { decodeUrlPart, soleQueryParameter, splitHostPort, type UrlFail } from "../url-parts.js";
import { redactQueueUrl } from "../url-redaction.js";

/** Queue name of a `nats://` URL that names none. */
export const DEFAULT_NATS_STREAM = "swarm-stress";

/** Port of a `nats://` URL that names none. */
export const DEFAULT_NATS_PORT = 4222;

/** A `nats://[USER:PASSWORD@]HOST[:PORT][?stream=NAME]` queue URL, taken apart and checked. */
export interface NatsQueueUrl {
  /** As written, without the brackets of an IPv6 address. */
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  /** Never printed: use {@link NatsQueueUrl.display} for text. */
  readonly password?: string;
  /** The queue's name: its JetStream streams and subjects are named after it. */
  readonly stream: string;
  /** The URL with its password replaced by `***`, for messages and results. */
  readonly display: string;
  /** `HOST:PORT`, for one-line connection errors. */
  readonly target: string;
}

const HOST_QUERY = /^([^/?#]*)\/?(?:\?([^#]*))?$/;
/**
 * A JetStream stream name is also a subject token here (`swarm-stress.NAME.…`), so it holds
 * none of `.`, `*`, `>`, spaces or path separators; 32 characters leave room for the suffixes
 * of its dead-letter and retry streams.
 */
const STREAM_NAME = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Takes a queue URL apart: `nats://[USER:PASSWORD@]HOST[:PORT][?stream=NAME]`, port 4222 and
 * stream {@link DEFAULT_NATS_STREAM} when left out. Percent-escapes in the user and password
 * are decoded.
 *
 * @throws {ConfigError} in one line naming the problem and the URL with its password hidden.
 */
export function parseNatsQueueUrl(url: string): NatsQueueUrl {
  if (/\s/.test(url)) {
    throw new ConfigError("queue URL contains a space or line break: percent-encode it as %20");
  }
  const display = redactQueueUrl(url);
  const fail = (problem: string): never => {
    throw new ConfigError(`queue ${display}: ${problem}`);
  };
  const scheme = NATS_SCHEME.exec(url)?.[0];
  if (scheme === undefined) return fail("expected nats://HOST:PORT?stream=NAME");
  // The user information ends at the last "@", as redactQueueUrl has it, so no part of a
  // password reaches a message whatever the URL looks like.
  const rest = url.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const userinfo = at < 0 ? undefined : rest.slice(0, at);
  const parts = HOST_QUERY.exec(rest.slice(at + 1));
  if (parts === null) {
    return fail(
      url.includes("#")
        ? "a queue URL takes no #fragment"
        : "expected nats://HOST:PORT?stream=NAME (a NATS URL has no path)",
    );
  }
  const [, hostPort = "", query] = parts;
  const { host, port } = splitHostPort(
    hostPort,
    {
      defaultPort: DEFAULT_NATS_PORT,
      ipv6Example: "nats://[::1]:4222",
      expected: "nats://HOST:PORT?stream=NAME",
    },
    fail,
  );
  const credentials = userinfo === undefined ? {} : splitUserinfo(userinfo, fail);
  const stream = parseQuery(query, fail);
  return {
    host,
    port,
    ...credentials,
    stream,
    display,
    target: `${host.includes(":") ? `[${host}]` : host}:${port}`,
  };
}

/** Why `name` cannot name a NATS queue, or undefined when it can. */
export function natsStreamNameProblem(name: string): string | undefined {
  if (name === "") return "empty stream name: write ?stream=NAME or leave it out";
  if (!STREAM_NAME.test(name)) {
    return `bad stream name "${name}": 1 to 32 letters, digits, "_" or "-" (it names JetStream streams and subjects)`;
  }
  return undefined;
}

type Fail = UrlFail;

function splitUserinfo(text: string, fail: Fail): { username?: string; password?: string } {
  const colon = text.indexOf(":");
  if (colon < 0) {
    // Never echoed: it may well be a password (or token) written without its colon.
    return fail("user information without a colon: write nats://USER:PASSWORD@HOST");
  }
  const username = decodeUrlPart(text.slice(0, colon), "user name", fail);
  const password = decodeUrlPart(text.slice(colon + 1), "password", fail);
  return {
    ...(username === "" ? {} : { username }),
    ...(password === "" ? {} : { password }),
  };
}

function parseQuery(query: string | undefined, fail: UrlFail): string {
  return soleQueryParameter(
    query,
    {
      key: "stream",
      what: "stream name",
      problem: natsStreamNameProblem,
      fallback: DEFAULT_NATS_STREAM,
    },
    fail,
  );
}
