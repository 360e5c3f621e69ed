import { MESSAGE_TYPES } from "../model/message.js";
import type { AgentStats, LatencySummary, RunResult } from "../result/result.js";
import { naturalOrder } from "../util/digits.js";
import { count, ms, percent } from "./numbers.js";

/** A percentile in ms, or `-` for a slice with no values. Shared by the text and HTML reports. */
export function latencyCell(summary: LatencySummary, key: "p50" | "p99"): string {
  return summary.count === 0 ? "-" : ms(summary[key]);
}

/**
 * One row per message type the run sent: type, generated, delivered, dead, pending,
 * deliveries, failed, success, p50, p99.
 */
export function typeRows(result: RunResult): string[][] {
  return MESSAGE_TYPES.flatMap((type) => {
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
}

/** The agents a report lists, and whether the list is cut down. */
export interface ListedAgents {
  readonly listed: readonly (readonly [string, AgentStats])[];
  readonly cut: boolean;
}

/**
 * Every agent in natural order (`Agent-2` before `Agent-10`) while there are at most
 * `allUpTo`; past that only the `busiest` by messages sent and received, since a run may have
 * 10,000 of them.
 */
export function listAgents(result: RunResult, allUpTo: number, busiest: number): ListedAgents {
  const agents = Object.entries(result.byAgent);
  const cut = agents.length > allUpTo;
  const listed = cut
    ? [...agents]
        .sort(([a, x], [b, y]) => busyness(y) - busyness(x) || naturalOrder(a, b))
        .slice(0, busiest)
    : [...agents].sort(([a], [b]) => naturalOrder(a, b));
  return { listed, cut };
}

function busyness(stats: AgentStats): number {
  return stats.generated + stats.received;
}
