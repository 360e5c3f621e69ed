import type { LatencySummary } from "../../metrics/histogram.js";
import { MESSAGE_TYPES } from "../../model/message.js";
import type { AgentStats, RunResult } from "../../run/result.js";
import { count, ms, percent } from "../numbers.js";
import { join, type Markup } from "./markup.js";
import { note } from "./section.js";
import { type Column, dataTable } from "./table.js";

/** Up to this many agents the table lists them all. */
const ALL_AGENTS_UP_TO = 25;
/** Agents listed when there are more: the busiest. */
const BUSIEST_AGENTS = 20;

function latencyCell(summary: LatencySummary, key: "p50" | "p99"): string {
  return summary.count === 0 ? "-" : ms(summary[key]);
}

const num = (header: string): Column => ({ header, numeric: true });

/** Counts and latency per message type; null when the run has none. */
export function typeTable(result: RunResult): Markup | null {
  const rows = MESSAGE_TYPES.flatMap((type) => {
    const stats = result.byType[type];
    if (!stats) return [];
    return [
      [
        type,
        count(stats.generated),
        count(stats.delivered),
        count(stats.deadLettered),
        count(stats.pending),
        count(stats.deliveries),
        count(stats.failed),
        percent(stats.successRate),
        latencyCell(stats.latency, "p50"),
        latencyCell(stats.latency, "p99"),
      ],
    ];
  });
  if (rows.length === 0) return null;
  const columns = [
    { header: "type" },
    num("generated"),
    num("delivered"),
    num("dead"),
    num("pending"),
    num("deliveries"),
    num("failed attempts"),
    num("success"),
    num("p50 ms"),
    num("p99 ms"),
  ];
  return dataTable(columns, rows);
}

function busyness(stats: AgentStats): number {
  return stats.generated + stats.received;
}

/** `Agent-2` before `Agent-10`. */
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * Counts and latency per agent; null when the run has none. A run may have 10,000 agents, far
 * more than a page can show usefully, so past a few dozen only the busiest are listed.
 */
export function agentTable(result: RunResult): Markup | null {
  const agents = Object.entries(result.byAgent);
  if (agents.length === 0) return null;
  const cut = agents.length > ALL_AGENTS_UP_TO;
  const listed = cut
    ? [...agents]
        .sort(([a, x], [b, y]) => busyness(y) - busyness(x) || naturalOrder(a, b))
        .slice(0, BUSIEST_AGENTS)
    : [...agents].sort(([a], [b]) => naturalOrder(a, b));
  const rows = listed.map(([name, stats]) => [
    name,
    count(stats.generated),
    count(stats.delivered),
    count(stats.deadLettered),
    count(stats.received),
    percent(stats.successRate),
    latencyCell(stats.latency, "p50"),
    latencyCell(stats.latency, "p99"),
  ]);
  const columns = [
    { header: "agent" },
    num("sent"),
    num("delivered"),
    num("dead"),
    num("received"),
    num("success"),
    num("p50 ms"),
    num("p99 ms"),
  ];
  const table = dataTable(columns, rows);
  if (!cut) return table;
  return join([
    table,
    note(
      `The ${BUSIEST_AGENTS} busiest of ${count(agents.length)} agents, by messages sent and received; every agent is in the JSON result.`,
    ),
  ]);
}
