import { ConfigError } from "../../errors.js";

/** How a run's core setting names the HTTP core: `http:` and then the receivers' URL. */
export const HTTP_CORE_PREFIX = "http:";

/** Where each delivery is posted: a URL template with `{agent}` and `{type}` in it. */
export interface HttpTarget {
  /** The URL as given, placeholders and all. */
  readonly template: string;
  readonly secure: boolean;
}

/** Whether a core setting names the HTTP core. */
export function isHttpCore(core: string): boolean {
  return core.startsWith(HTTP_CORE_PREFIX);
}

/**
 * The target of `http:URL`.
 *
 * @throws {ConfigError} in one line when URL is not an http(s) URL (placeholders filled), or
 *   holds credentials: those go in `SWARM_STRESS_HTTP_HEADERS`, since the core setting is saved
 *   with every result.
 */
export function parseHttpTarget(core: string): HttpTarget {
  const template = core.slice(HTTP_CORE_PREFIX.length);
  let url: URL;
  try {
    url = new URL(fill(template, "agent", "type"));
  } catch {
    throw new ConfigError(`--core ${core}: expected http:URL with an http:// or https:// URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`--core ${core}: expected http:URL with an http:// or https:// URL`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigError(
      "--core http:URL: the URL holds credentials, which would be saved with the result; put them in SWARM_STRESS_HTTP_HEADERS instead",
    );
  }
  return { template, secure: url.protocol === "https:" };
}

/** The URL for one delivery: each placeholder replaced by its value, URL-encoded. */
export function fill(template: string, agent: string, type: string): string {
  return template
    .replaceAll("{agent}", encodeURIComponent(agent))
    .replaceAll("{type}", encodeURIComponent(type));
}
