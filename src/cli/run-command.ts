import type { Command } from "@commander-js/extra-typings";
import type { RunSettings } from "../model/config.js";
import { formatSummary } from "../report/console.js";
import { renderRunReport } from "../report/html/run-report.js";
import { saveResult } from "../report/json.js";
import { formatJunit } from "../report/junit.js";
import { writeOutputFile } from "../report/output-file.js";
import { runVerdict } from "../report/run-verdict.js";
import type { RunResult } from "../result/result.js";
import { StressTestRunner } from "../run/runner.js";
import { DEFAULT_SETTINGS } from "../run/scenarios.js";
import { loadConfigFile } from "./config-file.js";
import { ExitCode } from "./exit-codes.js";
import { holdProcessExit } from "./exit-guard.js";
import { type SettingFlags, settingsFromFlags } from "./flags.js";
import type { CliIo } from "./io.js";
import { createProgressBar, wantsProgress } from "./progress-bar.js";
import { checkRunFiles } from "./run-files.js";
import { STOP_SIGNALS, stopOnSignals } from "./stop-signals.js";
import { useColor } from "./terminal.js";

/** Flags of `swarm-stress run`: the settings plus what only the CLI does with a result. */
export interface RunCommandOptions extends SettingFlags {
  /** YAML or JSON file of settings, under the flags. */
  readonly config?: string | undefined;
  /** Where to save the result instead of `results/<scenario>-<timestamp>.json`. */
  readonly out?: string | undefined;
  /** Print the result as JSON on stdout instead of the summary table. */
  readonly json?: boolean | undefined;
  /** Continue the run kept in the `--queue sqlite:PATH` file. */
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

const D = DEFAULT_SETTINGS;

/** Add `swarm-stress run` and its flags to `program`; `done` receives the exit code. */
export function registerRunCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  program
    .command("run")
    .description("run a stress test, print a summary and save the result as JSON")
    .option(
      "-s, --scenario <name>",
      "built-in scenario to start from (see `swarm-stress scenarios`)",
    )
    .option("-c, --config <file>", "YAML or JSON file of settings (flags override it)")
    .option("--agents <n>", `number of agents, at least 2 (default ${D.agents})`)
    .option("--messages-per-agent <n>", `messages each agent sends (default ${D.messagesPerAgent})`)
    .option(
      "--types <list>",
      "message types, e.g. direct,broadcast or weights direct=3,broadcast=1",
    )
    .option("--payload-size <spec>", `payload bytes or a distribution (default ${D.payloadSize})`)
    .option("--generation <mode>", `stream or upfront (default ${D.generation})`)
    .option("--seed <n>", "seed of the message stream and fault decisions (default: random)")
    .option("--batch-size <n>", `messages leased per batch (default ${D.batchSize})`)
    .option("--interval <duration>", `pause after each batch, e.g. 100ms (default ${D.interval})`)
    .option("--concurrency <n>", "deliveries in flight at once (default: the batch size)")
    .option(
      "--max-attempts <n>",
      `delivery rounds before dead-lettering (default ${D.maxAttempts})`,
    )
    .option("--retry-base-delay <duration>", `first retry backoff (default ${D.retryBaseDelay})`)
    .option("--retry-max-delay <duration>", `longest retry backoff (default ${D.retryMaxDelay})`)
    .option("--timeout <duration>", "a delivery pending this long times out (default: none)")
    .option(
      "--init-timeout <duration>",
      `a core's init pending this long fails the run (default ${D.initTimeout})`,
    )
    .option(
      "--close-timeout <duration>",
      `a core's close pending this long is given up on (default ${D.closeTimeout})`,
    )
    .option(
      "--queue <driver>",
      `queue driver: memory, sqlite:PATH or redis://HOST:PORT/DB?stream=NAME (default ${D.queue})`,
    )
    .option(
      "--workers <n>",
      "deliver in N worker processes (Redis queue only; 0: workers join from other machines)",
    )
    .option("--queue-capacity <n>", `messages the queue holds (default ${D.queueCapacity})`)
    .option("--visibility-timeout <duration>", `lease expiry (default ${D.visibilityTimeout})`)
    .option("--core <core>", `"mock" or the path of a delivery core module (default ${D.core})`)
    .option(
      "--delay <spec>",
      `mock core: delay per delivery or a distribution (default ${D.delay})`,
    )
    .option(
      "--success-rate <x>",
      `mock core: attempt success probability (default ${D.successRate})`,
    )
    .option("--chaos", "mock core: inject failure bursts, latency spikes, saturation, pressure")
    .option("--no-chaos", "turn chaos off even if the scenario or config file turns it on")
    .option("--record <file>", "write one NDJSON line per message outcome to this file")
    .option(
      "--threshold <expr>",
      "pass/fail criterion, repeatable, e.g. 'latency.endToEnd.p99<5ms' or 'successRate>=95%'",
      collect,
    )
    .option("--abort-on-fail", "stop the run as soon as a threshold can no longer pass")
    .option("--html <file>", "also write a self-contained HTML report to this file")
    .option("--junit <file>", "also write the thresholds and the audit as JUnit XML")
    .option("--resume", "continue the interrupted run kept in the --queue sqlite:PATH file")
    .option("-o, --out <file>", "save the result here instead of results/<scenario>-<time>.json")
    .option("--json", "print the result as JSON on stdout (saved to a file only with --out)")
    .option("--no-progress", "no progress bar (it only shows when stderr is a terminal)")
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
  const settings: RunSettings = {
    ...(options.config === undefined ? {} : loadConfigFile(options.config)),
    ...settingsFromFlags({ ...options, thresholds: options.threshold }),
  };
  // Files that cannot be written, or would replace an input, fail the command now.
  await checkRunFiles(options, settings);
  const showProgress = wantsProgress({
    json: options.json === true,
    progress: options.progress,
    isTTY: io.stderr.isTTY === true,
  });
  const progress = showProgress ? createProgressBar(io.stderr) : undefined;
  const controller = new AbortController();
  const runner = new StressTestRunner({
    ...settings,
    ...(options.resume ? { resume: true } : {}),
    signal: controller.signal,
    onNotice: (line) => io.stderr.write(`${line}\n`),
    ...(progress ? { onProgress: (snapshot) => progress.update(snapshot) } : {}),
  });
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
    result = await runner.run();
  } finally {
    progress?.stop();
    releaseSignals();
    releaseExit();
  }
  // The one line that says why a run stopped on a fault comes last; a verdict's FAIL lines
  // would only repeat it.
  const why = stoppedBy?.why ?? result.fault?.reason;
  await report(result, options, why === undefined, io);
  await writeReportFiles(result, options, io);
  if (why !== undefined) io.stderr.write(`swarm-stress: ${why}\n`);
  if (stoppedBy) return stoppedBy.code;
  if (result.fault) return ExitCode.Fault;
  return verdictCode(result);
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
    await writeOutputFile(options.html, renderRunReport(result), "the HTML report");
    io.stderr.write(`HTML report saved to ${options.html}\n`);
  }
  if (options.junit !== undefined) {
    await writeOutputFile(options.junit, formatJunit(result), "the JUnit report");
    io.stderr.write(`JUnit report saved to ${options.junit}\n`);
  }
}

/** Commander's accumulator for a repeatable flag. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
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
  io.stdout.write(formatSummary(result, { color: useColor(io.stdout, io.env) }));
  io.stderr.write(`result saved to ${await saveResult(result, options.out)}\n`);
}
