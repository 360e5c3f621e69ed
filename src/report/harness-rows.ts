import type { RunResult } from "../result/result.js";
import { count, ms } from "./numbers.js";

/**
 * Where the processing time went, as label and value rows: the core's time, pauses, idle and
 * the harness's own work, then the core's longest single call. Shared by the text and HTML
 * reports; a result saved before a figure was added simply lacks its row.
 */
export function harnessRows(result: RunResult): [string, string][] {
  const h = result.harness;
  const rows: [string, string][] = [["batches", count(h.batches)]];
  if (h.spanMs !== undefined) rows.push(["processing span", `${ms(h.spanMs)} ms`]);
  rows.push(
    ["delivering (the core's time)", `${ms(h.deliveringMs)} ms`],
    ["paused (interval)", `${ms(h.pausedMs)} ms`],
    ["idle (nothing to run)", `${ms(h.idleMs)} ms`],
    [
      "overhead (the harness's own work)",
      `${ms(h.overheadMs)} ms, ${h.overheadUsPerMessage.toFixed(2)} µs per message`,
    ],
  );
  if (h.coreBlockMaxMs !== undefined) {
    rows.push(["longest deliver call before returning", `${ms(h.coreBlockMaxMs)} ms`]);
  }
  return rows;
}
