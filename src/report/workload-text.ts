import { formatDuration } from "../config/duration.js";
import { DEFAULT_ARRIVALS } from "../config/open-load-defaults.js";
import { formatRate } from "../config/rate.js";
import type { RunConfig } from "../config/run-settings.js";
import { count } from "./numbers.js";

/** The types a run sends, with their weights where they differ: `direct=3,broadcast`. */
export function typesText(config: RunConfig, separator = ","): string {
  return Object.entries(config.types)
    .filter(([, weight]) => (weight ?? 0) > 0)
    .map(([type, weight]) => (weight === 1 ? type : `${type}=${weight}`))
    .join(separator);
}

/**
 * How many messages a run makes and how they arrive, on one line: `9 agents × 100 messages`
 * for a closed run; `9 agents, 2,000/s uniform for 30s` or with its stages for an open one.
 */
export function loadText(config: RunConfig): string {
  const agents = `${count(config.agents)} agents`;
  const perAgent = config.messagesPerAgent;
  if (config.load === "closed") return `${agents} × ${count(perAgent ?? 0)} messages`;
  const arrivals = config.arrivals ?? DEFAULT_ARRIVALS;
  const cap = perAgent === undefined ? "" : `, at most ${count(perAgent)} messages each`;
  if (config.stages) {
    const start = config.rate === undefined ? "" : `from ${formatRate(config.rate)} `;
    const stages = config.stages
      .map((stage) => `${formatDuration(stage.durationMs)}→${formatRate(stage.targetRate)}`)
      .join(" ");
    return `${agents}, ${arrivals} arrivals ${start}in stages ${stages}${cap}`;
  }
  const rate = formatRate(config.rate ?? 0);
  const span =
    config.duration === undefined
      ? ` until ${count(perAgent ?? 0)} messages each`
      : ` for ${formatDuration(config.duration)}${cap}`;
  return `${agents}, ${arrivals} arrivals at ${rate}${span}`;
}
