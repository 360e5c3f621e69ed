import { ConfigError } from "../../errors.js";

/** The environment variable that carries the HTTP core's extra headers, as a JSON object. */
export const HTTP_HEADERS_ENV = "SWARM_STRESS_HTTP_HEADERS";

/**
 * Extra request headers (an auth token, a tenant) from {@link HTTP_HEADERS_ENV}: taken from the
 * environment, never from settings, so they are neither printed nor saved with a result.
 *
 * @throws {ConfigError} naming the variable, never its value, when it is not a JSON object of
 *   strings.
 */
export function headersFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const text = env[HTTP_HEADERS_ENV];
  if (text === undefined || text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${HTTP_HEADERS_ENV} is not JSON: expected {"Header": "value", ...}`);
  }
  const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  const entries = isObject ? Object.entries(parsed as object) : [];
  if (!isObject || entries.some(([, value]) => typeof value !== "string")) {
    throw new ConfigError(`${HTTP_HEADERS_ENV} must be a JSON object of text values`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
