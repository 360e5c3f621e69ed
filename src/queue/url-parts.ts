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
