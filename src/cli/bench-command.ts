import { rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import { ConfigError } from "../errors.js";
import { formatBenchTable } from "../report/bench-table.js";
import { saveResult } from "../report/json.js";
import type { BenchRow, BenchSuiteResult } from "../run/bench-suite.js";
import { groupDigits } from "../util/digits.js";
import { claimDirectory } from "./bench-directory.js";
import { COMMANDS } from "./command-list.js";
import {
  type DashboardFlags,
  dashboardSettings,
  openDashboard,
  type RunDashboard,
} from "./dashboard.js";
import { ExitCode } from "./exit-codes.js";
import { collect } from "./flag-values.js";
import type { CliIo } from "./io.js";
import { startingLoad } from "./load-tuning.js";
import { guardStops } from "./stop-guard.js";

/** Flags of `swarm-stress bench`. */
export interface BenchCommandOptions extends DashboardFlags {
  /** `mock` or the path of a delivery core module, for every row. */
  readonly core?: string | undefined;
  /** Comma-separated names of the rows to run. */
  readonly only?: string | undefined;
  /** Directory for the rows' results and the summary, instead of `results/bench-<time>/`. */
  readonly out?: string | undefined;
  /** Print the suite summary as JSON on stdout instead of the table. */
  readonly json?: boolean | undefined;
  /** False after `--no-progress`. */
  readonly progress: boolean;
  /** Queues to compare side by side: one workload on each (see bench-queues-command.ts). */
  readonly queue?: string[] | undefined;
  /** Rounds of a side-by-side comparison, as written. */
  readonly repeat?: string | undefined;
  /** Where to write a side-by-side comparison's HTML page. */
  readonly html?: string | undefined;
}

/** File name of the suite summary inside the output directory. */
export const BENCH_SUMMARY_FILE = "summary.json";

/** Add `swarm-stress bench` and its flags to `program`; `done` receives the exit code. */
export function registerBenchCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("bench")
    .description(COMMANDS.bench.description)
    .option(
      "--core <core>",
      '"mock" (default), the path of a delivery core module, http:URL or a2a:URL',
    )
    .option("--only <rows>", "comma-separated rows: small,medium,large,max-throughput,...")
    .option("-o, --out <dir>", "save the results here instead of results/bench-<time>/")
    .option("--json", "print the suite summary as JSON on stdout (saved only with --out)")
    .option("--no-progress", "no line on stderr as each row finishes")
    .option(
      "--queue <queue>",
      "compare queues side by side: one row (--only, default max-throughput) on each; repeatable",
      collect,
    )
    .option("--repeat <n>", "with --queue: rounds, each running every queue once (default 3)")
    .option("--html <file>", "with --queue: write the comparison's HTML page here too")
    .option(
      "--dashboard",
      "serve a live dashboard of the suite on 127.0.0.1 (its URL on stderr; not with --queue)",
    )
    .option(
      "--dashboard-port <port>",
      "the dashboard's port (implies --dashboard; default: a free one)",
    )
    .option(
      "--dashboard-keep",
      "keep serving the dashboard after the suite until Ctrl-C (not under CI)",
    )
    .action(async (options) => done(await benchCommand(options, io)));
}

/**
 * Run the benchmark suite as the flags say: the table (or the summary as JSON) on stdout, each
 * row's RunResult and the summary saved in a directory of their own, and, with `--dashboard`,
 * a live page of the row under way and the rows so far. Ctrl-C stops the row running now and
 * skips the rest; what finished is still printed and saved.
 */
