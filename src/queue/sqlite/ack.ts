import type { Lease } from "../driver.js";
import type { Statements } from "./statements.js";

/**
 * An ack reads the rows between the lowest and highest acked ord of a priority to find runs it
 * may delete as ranges; it gives up on that and deletes row by row when more than this many
 * rows per acked lease (plus a constant) lie in between, as when the acks are a sparse pick.
 */
const SCAN_PER_ACK = 4;

/**
 * Deletes the rows of the live leases among `leases[from..to)`, inside the caller's
 * transaction. Returns how many rows went, by batch, for the batches' reference counts.
 *
 * A row counts as acked when its ord is the token of a lease of its priority: an ord names one
 * hand-out of one message, so a stale token (the message was made ready again, with a new
 * ord) matches nothing.
 */
export function deleteAcked(
  sql: Statements,
  leases: readonly Lease[],
  from: number,
  to: number,
): Map<number, number> {
  const byPriority = new Map<number, Lease[]>();
  for (let i = from; i < to; i++) {
    const lease = leases[i] as Lease;
    const group = byPriority.get(lease.message.priority);
    if (group === undefined) byPriority.set(lease.message.priority, [lease]);
    else group.push(lease);
  }
  const deleted = new Map<number, number>();
  const count = (batch: number, rows: number): void => {
    deleted.set(batch, (deleted.get(batch) ?? 0) + rows);
  };
  for (const [priority, group] of byPriority) deleteGroup(sql, priority, group, count);
  return deleted;
}

/**
 * Deletes the rows of one priority's leases. A lease call hands out a run of a lane, and
 * callers usually ack what one call handed out, so the acked rows mostly form runs: the rows
 * in between are read (cheap) and each run is deleted as one range, about three times faster
 * than deleting row by row.
 */
function deleteGroup(
  sql: Statements,
  priority: number,
  group: readonly Lease[],
  count: (batch: number, rows: number) => void,
): void {
  const acked = new Set<number>();
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const { token } of group) {
    acked.add(token);
    if (token < low) low = token;
    if (token > high) high = token;
  }
  const limit = SCAN_PER_ACK * group.length + 64;
  const ords = sql.scanAcked.all(priority, low, high, limit);
  if (ords.length >= limit) {
    sql.deleteLeased.collect(
      group.length,
      (row, params, at) => {
        params[at] = priority;
        params[at + 1] = (group[row] as Lease).token;
      },
      (batch) => count(batch, 1),
    );
    return;
  }
  let first: number | undefined;
  let last = 0;
  const flush = (): void => {
    if (first === undefined) return;
    for (const [batch, rows] of sql.runBatches.all(priority, first, last)) count(batch, rows);
    sql.deleteRun.run(priority, first, last);
    first = undefined;
  };
  for (const ord of ords) {
    if (!acked.has(ord)) {
      flush();
      continue;
    }
    if (first === undefined) first = ord;
    last = ord;
  }
  flush();
}
