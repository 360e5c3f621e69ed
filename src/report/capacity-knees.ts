import type { CapacityDocument } from "../capacity/capacity-document.js";
import { formatRate } from "../config/rate.js";
import { ms } from "./numbers.js";
import { safeForTerminal } from "./terminal-text.js";
import { table } from "./text-table.js";

/** One queue's search, as `capacity --queue A --queue B` ran it. */
export interface SearchedQueue {
  /** The queue as given, password hidden. */
  readonly label: string;
  readonly doc: CapacityDocument;
}

/**
 * The knees of several queues' searches side by side: each queue's verdict, the rate it held
 * (confirmed or not), the lowest rate it failed, and the end-to-end p99 of its confirmation. A
 * pure function of the documents.
 */
export function formatCapacityKnees(searched: readonly SearchedQueue[]): string {
  const rows = searched.map(({ label, doc }) => {
    const { verdict, sustainedRate, range, firstFailingRate } = doc.outcome;
    const held = sustainedRate ?? range?.[1] ?? null;
    const confirmed = doc.steps.filter((step) => step.phase === "confirm").at(-1);
    return [
      label,
      verdict,
      held === null ? "-" : formatRate(held),
      firstFailingRate === null ? "-" : formatRate(firstFailingRate),
      confirmed === undefined ? "-" : ms(confirmed.endToEnd.p99),
    ];
  });
  const lines = [
    "Capacity by queue (the same pipeline and search on each, one after the other):",
    table(["queue", "verdict", "held", "first failing", "confirm e2e p99 ms"], rows, [
      "l",
      "l",
      "r",
      "r",
      "r",
    ]),
  ];
  return safeForTerminal(`${lines.join("\n")}\n`);
}
