import type { RunConfig } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";
import { agentNames } from "../model/agents.js";
import { type MessageType, typesSent } from "../model/message.js";
import { suggest } from "../model/suggest.js";
import { parseThreshold, type Threshold } from "./threshold.js";

/**
 * Parse a run's thresholds and check that each names a message type the run sends and an agent
 * it has: `byAgent.Agent-99.successRate` on a run of 10 agents would otherwise fail (or, worse,
 * be skipped) only after the run. Throws a one-line {@link ConfigError}.
 */
export function thresholdsFor(config: RunConfig): Threshold[] {
  const types = typesSent(config.types);
  return (config.thresholds ?? []).map((expression) => {
    let threshold: Threshold;
    try {
      threshold = parseThreshold(expression);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
    for (const { kind, key } of threshold.resolved.keys) {
      const known =
        kind === "agent" ? hasAgent(key, config.agents) : types.includes(key as MessageType);
      if (known) continue;
      const candidates = kind === "agent" ? agentNames(Math.min(config.agents, 1000)) : types;
      const near = suggest(key, candidates);
      const range = kind === "agent" ? `Agent-1 … Agent-${config.agents}` : types.join(", ");
      throw new ConfigError(
        `threshold "${expression}": this run has no ${kind} "${key}" (${range})${near === undefined ? "" : `; did you mean ${near}?`}`,
      );
    }
    return threshold;
  });
}

function hasAgent(name: string, agents: number): boolean {
  const match = /^Agent-([1-9]\d*)$/.exec(name);
  return match !== null && Number(match[1]) <= agents;
}
