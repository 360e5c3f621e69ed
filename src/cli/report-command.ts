import type { Command } from "@commander-js/extra-typings";
import { formatThresholdTable } from "../report/console.js";
import { checkOutputPath, writeOutputFile } from "../report/output-file.js";
import { readResultFile } from "../report/read-result.js";
import type { RunResult } from "../result/result.js";
import { thresholdsFor } from "../thresholds/check-scope.js";
import { evaluateThresholds } from "../thresholds/evaluate.js";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import { checkFileRoles } from "./file-roles.js";
import { collect } from "./flag-values.js";
import type { CliIo } from "./io.js";
import { verdictCode } from "./run-command.js";
import { useColor } from "./terminal.js";

/** Flags of `swarm-stress report`. */
export interface ReportCommandOptions {
  /** Where to write the HTML report; next to the result by default. */
  readonly out?: string | undefined;
  /** Thresholds to judge the saved result by, replacing those it was run with. */
  readonly threshold?: readonly string[] | undefined;
  readonly junit?: string | undefined;
}

/** Add `swarm-stress report` to `program`; `done` receives the exit code. */
export function registerReportCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("report")
    .description(COMMANDS.report.description)
    .argument("<result>", "a result saved by `swarm-stress run` (JSON)")
    .option("-o, --out <file>", "where to write the HTML report (default: the result's name .html)")
    .option(
      "--threshold <expr>",
      "judge the result by this threshold instead of its own, repeatable; exit 1 if one fails",
      collect,
    )
    .option("--junit <file>", "also write the thresholds and the audit as JUnit XML")
    .action(async (path, options) => done(await reportCommand(path, options, io)));
}

/**
 * Render a saved result as HTML (and JUnit XML). With `--threshold`, the result is judged
 * again by those thresholds and the exit code says whether it passes, as after a run; without,
 * rendering is the whole job and the exit code is 0.
 */
export async function reportCommand(
  path: string,
  options: ReportCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const loaded = readResultFile(path);
  if (loaded.warning) io.stderr.write(`swarm-stress: warning: ${loaded.warning}\n`);
  const out = options.out ?? `${path.replace(/\.json$/i, "")}.html`;
  checkFileRoles([
    { what: "the result read", path, use: "input" },
    { what: "the HTML report", path: out, use: "output" },
    { what: "the JUnit report", path: options.junit, use: "output" },
  ]);
  checkOutputPath(out, "the HTML report", { sparesResults: true });
  if (options.junit !== undefined) {
    checkOutputPath(options.junit, "the JUnit report", { sparesResults: true });
  }
  const result = options.threshold ? rejudge(loaded.result, options.threshold) : loaded.result;
  const { renderRunReport } = await import("../report/html/run-report.js");
  await writeOutputFile(out, renderRunReport(result), "the HTML report");
  io.stderr.write(`HTML report saved to ${out}\n`);
  if (options.junit !== undefined) {
    const { formatJunit } = await import("../report/junit.js");
    await writeOutputFile(options.junit, formatJunit(result), "the JUnit report");
    io.stderr.write(`JUnit report saved to ${options.junit}\n`);
  }
  if (!options.threshold) return ExitCode.Ok;
  io.stdout.write(formatThresholdTable(result, { color: useColor(io.stdout, io.env) }));
  return verdictCode(result);
}

/** The result with its thresholds replaced by `expressions`, judged on its figures. */
function rejudge(result: RunResult, expressions: readonly string[]): RunResult {
  const thresholds = thresholdsFor({ ...result.config, thresholds: expressions });
  return { ...result, thresholds: evaluateThresholds(thresholds, result) };
}