export async function benchCommand(options: BenchCommandOptions, io: CliIo): Promise<ExitCode> {
  const dashboardWanted = dashboardSettings(options);
  if (options.queue !== undefined) {
    if (dashboardWanted !== undefined) {
      throw new ConfigError(
        "--dashboard shows the suite's rows: compare queues side by side (--queue) without it",
      );
    }
    const { benchQueuesCommand } = await import("./bench-queues-command.js");
    return benchQueuesCommand(options, io);
  }
  if (options.repeat !== undefined || options.html !== undefined) {
    throw new ConfigError(
      `${options.repeat !== undefined ? "--repeat" : "--html"} goes with --queue`,
    );
  }
  // Loaded here, not at start-up: the other commands, and --help, do not need the runner.
  const { selectBenchCases } = await import("../run/bench-suite.js");
  const only = options.only === undefined ? undefined : parseRowList(options.only);
  const cases = selectBenchCases(only);
  if (options.core !== undefined && options.core.trim() === "") {
    throw new ConfigError(
      '--core: expected "mock", the path of a core module, http:URL or a2a:URL',
    );
  }
  // Before the output directory is made: a port in use leaves nothing behind.
  const title = `bench: ${cases.map((row) => row.name).join(", ")}`;
  const dashboard =
    dashboardWanted && (await openDashboard(dashboardWanted, { title, kind: "bench" }, io));
  try {
    return await runAndReport(options, only, cases.length, io, dashboard || undefined);
  } finally {
    if (dashboard) await dashboard.close();
  }
}

/** Run the suite, print and save what it measured, and tell the dashboard; the exit code. */
async function runAndReport(
  options: BenchCommandOptions,
  only: readonly string[] | undefined,
  total: number,
  io: CliIo,
  dashboard: RunDashboard | undefined,
): Promise<ExitCode> {
  const { runBenchSuite } = await import("../run/bench-suite.js");
  const save = !options.json || options.out !== undefined;
  const claimed = save ? await claimDirectory(options.out, BENCH_SUMMARY_FILE) : undefined;
  const dir = claimed?.path;
  const rows: BenchRow[] = [];
  // A stop ends the suite after what the running row measured.
  const stops = guardStops(io.stderr, "during the suite");
  let suite: BenchSuiteResult;
  try {
    startingLoad(Number.POSITIVE_INFINITY);
    suite = await runBenchSuite({
      ...(options.core === undefined ? {} : { core: options.core }),
      ...(only === undefined ? {} : { only }),
      signal: stops.signal,
      ...(dashboard
        ? {
            onRowStart: (name, index) => dashboard.stage(`Row ${index + 1} of ${total}: ${name}`),
            onTimeline: dashboard.onTimeline,
          }
        : {}),
      onRow: async (row, result) => {
        if (dir !== undefined) await saveResult(result, join(dir, `${row.name}.json`));
        rows.push(row);
        dashboard?.rows(rows);
        if (options.progress && !options.json) {
          io.stderr.write(`${progressLine(row, rows.length, total)}\n`);
        }
      },
    });
  } catch (error) {
    // A suite that never got going (a core that does not load) leaves no empty directory behind.
    if (claimed?.created) await rmdir(claimed.path).catch(() => {});
    throw error;
  } finally {
    stops.release();
  }
  dashboard?.benchEnded(suite.summary);
  const summaryText = `${JSON.stringify(suite.summary, null, 2)}\n`;
  if (dir !== undefined) await writeFile(join(dir, BENCH_SUMMARY_FILE), summaryText);
  io.stdout.write(options.json ? summaryText : formatBenchTable(suite.summary));
  if (dir !== undefined) io.stderr.write(`results saved to ${dir}\n`);
  stops.sayCoreExit();
  const stoppedWith = stops.stoppedWith();
  if (stoppedWith !== undefined) return stoppedWith;
  return suite.summary.rows.every((row) => row.auditBalanced) ? ExitCode.Ok : ExitCode.AuditFailed;
}

/** `small, large` → `["small", "large"]`; an empty list is a usage error, not "run all". */
function parseRowList(text: string): string[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) throw new ConfigError("--only: expected row names such as small,large");
  return names;
}

function progressLine(row: BenchRow, finished: number, total: number): string {
  const rate = groupDigits(row.messagesPerSec, 0);
  const time = (row.durationMs / 1000).toFixed(1);
  return `bench: ${row.name} done (${finished}/${total}): ${rate} msg/s in ${time} s`;
}
