/**
 * Question 4, the seed scenarios: does each row of the benchmark suite reach what its own knobs
 * allow, and what does the harness add per message? Runs the same suite as `swarm-stress
 * bench`. Run alone with `npx tsx bench/seed-scenarios.ts`.
 */
import { performance } from "node:perf_hooks";
import { formatBenchTable } from "../src/report/bench-table.js";
import { type BenchRow, runBenchSuite } from "../src/run/bench-suite.js";
import { publish } from "./support/output.js";
import { describeMachine, type Figure, figure } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

/** The row whose knob ceiling has a target, and that target. */
const CEILING_ROW = "max-throughput";
const TARGET_OF_CEILING = 0.9;

function rowFigures(row: BenchRow): Figure[] {
  const found = [
    figure(`${row.name}: harness overhead`, row.overheadUsPerMessage, "µs/msg", {
      kind: "reported",
    }),
  ];
  if (row.ofCeiling !== null) {
    found.push(
      figure(
        `${row.name}: of knob ceiling`,
        row.ofCeiling * 100,
        "%",
        row.name === CEILING_ROW ? { kind: "atLeast", value: TARGET_OF_CEILING * 100 } : undefined,
      ),
    );
  }
  return found;
}

async function main(): Promise<void> {
  const started = performance.now();
  const { summary } = await runBenchSuite({
    onRow: (row) => {
      process.stderr.write(`bench: ${row.name} done\n`);
    },
  });
  const { title } = questionEntry("seed-scenarios");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "seed-scenarios",
    title: `${title}: the suite against its knob ceilings`,
    question: `Does ${CEILING_ROW} reach ${TARGET_OF_CEILING * 100}% of the rate its batch size, interval and delay allow, and what does the harness add per message in each row?`,
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures: summary.rows.flatMap(rowFigures),
    details: formatBenchTable(summary),
    notes: [
      "knob ceiling: messages / (batches × ceil(batch / concurrency) × mean delay + (batches - 1) × interval), which is batch / (interval + ceil(batch / concurrency) × mean delay) for a long run",
      "the ceiling counts one delivery per message: rows with broadcasts (a delivery per recipient) or failures (retries) fall short of it by design",
      "harness overhead: the run's wall time less delivering, pausing and waiting on an empty queue, per settled message (docs/metrics.md)",
    ],
  });
}

await main();
