import { ConfigError } from "../../errors.js";

/** How a run's core setting names the A2A core: `a2a:` and then the agents' URL. */
export const A2A_CORE_PREFIX = "a2a:";

/** Where the agent card of each agent is looked for, under the agent's URL. */
export const AGENT_CARD_PATH = "/.well-known/agent-card.json";

/** The agents a run delivers to: a URL template with `{agent}` in it, or one URL for all. */
export interface A2aTarget {
  /** The URL as given, placeholder and all. */
  readonly template: string;
}

/** Whether a core setting names the A2A core. */
export function isA2aCore(core: string): boolean {
  return core.startsWith(A2A_CORE_PREFIX);
}

/**
 * The target of `a2a:URL`.
 *
 * @throws {ConfigError} in one line when URL is not an http(s) URL (placeholder filled), or
 *   holds credentials: those go in `SWARM_STRESS_HTTP_HEADERS`, since the core setting is saved
 *   with every result.
 */
export function parseA2aTarget(core: string): A2aTarget {
  const template = core.slice(A2A_CORE_PREFIX.length);
  const expected = `--core ${core}: expected a2a:URL with an http:// or https:// URL, e.g. a2a:http://127.0.0.1:9100/agents/{agent}`;
  let url: URL;
  try {
    url = new URL(agentUrl(template, "agent"));
  } catch {
    throw new ConfigError(expected);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(expected);
  if (url.username !== "" || url.password !== "") {
    throw new ConfigError(
      "--core a2a:URL: the URL holds credentials, which would be saved with the result; put them in SWARM_STRESS_HTTP_HEADERS instead",
    );
  }
  return { template };
}

/** The URL of one agent: `{agent}` replaced by its name, URL-encoded. */
export function agentUrl(template: string, agent: string): string {
  return template.replaceAll("{agent}", encodeURIComponent(agent));
}

/** Where an agent's card is: {@link AGENT_CARD_PATH} under the agent's own URL. */
export function agentCardUrl(url: string): string {
  return `${url.replace(/\/+$/, "")}${AGENT_CARD_PATH}`;
}
