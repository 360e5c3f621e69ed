import type { Command } from "@commander-js/extra-typings";
import type { CapacityDocument } from "../capacity/capacity-document.js";
import { compareResults } from "../compare/compare.js";
import { compareCapacities } from "../compare/compare-capacity.js";
import type { Comparison } from "../compare/comparison.js";
import { DEFAULT_TOLERANCE, parseTolerance } from "../compare/tolerance.js";
import { ConfigError } from "../errors.js";
import { formatComparison } from "../report/compare-table.js";
import { plainPercent } from "../report/numbers.js";
import { checkOutputPath, writeOutputFile } from "../report/output-file.js";
import { readCapacityFile } from "../report/read-capacity.js";
import { readResultFile } from "../report/read-result.js";
import type { RunResult } from "../result/result.js";
import { fileIdentity, sameFile } from "../util/file-identity.js";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import { checkFileRoles } from "./file-roles.js";
import type { CliIo } from "./io.js";
import { useColor } from "./terminal.js";

/** Flags of `swarm-stress compare`. */
export interface CompareCommandOptions {
  /** Change that still counts as the same, e.g. `5%` or `0.05`. */
  readonly tolerance?: string | undefined;
  /** Print the comparison as JSON on stdout instead of the table. */
  readonly json?: boolean | undefined;
  /** Also write the comparison as an HTML report to this file. */
  readonly html?: string | undefined;
  /** Exit 1 when any figure got worse. */
  readonly failOnWorse?: boolean | undefined;
}

/** Add `swarm-stress compare` and its flags to `program`; `done` receives the exit code. */
export function registerCompareCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("compare")
    .description(COMMANDS.compare.description)
    .argument("<base>", "the result to compare against (a JSON file saved by `run` or `capacity`)")
    .argument("<candidate>", "the result to judge against the base")
    .option(
      "--tolerance <change>",
      `change that still counts as the same, e.g. 5% or 0.05; success rates by their share of failures (default ${plainPercent(DEFAULT_TOLERANCE)})`,
    )
    .option("--json", "print the comparison as JSON on stdout instead of the table")
    .option("--html <file>", "also write the comparison as an HTML report to this file")
    .option("--fail-on-worse", "exit 1 when any figure is worse beyond the tolerance (for CI)")
    .action(async (base, candidate, options) =>
      done(await compareCommand(base, candidate, options, io)),
    );
}

/**
 * Compare two saved results as the flags say: the table (or the comparison as JSON) on stdout,
 * notes about the files and the HTML report on stderr. Exits 0, or 1 with `--fail-on-worse`
 * when a figure got worse.
 */
export async function compareCommand(
  basePath: string,
  candidatePath: string,
  options: CompareCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const tolerance =
    options.tolerance === undefined ? DEFAULT_TOLERANCE : parseTolerance(options.tolerance);
  checkFileRoles([
    { what: "the base", path: basePath, use: "input" },
    { what: "the candidate", path: candidatePath, use: "input" },
    { what: "the compare report", path: options.html, use: "output" },
  ]);
  if (options.html !== undefined) {
    checkOutputPath(options.html, "the compare report", { sparesResults: true });
  }
  if (sameFile(fileIdentity(basePath), fileIdentity(candidatePath))) {
    io.stderr.write("swarm-stress: warning: the base and the candidate are the same file\n");
  }
  const searches = [readCapacityFile(basePath), readCapacityFile(candidatePath)] as const;
  if (searches[0] !== undefined || searches[1] !== undefined) {
    return compareSearches(searches, [basePath, candidatePath], options, tolerance, io);
  }
  const base = readResult(basePath, io);
  const candidate = readResult(candidatePath, io);
  const comparison = compareResults(base, candidate, {
    tolerance,
    baseLabel: basePath,
    candidateLabel: candidatePath,
  });
  if (options.html !== undefined) {
    const { renderCompareReport } = await import("../report/html/compare-report.js");
    const html = renderCompareReport(comparison, base, candidate);
    await writeOutputFile(options.html, html, "the compare report");
    io.stderr.write(`compare report saved to ${options.html}\n`);
  }
  io.stdout.write(
    options.json
      ? `${JSON.stringify(comparison, null, 2)}\n`
      : formatComparison(comparison, { color: useColor(io.stdout, io.env) }),
  );
  return options.failOnWorse && hasWorse(comparison) ? ExitCode.Worse : ExitCode.Ok;
}

/**
 * Two capacity searches side by side: the rate each sustained, the rate each saw fail, the
 * latency at the rate found. A capacity document beside a run result is refused.
 */
function compareSearches(
  [base, candidate]: readonly [CapacityDocument | undefined, CapacityDocument | undefined],
  [basePath, candidatePath]: readonly [string, string],
  options: CompareCommandOptions,
  tolerance: number,
  io: CliIo,
): ExitCode {
  if (base === undefined || candidate === undefined) {
    throw new ConfigError(
      `${base === undefined ? basePath : candidatePath} is not a capacity document: compare two capacity searches, or two run results`,
    );
  }
  if (options.html !== undefined) {
    throw new ConfigError(
      "--html compares run results; for two capacity searches, open each one's own report",
    );
  }
  const comparison = compareCapacities(base, candidate, {
    tolerance,
    baseLabel: basePath,
    candidateLabel: candidatePath,
  });
  io.stdout.write(
    options.json
      ? `${JSON.stringify(comparison, null, 2)}\n`
      : formatComparison(comparison, { color: useColor(io.stdout, io.env) }),
  );
  return options.failOnWorse && hasWorse(comparison) ? ExitCode.Worse : ExitCode.Ok;
}

function readResult(path: string, io: CliIo): RunResult {
  const loaded = readResultFile(path);
  if (loaded.warning !== undefined) io.stderr.write(`swarm-stress: ${loaded.warning}\n`);
  return loaded.result;
}

function hasWorse(comparison: Comparison): boolean {
  return comparison.summary.worse > 0;
}
