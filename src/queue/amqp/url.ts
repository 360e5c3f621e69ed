import { AMQP_SCHEME } from "../../config/queue-kind.js";
import { ConfigError } from "../../errors.js";
import { decodeUrlPart, splitHostPort, type UrlFail } from "../url-parts.js";
import { redactQueueUrl } from "../url-redaction.js";

/** Queue name of an `amqp://` queue URL that names none. */
export const DEFAULT_QUEUE = "swarm-stress";

/** The queue types the URL's `x-queue-type=` accepts. */
export type AmqpQueueType = "classic" | "quorum";

/** An `amqp://USER:PW@HOST:5672/VHOST?queue=NAME` queue URL, taken apart and checked. */
export interface AmqpQueueUrl {
  /** `amqps://`: talk TLS. */
  readonly tls: boolean;
  /** As written, without the brackets of an IPv6 address. */
  readonly host: string;
  readonly port: number;
  /** Decoded: `/` for the default vhost (written `%2F`, or left out). */
  readonly vhost: string;
  /** `guest` when the URL names no user, as RabbitMQ's own clients default. */
  readonly username: string;
  /** Never printed: use {@link AmqpQueueUrl.display} for text. */
  readonly password: string;
  readonly queue: string;
  /** `classic` unless the URL says `x-queue-type=quorum`. */
  readonly queueType: AmqpQueueType;
  /** The URL with its password replaced by `***`, for messages and results. */
  readonly display: string;
  /** `HOST:PORT`, for one-line connection errors. */
  readonly target: string;
}

const HOST_PATH_QUERY = /^([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
/** RabbitMQ takes up to 255 bytes; the driver adds `.dead` for the dead-letter queue. */
const QUEUE_NAME = /^[\w.:-]{1,200}$/;

/**
 * Takes a queue URL apart: `amqp[s]://[USER:PASSWORD@]HOST[:PORT][/VHOST][?queue=NAME]`
 * `[&x-queue-type=classic|quorum]`; port 5672 (5671 for amqps), vhost `/`, user and password
 * `guest` and queue {@link DEFAULT_QUEUE} when left out. Percent-escapes are decoded, so the
 * default vhost may be written `%2F`.
 *
 * @throws {ConfigError} in one line naming the problem and the URL with its password hidden.
 */
export function parseAmqpQueueUrl(url: string): AmqpQueueUrl {
  if (/\s/.test(url)) {
    throw new ConfigError("queue URL contains a space or line break: percent-encode it as %20");
  }
  const display = redactQueueUrl(url);
  const fail = (problem: string): never => {
    throw new ConfigError(`queue ${display}: ${problem}`);
  };
  const scheme = AMQP_SCHEME.exec(url)?.[0];
  if (scheme === undefined) return fail("expected amqp://USER:PASSWORD@HOST:5672/VHOST?queue=NAME");
  const tls = scheme.toLowerCase() === "amqps://";
  const rest = url.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const parts = HOST_PATH_QUERY.exec(rest.slice(at + 1));
  if (parts === null) return fail("expected amqp://USER:PASSWORD@HOST:5672/VHOST?queue=NAME");
  const [, hostPort = "", path = "", query] = parts;
  const { host, port } = splitHostPort(
    hostPort,
    {
      defaultPort: tls ? 5671 : 5672,
      ipv6Example: "amqp://[::1]:5672",
      expected: "amqp://USER:PASSWORD@HOST:5672/VHOST?queue=NAME",
    },
    fail,
  );
  const { username, password } =
    at < 0 ? { username: "guest", password: "guest" } : splitUserinfo(rest.slice(0, at), fail);
  // The path is one segment, the vhost: a slash in it (the default vhost is `/`) is `%2F`.
  if (path.slice(1).includes("/")) fail("write a slash in the vhost as %2F, e.g. /%2F");
  const vhost = path.length <= 1 ? "/" : decodeUrlPart(path.slice(1), "vhost", fail);
  return {
    tls,
    host,
    port,
    vhost,
    username,
    password,
    ...parseQuery(query, fail),
    display,
    target: `${host.includes(":") ? `[${host}]` : host}:${port}`,
  };
}

type Fail = UrlFail;

function splitUserinfo(text: string, fail: Fail): { username: string; password: string } {
  const colon = text.indexOf(":");
  // Never echoed: it may well be a password written without its colon.
  if (colon < 0) return fail("user information without a colon: write amqp://USER:PASSWORD@HOST");
  return {
    username: decodeUrlPart(text.slice(0, colon), "user name", fail),
    password: decodeUrlPart(text.slice(colon + 1), "password", fail),
  };
}

function parseQuery(
  query: string | undefined,
  fail: Fail,
): { queue: string; queueType: AmqpQueueType } {
  const seen = new Map<string, string>();
  for (const pair of (query ?? "").split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const key = decodeUrlPart(equals < 0 ? pair : pair.slice(0, equals), "query parameter", fail);
    const value = equals < 0 ? "" : decodeUrlPart(pair.slice(equals + 1), key, fail);
    if (key !== "queue" && key !== "x-queue-type") {
      fail(
        `unknown query parameter "${key}": queue=NAME and x-queue-type=classic|quorum are understood`,
      );
    }
    if (seen.has(key)) fail(`${key}= is given more than once`);
    seen.set(key, value);
  }
  const queue = seen.get("queue") ?? DEFAULT_QUEUE;
  const problem = amqpQueueNameProblem(queue);
  if (problem !== undefined) fail(problem);
  const queueType = seen.get("x-queue-type") ?? "classic";
  if (queueType !== "classic" && queueType !== "quorum") {
    return fail(`bad x-queue-type "${queueType}": expected classic or quorum`);
  }
  return { queue, queueType };
}

/** Why `name` cannot name the driver's queue, or undefined when it can. */
export function amqpQueueNameProblem(name: string): string | undefined {
  if (name === "") return "empty queue name: write ?queue=NAME or leave it out";
  if (name.startsWith("amq."))
    return `bad queue name "${name}": RabbitMQ reserves names starting amq.`;
  if (!QUEUE_NAME.test(name)) {
    return `bad queue name "${name}": up to 200 letters, digits and . _ : -`;
  }
  return undefined;
}
