/** Reports what is wrong with a URL in one line, never returning. */
export type UrlFail = (problem: string) => never;

/** How a broker's URLs are written, for the messages that refuse a bad host or port. */
export interface UrlForm {
  /** Port when the URL names none. */
  readonly defaultPort: number;
  /** An IPv6 example in this scheme, `redis://[::1]:6379`. */
  readonly ipv6Example: string;
  /** The whole form, `redis://HOST:PORT/DB?stream=NAME`. */
  readonly expected: string;
}

/**
 * The host and port of a broker URL's authority (`host`, `host:port`, `[v6]`, `[v6]:port`), the
 * same way for every broker, with the broker's own wording when one is wrong.
 */
export function splitHostPort(
  text: string,
  form: UrlForm,
  fail: UrlFail,
): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  let host: string;
  let portText: string | undefined;
  if (bracketed !== null) {
    host = bracketed[1] as string;
    portText = bracketed[2];
  } else {
    const colon = text.lastIndexOf(":");
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (host.includes(":")) fail(`put an IPv6 address in brackets: ${form.ipv6Example}`);
  }
  if (host === "") fail(`no host: expected ${form.expected}`);
  if (portText === undefined) return { host, port: form.defaultPort };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) fail(`bad port "${portText}": expected 1 to 65535`);
  return { host, port };
}

/** A percent-encoded part of a URL, decoded; `what` names it when the encoding is bad. */
export function decodeUrlPart(text: string, what: string, fail: UrlFail): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`bad percent-escape in the ${what}`);
  }
}

/** The one query parameter a broker URL takes: its name, and what its value names. */
export interface SoleParameter {
  /** `stream`, `queue`. */
  readonly key: string;
  /** What the value is, for messages: `stream name`, `queue name`. */
  readonly what: string;
  /** Why a value cannot be used, or undefined when it can. */
  readonly problem: (value: string) => string | undefined;
  /** The value when the URL gives none. */
  readonly fallback: string;
}

/**
 * The value of a URL's only query parameter (`?stream=NAME`): any other parameter, the same one
 * twice, or a value `problem` refuses fails in one line.
 */
export function soleQueryParameter(
  query: string | undefined,
  parameter: SoleParameter,
  fail: UrlFail,
): string {
  const { key: wanted, what } = parameter;
  let found: string | undefined;
  for (const pair of (query ?? "").split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const key = decodeUrlPart(equals < 0 ? pair : pair.slice(0, equals), "query parameter", fail);
    const value = equals < 0 ? "" : decodeUrlPart(pair.slice(equals + 1), what, fail);
    if (key !== wanted) {
      fail(`unknown query parameter "${key}": only ${wanted}=NAME is understood`);
    }
    if (found !== undefined) fail(`${wanted}= is given more than once`);
    const problem = parameter.problem(value);
    if (problem !== undefined) fail(problem);
    found = value;
  }
  return found ?? parameter.fallback;
}
