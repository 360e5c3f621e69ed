import type { RunResult } from "../../result/result.js";
import { latencyCell } from "../group-rows.js";
import { count, mb } from "../numbers.js";
import { join, type Markup, markup } from "./markup.js";
import { note } from "./section.js";
import { type Column, dataTable } from "./table.js";

const num = (header: string): Column => ({ header, numeric: true });

/** One row per worker process of a distributed run; undefined for a run in one process. */
export function workerTable(result: RunResult): Markup | undefined {
  const workers = result.workers ?? [];
  if (workers.length === 0) return undefined;
  const rows = workers.map((w) => [
    w.id,
    w.status === "finished"
      ? markup('<span class="mark pass">finished</span>')
      : markup('<span class="mark fail">lost</span>'),
    count(w.reports),
    count(w.delivered),
    count(w.deadLettered),
    count(w.deliveries),
    count(w.failed),
    count(w.duplicates),
    latencyCell(w.latency, "p50"),
    latencyCell(w.latency, "p99"),
    mb(w.rssPeakMB),
    `${w.cpuPeakPct.toFixed(0)}%`,
  ]);
  return join([
    dataTable(
      [
        { header: "worker" },
        { header: "status" },
        ...["reports", "delivered", "dead", "deliveries", "failed", "dups", "p50 ms", "p99 ms"].map(
          num,
        ),
        num("RSS peak"),
        num("CPU peak"),
      ],
      rows,
    ),
    note(
      "Each worker's own counts: a message settled by two workers (a lease expired) counts in both rows, and once in the run's totals. A lost worker stopped beating without a final report.",
    ),
  ]);
}
