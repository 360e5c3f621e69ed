import type { Command } from "@commander-js/extra-typings";
import type {
  CapacityDocument,
  CapacitySearchSettings,
  CapacityStep,
} from "../capacity/capacity-document.js";
import { SET_PER_STEP } from "../capacity/find-capacity.js";
import { formatDuration, parseDuration } from "../config/duration.js";
import { formatRate, parseRate } from "../config/rate.js";
import type { RunSettings } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";
import { formatCapacity, stepLine } from "../report/capacity-table.js";
import { resultsPath, saveDocument } from "../report/json.js";
import { writeOutputFile } from "../report/output-file.js";
import { COMMANDS } from "./command-list.js";
import { loadConfigFile } from "./config-file.js";
import {
  type DashboardFlags,
  dashboardSettings,
  openDashboard,
  type RunDashboard,
} from "./dashboard.js";
import { ExitCode } from "./exit-codes.js";
import { collect, fraction } from "./flag-values.js";
import { type SettingFlags, settingsFromFlags } from "./flags.js";
import type { CliIo } from "./io.js";
import { startingLoad } from "./load-tuning.js";
import { settingOptions } from "./setting-options.js";
import { STOP_SIGNALS, stopOnSignals } from "./stop-signals.js";
import { useColor } from "./terminal.js";

/** The search's defaults, as the help shows them. */
const DEFAULTS = {
  startRate: "100/s",
  maxRate: "1000000/s",
  step: "10s",
  warmup: "5s",
  resolution: "2%",
  backlogTolerance: "1%",
} as const;

/** Flags of `swarm-stress capacity`: the run's settings but the load, and the search's. */
export interface CapacityCommandOptions extends Omit<SettingFlags, "queue">, DashboardFlags {
  /** `--queue`, repeatable: one queue is searched alone; several in turn, then compared. */
  readonly queue?: readonly string[] | undefined;
  readonly config?: string | undefined;
  readonly slo?: readonly string[] | undefined;
  readonly startRate?: string | undefined;
  readonly maxRate?: string | undefined;
  readonly minRate?: string | undefined;
  readonly step?: string | undefined;
  readonly warmup?: string | undefined;
  readonly confirm?: string | undefined;
  readonly resolution?: string | undefined;
  readonly backlogTolerance?: string | undefined;
  readonly out?: string | undefined;
  readonly json?: boolean | undefined;
  readonly html?: string | undefined;
  readonly progress: boolean;
}

/** Add `swarm-stress capacity` to `program`; `done` receives the exit code. */
export function registerCapacityCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  const command = program
    .command("capacity")
    .description(COMMANDS.capacity.description)
    .option("-c, --config <file>", "YAML or JSON file of settings (flags override it)")
    .option(
      "--slo <expr>",
      "a threshold every step must pass, repeatable, e.g. 'latency.endToEnd.p99<50ms'",
      collect,
    )
    .option("--start-rate <rate>", `first rate of the ramp (default ${DEFAULTS.startRate})`)
    .option("--max-rate <rate>", `highest rate tried (default ${DEFAULTS.maxRate})`)
    .option("--min-rate <rate>", "exit 1 unless at least this rate is found and confirmed")
    .option("--step <duration>", `how long each step's arrivals last (default ${DEFAULTS.step})`)
    .option("--warmup <duration>", `a first step, not judged (default ${DEFAULTS.warmup})`)
    .option("--confirm <duration>", "how long the found rate is held again (default: 2 steps)")
    .option(
      "--resolution <pct>",
      `stop narrowing when held and failed rates are this close (default ${DEFAULTS.resolution})`,
    )
    .option(
      "--backlog-tolerance <pct>",
      `backlog growth a step may show, of its rate per second (default ${DEFAULTS.backlogTolerance})`,
    );
  for (const option of settingOptions([...SET_PER_STEP, "queue"])) command.addOption(option);
  command
    .option(
      "--queue <driver>",
      "the queue (as run's --queue); repeat it to search each queue in turn and compare their capacities",
      collect,
    )
    .option(
      "-o, --out <file>",
      "save the document here instead of results/capacity-<…>.json (a directory with several --queue)",
    )
    .option("--json", "print the document as JSON on stdout")
    .option("--html <file>", "also write a self-contained HTML report to this file")
    .option("--no-progress", "no line per step on stderr")
    .option("--dashboard", "serve a live dashboard of the search on 127.0.0.1 (its URL on stderr)")
    .option(
      "--dashboard-port <port>",
      "the dashboard's port (implies --dashboard; default: a free one)",
    )
    .option(
      "--dashboard-keep",
      "keep serving the dashboard after the search until Ctrl-C (not under CI)",
    )
    .action(async (options) => done(await capacityCommand(options, io)));
}

/**
 * Search as the flags say: one line per step on stderr, the table (or the JSON document) on
 * stdout, the document saved. Ctrl-C stops the step under way and keeps what was found.
 */
