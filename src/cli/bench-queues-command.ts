import { rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SideBySideResult } from "../compare/run-side-by-side.js";
import type { ComparedQueue, SideBySideRun } from "../compare/side-by-side.js";
import { ConfigError } from "../errors.js";
import { saveResult } from "../report/json.js";
import { checkOutputPath, writeOutputFile } from "../report/output-file.js";
import { groupDigits } from "../util/digits.js";
import { claimDirectory } from "./bench-directory.js";
import { ExitCode } from "./exit-codes.js";
import { wholeNumber } from "./flag-values.js";
import type { CliIo } from "./io.js";
import { startingLoad } from "./load-tuning.js";
import { guardStops } from "./stop-guard.js";

/** The flags of `bench` that a side-by-side comparison reads (bench-command.ts has them all). */
export interface BenchQueuesOptions {
  readonly queue?: readonly string[] | undefined;
  readonly only?: string | undefined;
  readonly repeat?: string | undefined;
  readonly core?: string | undefined;
  readonly out?: string | undefined;
  readonly html?: string | undefined;
  readonly json?: boolean | undefined;
  readonly progress: boolean;
}

/** File name of the comparison's summary inside the output directory. */
export const SIDE_BY_SIDE_SUMMARY_FILE = "summary.json";

/** File name of the comparison's HTML page inside the output directory. */
export const SIDE_BY_SIDE_HTML_FILE = "comparison.html";

/** The row every queue runs when `--only` does not name one: the suite's broker-bound row. */
export const DEFAULT_WORKLOAD = "max-throughput";

/**
 * `swarm-stress bench --queue A --queue B …`: one bench row on every queue, interleaved and
 * repeated, then one table (or the summary as JSON) on stdout. Every input is checked and every
 * queue opened before the first run, so a bad flag is exit 2 and an unreachable broker exit 3
 * in a moment. Each run's result, the summary and the HTML page are saved in a directory of
 * their own; passwords appear in none of them. Ctrl-C stops the run under way and skips the
 * rest; what finished is still printed and saved.
 */
export async function benchQueuesCommand(
  options: BenchQueuesOptions,
  io: CliIo,
): Promise<ExitCode> {
  const [{ prepareSideBySide }, { selectBenchCases }, { formatSideBySideTable }] =
    await Promise.all([
      import("../compare/run-side-by-side.js"),
      import("../run/bench-suite.js"),
      import("../report/side-by-side-table.js"),
    ]);
  const workload = oneWorkload(options.only, selectBenchCases);
  const repeat = options.repeat === undefined ? undefined : parseRepeat(options.repeat);
  if (options.core !== undefined && options.core.trim() === "") {
    throw new ConfigError(
      '--core: expected "mock", the path of a core module, http:URL or a2a:URL',
    );
  }
  if (options.html !== undefined) {
    checkOutputPath(options.html, "the HTML page", { sparesResults: true });
  }
  // Queues checked and brokers reached before the output directory is made: a failure here
  // leaves nothing behind.
  const prepared = await prepareSideBySide({
    queues: options.queue ?? [],
    workload,
    ...(repeat === undefined ? {} : { repeat }),
    ...(options.core === undefined ? {} : { core: options.core }),
  });
  const save = !options.json || options.out !== undefined;
  const claimed = save
    ? await claimDirectory(options.out, SIDE_BY_SIDE_SUMMARY_FILE, "bench-queues")
    : undefined;
  const dir = claimed?.path;
  const total = prepared.queues.length * prepared.repeat;
  let finished = 0;
  const stops = guardStops(io.stderr, "during the comparison");
  let outcome: SideBySideResult;
  try {
    startingLoad(Number.POSITIVE_INFINITY);
    outcome = await prepared.run({
      signal: stops.signal,
      onRun: async (run, queue) => {
        if (dir !== undefined) await saveResult(run.result, join(dir, runFileName(run, queue)));
        finished++;
        if (options.progress && !options.json) {
          io.stderr.write(`${progressLine(run, queue, finished, total)}\n`);
        }
      },
    });
  } catch (error) {
    // A comparison that never got going (a core that does not load) leaves no empty directory.
    if (claimed?.created && finished === 0) await rmdir(claimed.path).catch(() => {});
    throw error;
  } finally {
    stops.release();
  }
  const { summary } = outcome;
  const summaryText = `${JSON.stringify(summary, null, 2)}\n`;
  const pages = [
    ...(dir === undefined ? [] : [join(dir, SIDE_BY_SIDE_HTML_FILE)]),
    ...(options.html === undefined ? [] : [options.html]),
  ];
  if (pages.length > 0) {
    const { renderSideBySideReport } = await import("../report/html/side-by-side-report.js");
    const page = renderSideBySideReport(summary, outcome.runs);
    for (const path of pages) await writeOutputFile(path, page, "the HTML page");
  }
  if (dir !== undefined) await writeFile(join(dir, SIDE_BY_SIDE_SUMMARY_FILE), summaryText);
  io.stdout.write(options.json ? summaryText : formatSideBySideTable(summary));
  if (dir !== undefined) io.stderr.write(`results saved to ${dir}\n`);
  if (options.html !== undefined) io.stderr.write(`HTML page saved to ${options.html}\n`);
  stops.sayCoreExit();
  const stoppedWith = stops.stoppedWith();
  if (stoppedWith !== undefined) return stoppedWith;
  if (summary.fault !== undefined) return ExitCode.Fault;
  return summary.queues.every((queue) => queue.auditBalanced) ? ExitCode.Ok : ExitCode.AuditFailed;
}

/** The one bench row to compare on: `--only` naming exactly one, or {@link DEFAULT_WORKLOAD}. */
function oneWorkload<Case>(
  only: string | undefined,
  select: (names: readonly string[]) => Case[],
): Case {
  const names =
    only === undefined
      ? [DEFAULT_WORKLOAD]
      : only
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name !== "");
  if (names.length !== 1) {
    throw new ConfigError(
      `--only: with --queue, name one row, the workload every queue runs (got ${names.length})`,
    );
  }
  return select(names)[0] as Case;
}

function parseRepeat(text: string): number {
  let value: number;
  try {
    value = wholeNumber(text);
  } catch (error) {
    throw new ConfigError(`--repeat: ${(error as Error).message}`);
  }
  if (value < 1) throw new ConfigError("--repeat: expected at least 1 round");
  return value;
}

/** `q2-redis-round1.json`: the queue's place and kind, never its URL (it may hold a password). */
function runFileName(run: SideBySideRun, queue: ComparedQueue): string {
  return `q${run.queue + 1}-${queue.kind}-round${run.round + 1}.json`;
}

function progressLine(
  run: SideBySideRun,
  queue: ComparedQueue,
  finished: number,
  total: number,
): string {
  const rate = groupDigits(run.result.throughput.messagesPerSec, 0);
  const time = (run.result.durationMs / 1000).toFixed(1);
  return `bench: ${queue.label} round ${run.round + 1} done (${finished}/${total}): ${rate} msg/s in ${time} s`;
}
