import type { ConnectionStats } from "../result/result.js";
import { count, ms } from "./numbers.js";

/** What a core saw of its connections, as label and value rows for the summary and the page. */
export function connectionRows(c: ConnectionStats): [string, string][] {
  const errors = Object.entries(c.errors)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${count(n)} ${kind}`);
  return [
    ["opened", `${count(c.opened)}, at most ${count(c.openPeak)} at once`],
    ["connect time", `${ms(c.connectMsAvg)} ms avg, ${ms(c.connectMsMax)} ms max`],
    ["failed requests", errors.length === 0 ? "none" : errors.join(", ")],
  ];
}
