/**
 * Write the side-by-side comparison of this machine's brokers into docs/brokers.md, from the
 * `summary.json` a `bench --queue …` run saved, so the table there is always what the tool
 * measured, never figures typed by hand. Replaces what lies between the two markers.
 *
 *   node dist/cli/main.js bench --queue memory --queue sqlite:/tmp/q.db … --out /tmp/brokers
 *   npx tsx scripts/brokers-docs.ts /tmp/brokers/summary.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  SIDE_BY_SIDE_SCHEMA,
  type SideBySideQueue,
  type SideBySideSummary,
} from "../src/compare/side-by-side.js";
import { markdownTable } from "./support/markdown-table.js";

const DOC = join(import.meta.dirname, "..", "docs", "brokers.md");
const BEGIN = "<!-- brokers-table:begin (scripts/brokers-docs.ts writes this) -->";
const END = "<!-- brokers-table:end -->";

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: npx tsx scripts/brokers-docs.ts SUMMARY.json");
  process.exit(2);
}
const summary = JSON.parse(readFileSync(file, "utf8")) as SideBySideSummary;
if (summary.schema !== SIDE_BY_SIDE_SCHEMA) {
  console.error(`${file}: expected schema ${SIDE_BY_SIDE_SCHEMA}, found ${String(summary.schema)}`);
  process.exit(2);
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const row = (q: SideBySideQueue): string[] => [
  `\`${q.label}\``,
  String(q.runs),
  fixed(q.messagesPerSec, 0),
  `${fixed(q.messagesPerSecMin, 0)}-${fixed(q.messagesPerSecMax, 0)}`,
  fixed(q.endToEndP50Ms, 1),
  fixed(q.endToEndP99Ms, 1),
  fixed(q.deliveryP99Ms, 3),
  fixed(q.rssPeakMB, 0),
  fixed(q.cpuAvgPct, 0),
  q.auditBalanced ? "balanced" : "FAILED",
];
const env = summary.environment;
const table = [
  BEGIN,
  "",
  `The \`${summary.workload}\` row on each broker of this machine, ${summary.repeat} interleaved rounds, ${summary.finishedAt} (${env.cpuModel}, ${env.cpus} cores, Node.js ${env.node}, swarm-stress ${env.swarmStress}; every broker on 127.0.0.1 beside the harness):`,
  "",
  ...markdownTable([
    [
      "queue",
      "runs",
      "msg/s",
      "msg/s min-max",
      "e2e p50 ms",
      "e2e p99 ms",
      "delivery p99 ms",
      "RSS peak MB",
      "CPU avg %",
      "audit",
    ],
    ...summary.queues.map(row),
  ]),
  "",
  END,
].join("\n");

const doc = readFileSync(DOC, "utf8");
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start) {
  console.error(`${DOC}: the markers ${BEGIN} … ${END} are missing`);
  process.exit(2);
}
writeFileSync(DOC, doc.slice(0, start) + table + doc.slice(end + END.length));
console.log(`wrote the comparison of ${summary.queues.length} queue(s) into ${DOC}`);
