import type { RunResult } from "../../result/result.js";
import { latencyCell, listAgents, typeRows } from "../group-rows.js";
import { count, percent } from "../numbers.js";
import { join, type Markup } from "./markup.js";
import { note } from "./section.js";
import { type Column, dataTable } from "./table.js";

/** Up to this many agents the table lists them all. */
const ALL_AGENTS_UP_TO = 25;
/** Agents listed when there are more: the busiest. */
const BUSIEST_AGENTS = 20;

const num = (header: string): Column => ({ header, numeric: true });

/** Counts and latency per message type; null when the run has none. */
export function typeTable(result: RunResult): Markup | null {
  const rows = typeRows(result);
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

/**
 * Counts and latency per agent; null when the run has none. A run may have 10,000 agents, far
 * more than a page can show usefully, so past a few dozen only the busiest are listed.
 */
export function agentTable(result: RunResult): Markup | null {
  const { listed, cut } = listAgents(result, ALL_AGENTS_UP_TO, BUSIEST_AGENTS);
  if (listed.length === 0) return null;
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
      `The ${BUSIEST_AGENTS} busiest of ${count(Object.keys(result.byAgent).length)} agents, by messages sent and received; every agent is in the JSON result.`,
    ),
  ]);
}
