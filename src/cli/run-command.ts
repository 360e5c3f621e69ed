import type { Command } from "@commander-js/extra-typings";
import { isOtlpUrl } from "../config/otlp-url.js";
import type { RunSettings } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";
import { saveResult } from "../report/json.js";
import { writeOutputFile } from "../report/output-file.js";
import { runVerdict } from "../report/run-verdict.js";
import type { RunResult } from "../result/result.js";
import type { StressTestRunner } from "../run/runner.js";
import { COMMANDS } from "./command-list.js";
import { loadConfigFile } from "./config-file.js";
import {
  type DashboardFlags,
  dashboardSettings,
  openDashboard,
  type RunDashboard,
} from "./dashboard.js";
import { ExitCode } from "./exit-codes.js";
import { holdProcessExit } from "./exit-guard.js";
import { type SettingFlags, settingsFromFlags } from "./flags.js";
import type { CliIo } from "./io.js";
import { startingLoad } from "./load-tuning.js";
import { createProgressBar, type ProgressDisplay, wantsProgress } from "./progress-bar.js";
import { checkRunFiles } from "./run-files.js";
import { highestPace } from "./run-pace.js";
import { settingOptions } from "./setting-options.js";
import { STOP_SIGNALS, stopOnSignals } from "./stop-signals.js";
import { useColor } from "./terminal.js";

/** Flags of `swarm-stress run`: the settings plus what only the CLI does with a result. */
export interface RunCommandOptions extends SettingFlags, DashboardFlags {
  /** YAML or JSON file of settings, under the flags. */
  readonly config?: string | undefined;
  /** Where to save the result instead of `results/<scenario>-<timestamp>.json`. */
  readonly out?: string | undefined;
  /** Print the result as JSON on stdout instead of the summary table. */
  readonly json?: boolean | undefined;
  /** Continue the run kept in the `--queue sqlite:PATH` file or beside a broker's queue. */
  readonly resume?: boolean | undefined;
  /** False after `--no-progress`. */
  readonly progress: boolean;
  /** Every `--threshold`, in order (commander names the key after the flag). */
  readonly threshold?: readonly string[] | undefined;
  /** Where to write the self-contained HTML report. */
  readonly html?: string | undefined;
  /** Where to write the thresholds and the audit as JUnit XML. */
  readonly junit?: string | undefined;
}

/** Add `swarm-stress run` and its flags to `program`; `done` receives the exit code. */
export function registerRunCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  const run = program
    .command("run")
    .description(COMMANDS.run.description)
    .option("-c, --config <file>", "YAML or JSON file of settings (flags override it)");
  // Added apart from the chain, the setting flags are missing from the type commander infers
  // for the action's options; RunCommandOptions declares them from the same table.
  for (const option of settingOptions()) run.addOption(option);
  run
    .option("--html <file>", "also write a self-contained HTML report to this file")
    .option("--junit <file>", "also write the thresholds and the audit as JUnit XML")
    .option(
      "--resume",
      "continue the interrupted run kept in the --queue sqlite:PATH file, or beside a broker's queue (nats, amqp, bullmq+redis, postgres, redis URL)",
    )
    .option("-o, --out <file>", "save the result here instead of results/<scenario>-<time>.json")
    .option("--json", "print the result as JSON on stdout (saved to a file only with --out)")
    .option("--no-progress", "no progress bar (it only shows when stderr is a terminal)")
    .option("--dashboard", "serve a live dashboard of the run on 127.0.0.1 (its URL on stderr)")
    .option(
      "--dashboard-port <port>",
      "the dashboard's port (implies --dashboard; default: a free one)",
    )
    .option(
      "--dashboard-keep",
      "keep serving the dashboard after the run until Ctrl-C (not under CI)",
    )
    .action(async (options) => done(await runCommand(options, io)));
}

/**
 * Run a stress test as the flags say: settings from the config file under the flags, progress
 * on stderr, the summary (or the JSON result) on stdout, the result saved to a file. Ctrl-C,
 * SIGTERM or SIGHUP stops the run early and still reports and saves what it measured; a second
 * one quits. A run stopped by a fault of its environment, or by a core calling `process.exit`,
 * is reported and saved the same way, then one line says why, and the exit code is 3.
 */
export async function runCommand(options: RunCommandOptions, io: CliIo): Promise<ExitCode> {
  const settings: RunSettings = withOtlpFromEnv(
    {
      ...(options.config === undefined ? {} : loadConfigFile(options.config)),
      ...settingsFromFlags({ ...options, thresholds: options.threshold }),
    },
    io.env,
  );
  // Files that cannot be written, or would replace an input, fail the command now.
  await checkRunFiles(options, settings);
  const showProgress = wantsProgress({
    json: options.json === true,
    progress: options.progress,
    isTTY: io.stderr.isTTY === true,
  });
  const dashboardWanted = dashboardSettings(options);
  const progress = showProgress ? createProgressBar(io.stderr) : undefined;
  const controller = new AbortController();
  // Loaded here, not at start-up: the other commands, and --help, do not need the runner.
  const { StressTestRunner } = await import("../run/runner.js");
  let dashboard: RunDashboard | undefined;
  const runner = new StressTestRunner({
    ...settings,
    ...(options.resume ? { resume: true } : {}),
    signal: controller.signal,
    onNotice: (line) => {
      io.stderr.write(`${line}\n`);
      dashboard?.notice(line);
    },
    ...(progress ? { onProgress: (snapshot) => progress.update(snapshot) } : {}),
    ...(dashboardWanted ? { onTimeline: (view) => dashboard?.onTimeline(view) } : {}),
  });
  if (dashboardWanted) {
    const page = {
      title: runner.config.scenario,
      kind: "run",
      workers: runner.config.workers !== undefined,
    } as const;
    dashboard = await openDashboard(dashboardWanted, page, io);
  }
  try {
    return await runAndReport(runner, controller, progress, options, io, dashboard);
  } finally {
    await dashboard?.close();
  }
}