export async function capacityCommand(
  options: CapacityCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const queues = options.queue ?? [];
  const settings: RunSettings = {
    ...(options.config === undefined ? {} : loadConfigFile(options.config)),
    ...settingsFromFlags({ ...options, queue: queues[0] }),
  };
  const search = searchSettings(options);
  const dashboardWanted = dashboardSettings(options);
  if (queues.length > 1) {
    if (options.html !== undefined) {
      throw new ConfigError("--html takes one queue: the comparison of several is the table");
    }
    if (dashboardWanted !== undefined) {
      throw new ConfigError("--dashboard takes one queue: search several in turn without it");
    }
    const { searchQueues } = await import("./capacity-queues.js");
    return searchQueues(
      {
        queues,
        settings,
        search,
        out: options.out,
        json: options.json === true,
        progress: options.progress,
      },
      io,
    );
  }
  // The title only: the search resolves the settings itself, "default" when none is named.
  const title = `capacity: ${settings.scenario ?? "default"}`;
  const dashboard =
    dashboardWanted && (await openDashboard(dashboardWanted, { title, kind: "capacity" }, io));
  try {
    return await searchAndReport(settings, search, options, io, dashboard || undefined);
  } finally {
    if (dashboard) await dashboard.close();
  }
}

/** Search, print and save the document, and tell the dashboard; the command's exit code. */
async function searchAndReport(
  settings: RunSettings,
  search: CapacitySearchSettings,
  options: CapacityCommandOptions,
  io: CliIo,
  dashboard: RunDashboard | undefined,
): Promise<ExitCode> {
  const controller = new AbortController();
  let stoppedBy: ExitCode | undefined;
  const releaseSignals = stopOnSignals((signal) => {
    stoppedBy ??= STOP_SIGNALS[signal];
    controller.abort();
  }, io.stderr);
  const { findCapacity } = await import("../capacity/find-capacity.js");
  let doc: CapacityDocument;
  const steps: CapacityStep[] = [];
  try {
    startingLoad(Number.POSITIVE_INFINITY);
    doc = await findCapacity({
      settings,
      search,
      signal: controller.signal,
      onStep: (step) => {
        if (options.progress) io.stderr.write(`${stepLine(step, steps.length)}\n`);
        steps.push(step);
        dashboard?.steps(steps);
      },
      ...(dashboard
        ? {
            onStepStart: (rate, phase, durationMs) =>
              dashboard.stage(
                `Step ${steps.length + 1}, ${phase} at ${formatRate(rate)} for ${formatDuration(durationMs)}`,
              ),
            onTimeline: dashboard.onTimeline,
          }
        : {}),
    });
  } finally {
    releaseSignals();
  }
  dashboard?.searchEnded(doc);
  if (options.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else io.stdout.write(formatCapacity(doc, { color: useColor(io.stdout, io.env) }));
  const target = options.out ?? resultsPath(doc.config.scenario, doc.startedAt, "capacity-");
  io.stderr.write(
    `capacity saved to ${await saveDocument(doc, target, options.out !== undefined)}\n`,
  );
  if (options.html !== undefined) {
    const { renderCapacityReport } = await import("../report/html/capacity-report.js");
    await writeOutputFile(options.html, renderCapacityReport(doc), "the HTML report");
    io.stderr.write(`HTML report saved to ${options.html}\n`);
  }
  if (stoppedBy !== undefined) return stoppedBy;
  if (doc.fault !== undefined) {
    io.stderr.write(`swarm-stress: ${doc.fault}\n`);
    return ExitCode.Fault;
  }
  return doc.minRatePassed === false ? ExitCode.BelowMinRate : ExitCode.Ok;
}

/** The search's settings from the flags, each checked into one line naming its flag. */
function searchSettings(options: CapacityCommandOptions): CapacitySearchSettings {
  const read = <T>(flag: string, text: string, parse: (text: string) => T): T => {
    try {
      return parse(text);
    } catch (error) {
      throw new ConfigError(`--${flag}: ${(error as Error).message}`);
    }
  };
  const positiveMs = (flag: string, text: string): number => {
    const value = read(flag, text, parseDuration);
    if (value <= 0) throw new ConfigError(`--${flag}: must be longer than 0`);
    return value;
  };
  const share = (flag: string, text: string): number => {
    const value = read(flag, text, fraction);
    if (!(value > 0 && value < 1)) {
      throw new ConfigError(`--${flag}: expected a share above 0 and below 100%, got ${text}`);
    }
    return value;
  };
  const startRate = read("start-rate", options.startRate ?? DEFAULTS.startRate, parseRate);
  const maxRate = read("max-rate", options.maxRate ?? DEFAULTS.maxRate, parseRate);
  if (maxRate < startRate) {
    throw new ConfigError(`--max-rate (${maxRate}/s) is below --start-rate (${startRate}/s)`);
  }
  const stepMs = positiveMs("step", options.step ?? DEFAULTS.step);
  return {
    slo: options.slo ?? [],
    startRate,
    maxRate,
    resolution: share("resolution", options.resolution ?? DEFAULTS.resolution),
    stepMs,
    warmupMs: positiveMs("warmup", options.warmup ?? DEFAULTS.warmup),
    confirmMs: options.confirm === undefined ? 2 * stepMs : positiveMs("confirm", options.confirm),
    backlogTolerance: share(
      "backlog-tolerance",
      options.backlogTolerance ?? DEFAULTS.backlogTolerance,
    ),
    ...(options.minRate === undefined
      ? {}
      : { minRate: read("min-rate", options.minRate, parseRate) }),
  };
}
