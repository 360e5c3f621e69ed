import type { LiveWorker, LiveWorkerState } from "../../run/options.js";
import { count } from "../numbers.js";
import { join, type Markup, markup } from "./markup.js";
import { note } from "./section.js";
import { type Column, dataTable } from "./table.js";

const num = (header: string): Column => ({ header, numeric: true });

const STATE_MARKS: Readonly<Record<LiveWorkerState, string>> = {
  joined: '<span class="mark">joined</span>',
  running: '<span class="mark">running</span>',
  finished: '<span class="mark pass">finished</span>',
  lost: '<span class="mark fail">lost</span>',
};

/**
 * A distributed run's workers as they stand: each one's state and what it has reported so
 * far, with the sums; the dashboard's list, redrawn each second.
 */
export function liveWorkerTable(workers: readonly LiveWorker[]): Markup {
  if (workers.length === 0) return note("No worker has joined yet.");
  const rows = workers.map((w) => [
    w.id,
    w.host,
    markup(STATE_MARKS[w.state]),
    count(w.reports),
    count(w.delivered),
    count(w.deadLettered),
    count(w.failed),
  ]);
  const sum = (pick: (w: LiveWorker) => number): string =>
    count(workers.reduce((total, w) => total + pick(w), 0));
  rows.push([
    markup("<strong>all</strong>"),
    "",
    "",
    sum((w) => w.reports),
    sum((w) => w.delivered),
    sum((w) => w.deadLettered),
    sum((w) => w.failed),
  ]);
  return join([
    dataTable(
      [
        { header: "worker" },
        { header: "host" },
        { header: "state" },
        ...["reports", "delivered", "dead", "failed"].map(num),
      ],
      rows,
    ),
    note(
      "As each worker reported it (once a second): joined, no report yet; lost, it stopped beating (it may come back). A message settled by two workers counts in both.",
    ),
  ]);
}