/** Run, print and save the result, and tell the dashboard; the run's exit code. */
async function runAndReport(
  runner: StressTestRunner,
  controller: AbortController,
  progress: ProgressDisplay | undefined,
  options: RunCommandOptions,
  io: CliIo,
  dashboard: RunDashboard | undefined,
): Promise<ExitCode> {
  // What stopped the run before its end, if anything did: its exit code and why.
  let stoppedBy: { readonly code: ExitCode; readonly why: string | undefined } | undefined;
  const stop = (code: ExitCode, why: string | undefined): void => {
    stoppedBy ??= { code, why };
    progress?.stop();
    controller.abort();
  };
  const releaseSignals = stopOnSignals((signal) => {
    stop(STOP_SIGNALS[signal], undefined);
  }, io.stderr);
  const releaseExit = holdProcessExit((code) =>
    stop(
      ExitCode.Fault,
      `the delivery core called process.exit(${code ?? ""}) during the run, which stopped it`,
    ),
  );
  let result: RunResult;
  try {
    startingLoad(highestPace(runner.config));
    result = await runner.run();
  } finally {
    progress?.stop();
    releaseSignals();
    releaseExit();
  }
  // The one line that says why a run stopped on a fault comes last; a verdict's FAIL lines
  // would only repeat it.
  const why = stoppedBy?.why ?? result.fault?.reason;
  dashboard?.runEnded(result);
  await report(result, options, why === undefined, io);
  await writeReportFiles(result, options, io);
  if (why !== undefined) io.stderr.write(`swarm-stress: ${why}\n`);
  if (stoppedBy) return stoppedBy.code;
  if (result.fault) return ExitCode.Fault;
  return verdictCode(result);
}

/** The environment variable OpenTelemetry SDKs read for the collector's base URL. */
const OTLP_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";

/**
 * `settings` with the OTLP export turned on by OTEL_EXPORTER_OTLP_ENDPOINT when it is set and
 * neither a flag nor the config file names a collector. A malformed value is a one-line
 * {@link ConfigError}.
 */
export function withOtlpFromEnv(
  settings: RunSettings,
  env: Readonly<Record<string, string | undefined>>,
): RunSettings {
  const url = env[OTLP_ENDPOINT_VARIABLE];
  if (settings.otlp !== undefined || url === undefined || url === "") return settings;
  if (!isOtlpUrl(url)) {
    throw new ConfigError(
      `${OTLP_ENDPOINT_VARIABLE}: expected an http:// or https:// URL, got ${JSON.stringify(url)}`,
    );
  }
  return { ...settings, otlp: url };
}

/**
 * Exit code of a finished run: 1 when its verdict is fail (the audit, a threshold, or a stop
 * before the end), else 0.
 */
export function verdictCode(result: RunResult): ExitCode {
  if (!result.audit.balanced) return ExitCode.AuditFailed;
  return runVerdict(result).passed ? ExitCode.Ok : ExitCode.ThresholdFailed;
}

async function writeReportFiles(
  result: RunResult,
  options: RunCommandOptions,
  io: CliIo,
): Promise<void> {
  if (options.html !== undefined) {
    const { renderRunReport } = await import("../report/html/run-report.js");
    await writeOutputFile(options.html, renderRunReport(result), "the HTML report");
    io.stderr.write(`HTML report saved to ${options.html}\n`);
  }
  if (options.junit !== undefined) {
    const { formatJunit } = await import("../report/junit.js");
    await writeOutputFile(options.junit, formatJunit(result), "the JUnit report");
    io.stderr.write(`JUnit report saved to ${options.junit}\n`);
  }
}

async function report(
  result: RunResult,
  options: RunCommandOptions,
  withFailures: boolean,
  io: CliIo,
): Promise<void> {
  if (options.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    // No table says it here: a CI log should still show why the job failed.
    for (const failure of withFailures ? runVerdict(result).failures : []) {
      io.stderr.write(`swarm-stress: FAIL: ${failure}\n`);
    }
    if (options.out !== undefined) {
      io.stderr.write(`result saved to ${await saveResult(result, options.out)}\n`);
    }
    return;
  }
  // The summary's tables load only for a run that prints them.
  const { formatSummary } = await import("../report/console.js");
  io.stdout.write(formatSummary(result, { color: useColor(io.stdout, io.env) }));
  io.stderr.write(`result saved to ${await saveResult(result, options.out)}\n`);
}
