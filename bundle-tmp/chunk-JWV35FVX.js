import {
  agentNames
} from "./chunk-CPDNQIBT.js";
import {
  parseThreshold,
  suggest
} from "./chunk-J7LXEMII.js";
import {
  typesSent
} from "./chunk-HO7RTZVS.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/thresholds/check-scope.js
function thresholdsFor(config) {
  const types = typesSent(config.types);
  return (config.thresholds ?? []).map((expression) => {
    let threshold;
    try {
      threshold = parseThreshold(expression);
    } catch (error) {
      throw new ConfigError(error.message);
    }
    for (const { kind, key } of threshold.resolved.keys) {
      const known = kind === "agent" ? hasAgent(key, config.agents) : types.includes(key);
      if (known)
        continue;
      const candidates = kind === "agent" ? agentNames(Math.min(config.agents, 1e3)) : types;
      const near = suggest(key, candidates);
      const range = kind === "agent" ? `Agent-1 \u2026 Agent-${config.agents}` : types.join(", ");
      throw new ConfigError(`threshold "${expression}": this run has no ${kind} "${key}" (${range})${near === void 0 ? "" : `; did you mean ${near}?`}`);
    }
    return threshold;
  });
}
function hasAgent(name, agents) {
  const match = /^Agent-([1-9]\d*)$/.exec(name);
  return match !== null && Number(match[1]) <= agents;
}

export {
  thresholdsFor
};
