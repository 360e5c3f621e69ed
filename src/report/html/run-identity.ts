import type { RunConfig } from "../../config/run-settings.js";
import { formatDistribution } from "../../model/distributions.js";
import type { Environment, RunResult } from "../../result/result.js";
import { loadText, typesText } from "../workload-text.js";
import { elapsed } from "./format.js";

/** Where a run happened, on one line. */
export function environmentText(environment: Environment): string {
  const e = environment;
  const memory = `${(e.totalMemoryMB / 1024).toFixed(1)} GB`;
  return [
    `swarm-stress ${e.swarmStress}`,
    `Node ${e.node}`,
    `${e.platform} ${e.arch}`,
    `${e.cpus} × ${e.cpuModel}`,
    memory,
    `host ${e.hostname}`,
  ].join(" · ");
}

/** The traffic a run generated, on one line. */
export function workloadText(config: RunConfig): string {
  const payload = formatDistribution(config.payloadSize, (bytes) => `${Math.round(bytes)}B`);
  return `${loadText(config)} (${typesText(config, ", ")}), payload ${payload}`;
}

/** What tells one run from another: when, how long, on what, with which seed. */
export function runFacts(result: RunResult): string {
  return [
    `started ${result.startedAt}`,
    elapsed(result.durationMs),
    `core ${result.core}`,
    `seed ${result.config.seed}`,
    `queue ${result.queue.driver}`,
  ].join(" · ");
}
