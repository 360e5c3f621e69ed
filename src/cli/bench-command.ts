import { readdirSync } from "node:fs";
import { mkdir, rmdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import { ConfigError } from "../errors.js";
import { formatBenchTable } from "../report/bench-table.js";
import { checkResultPath, RESULTS_DIR, saveResult } from "../report/json.js";
import type { BenchRow, BenchSuiteResult } from "../run/bench-suite.js";
import { groupDigits } from "../util/digits.js";
import { makeDirectories } from "../util/make-directories.js";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import { holdProcessExit } from "./exit-guard.js";
import type { CliIo } from "./io.js";
import { STOP_SIGNALS, stopOnSignals } from "./stop-signals.js";
import { letYoungGenerationGrow } from "./young-generation.js";

/** Flags of `swarm-stress bench`. */
export interface BenchCommandOptions {
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
}

/** File name of the suite summary inside the output directory. */
export const BENCH_SUMMARY_FILE = "summary.json";

/** Numbered variants of an output directory tried before giving up. */
const MAX_SUFFIX = 1000;

/** Add `swarm-stress bench` and its flags to `program`; `done` receives the exit code. */
export function registerBenchCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("bench")
    .description(COMMANDS.bench.description)
    .option("--core <core>", '"mock" or the path of a delivery core module (default mock)')
    .option("--only <rows>", "comma-separated rows: small,medium,large,max-throughput,...")
    .option("-o, --out <dir>", "save the results here instead of results/bench-<time>/")
    .option("--json", "print the suite summary as JSON on stdout (saved only with --out)")
    .option("--no-progress", "no line on stderr as each row finishes")
    .action(async (options) => done(await benchCommand(options, io)));
}

/**
 * Run the benchmark suite as the flags say: the table (or the summary as JSON) on stdout, each
 * row's RunResult and the summary saved in a directory of their own. Ctrl-C stops the row
 * running now and skips the rest; what finished is still printed and saved.
 */
export async function benchCommand(options: BenchCommandOptions, io: CliIo): Promise<ExitCode> {
  // Loaded here, not at start-up: the other commands, and --help, do not need the runner.
  const { runBenchSuite, selectBenchCases } = await import("../run/bench-suite.js");
  const only = options.only === undefined ? undefined : parseRowList(options.only);
  const cases = selectBenchCases(only);
  if (options.core !== undefined && options.core.trim() === "") {
    throw new ConfigError('--core: expected "mock" or the path of a core module');
  }
  const save = !options.json || options.out !== undefined;
  const claimed = save ? await claimDirectory(options.out) : undefined;
  const dir = claimed?.path;
  let finished = 0;
  const controller = new AbortController();
  let stoppedWith: ExitCode | undefined;
  let coreExited: string | undefined;
  // Stops the suite after what the running row measured; a second signal quits at once.
  const releaseInterrupts = stopOnSignals((signal) => {
    stoppedWith ??= STOP_SIGNALS[signal];
    controller.abort();
  }, io.stderr);
  // A core calling process.exit stops the suite the same way, and says so last.
  const releaseExit = holdProcessExit((code) => {
    stoppedWith ??= ExitCode.Fault;
    coreExited ??= `the delivery core called process.exit(${code ?? ""}) during the suite, which stopped it`;
    controller.abort();
  });
  let suite: BenchSuiteResult;
  try {
    letYoungGenerationGrow();
    suite = await runBenchSuite({
      ...(options.core === undefined ? {} : { core: options.core }),
      ...(only === undefined ? {} : { only }),
      signal: controller.signal,
      onRow: async (row, result) => {
        if (dir !== undefined) await saveResult(result, join(dir, `${row.name}.json`));
        finished++;
        if (options.progress && !options.json) {
          io.stderr.write(`${progressLine(row, finished, cases.length)}\n`);
        }
      },
    });
  } catch (error) {
    // A suite that never got going (a core that does not load) leaves no empty directory behind.
    if (claimed?.created) await rmdir(claimed.path).catch(() => {});
    throw error;
  } finally {
    releaseInterrupts();
    releaseExit();
  }
  const summaryText = `${JSON.stringify(suite.summary, null, 2)}\n`;
  if (dir !== undefined) await writeFile(join(dir, BENCH_SUMMARY_FILE), summaryText);
  io.stdout.write(options.json ? summaryText : formatBenchTable(suite.summary));
  if (dir !== undefined) io.stderr.write(`results saved to ${dir}\n`);
  if (coreExited !== undefined) io.stderr.write(`swarm-stress: ${coreExited}\n`);
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

/**
 * Create the directory the suite's files go to and return its path. The default is
 * `results/bench-<time>`; a taken name (or an explicit `--out` that is not an empty directory)
 * gets `-2`, `-3`, … so no earlier result is ever overwritten. Claimed before the suite runs,
 * so a path that cannot be written fails in a moment rather than after minutes; `created`
 * says whether it is ours to remove again if the suite never starts.
 */
async function claimDirectory(
  out: string | undefined,
): Promise<{ path: string; created: boolean }> {
  const base = out ?? join(RESULTS_DIR, `bench-${fileTimestamp(new Date())}`);
  checkResultPath(join(base, BENCH_SUMMARY_FILE));
  try {
    await makeDirectories(dirname(base));
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      try {
        await mkdir(candidate);
        return { path: candidate, created: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (n === 1 && out !== undefined && isEmptyDirectory(candidate)) {
          return { path: candidate, created: false };
        }
      }
    }
  } catch (error) {
    throw new ConfigError(`cannot save the results to "${base}": ${(error as Error).message}`);
  }
  throw new ConfigError(`cannot save the results: ${base} and ${MAX_SUFFIX - 1} variants exist`);
}

function isEmptyDirectory(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

/** `2026-11-27T13:05:09.123Z` → `2026-11-27T13-05-09Z`: safe in file names everywhere. */
function fileTimestamp(time: Date): string {
  return time
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}
