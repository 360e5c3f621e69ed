import type { CapacityDocument, CapacityStep } from "../capacity/capacity-document.js";
import { ConfigError, RuntimeError } from "../errors.js";
import type { DashboardKind } from "../report/html/dashboard-page.js";
import type { DashboardEnd } from "../report/html/dashboard-update.js";
import type { RunResult } from "../result/result.js";
import type { BenchRow, BenchSummary } from "../run/bench-suite.js";
import type { TimelineView } from "../run/options.js";
import { wholeNumber } from "./flag-values.js";
import { type CliIo, writeLine } from "./io.js";
import { stopOnSignals } from "./stop-signals.js";

/** The dashboard flags of a command that runs load. */
export interface DashboardFlags {
  /** Serve a live dashboard of the run on 127.0.0.1. */
  readonly dashboard?: boolean | undefined;
  /** Its port; implies `--dashboard`. */
  readonly dashboardPort?: string | undefined;
  /** Keep serving after the run until a stop signal; implies `--dashboard`. */
  readonly dashboardKeep?: boolean | undefined;
}

/** The dashboard flags, checked. */
export interface DashboardSettings {
  /** 0: a free one. */
  readonly port: number;
  readonly keep: boolean;
}

/**
 * The dashboard the flags ask for, or undefined for none.
 *
 * @throws {ConfigError} in one line for a port that is not 0 to 65535.
 */
export function dashboardSettings(flags: DashboardFlags): DashboardSettings | undefined {
  const { dashboard, dashboardPort, dashboardKeep } = flags;
  if (!dashboard && dashboardPort === undefined && !dashboardKeep) return undefined;
  let port = 0;
  if (dashboardPort !== undefined) {
    try {
      port = wholeNumber(dashboardPort);
    } catch (error) {
      throw new ConfigError(`--dashboard-port: ${(error as Error).message}`);
    }
    if (port > 65_535) throw new ConfigError(`--dashboard-port: expected 0 to 65535, got ${port}`);
  }
  return { port, keep: dashboardKeep === true };
}

/** Whether the process runs under CI, where nothing may wait for a person. */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI;
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

/** A command's dashboard, served while its load runs (see {@link openDashboard}). */
export interface RunDashboard {
  /** For {@link RunnerOptions.onTimeline}: draws the run so far on every page open. */
  readonly onTimeline: (view: TimelineView) => void;
  /** Name what runs from now on in the status line, e.g. `Step 3, search at 450/s`. */
  stage(label: string): void;
  /** A line the command tells a person (a worker joined, a worker was lost), for the page too. */
  notice(line: string): void;
  /** A capacity search's steps so far, after each step. */
  steps(steps: readonly CapacityStep[]): void;
  /** A benchmark suite's rows so far, after each row. */
  rows(rows: readonly BenchRow[]): void;
  /** The run is over: the pages get its final report and verdicts. */
  runEnded(result: RunResult): void;
  /** The search is over: the pages get its report and every step. */
  searchEnded(doc: CapacityDocument): void;
  /** The suite is over: the pages get its summary page and every row. */
  benchEnded(summary: BenchSummary): void;
  /**
   * Stop serving: at once, or, with `--dashboard-keep` outside CI and once the pages have the
   * final report (not after a run that failed), when a stop signal comes (or `io.signal`
   * aborts).
   */
  close(): Promise<void>;
}

/** What a dashboard's page shows: its title, what it watches, and a distributed run's workers. */
export interface DashboardPage {
  readonly title: string;
  readonly kind: DashboardKind;
  /** True for a distributed run: the page lists its workers. */
  readonly workers?: boolean;
}

/**
 * Serve the live dashboard of a run (a search, a suite) named `title` and say where on
 * stderr. The page and its charts load with the first dashboard, not with the CLI.
 *
 * @throws {RuntimeError} in one line when the port cannot be had.
 */
export async function openDashboard(
  settings: DashboardSettings,
  page: DashboardPage,
  io: CliIo,
): Promise<RunDashboard> {
  const [
    { startLiveServer },
    { renderDashboardPage },
    { LIVE_EVENTS_PATH },
    update,
    { renderRunReport },
    { renderCapacityReport },
    { renderBenchReport },
  ] = await Promise.all([
    import("../report/live-server.js"),
    import("../report/html/dashboard-page.js"),
    import("../report/html/dashboard-client.js"),
    import("../report/html/dashboard-update.js"),
    import("../report/html/run-report.js"),
    import("../report/html/capacity-report.js"),
    import("../report/html/bench-report.js"),
  ]);
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  try {
    server = await startLiveServer({
      port: settings.port,
      page: renderDashboardPage(page.title, page.kind, { workers: page.workers === true }),
      eventsPath: LIVE_EVENTS_PATH,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE"
        ? `port ${settings.port} is in use (leave out --dashboard-port for a free one)`
        : (error as Error).message;
    throw new RuntimeError(`--dashboard: cannot listen on 127.0.0.1: ${reason}`);
  }
  writeLine(io.stderr, `dashboard at ${server.url}`);
  const keep = settings.keep && !inCi(io.env);
  if (settings.keep && !keep) {
    writeLine(
      io.stderr,
      "--dashboard-keep: ignored under CI (CI is set); the dashboard closes with the run",
    );
  }
  let stage: string | undefined;
  const notices: string[] = [];
  let ended = false;
  const end = (data: DashboardEnd): void => {
    server.send("end", data);
    ended = true;
  };
  return {
    onTimeline: (view) => {
      const during = stage;
      server.sendWhenWatched("update", () => update.dashboardUpdate(view, during));
    },
    stage: (label) => {
      stage = label;
    },
    notice: (line) => {
      notices.push(line);
      // Only the lines the page lists are kept, however long the command runs.
      if (notices.length > update.NOTICES_SHOWN) notices.shift();
      server.send("notices", update.noticesPanel(notices));
    },
    steps: (steps) => server.send("steps", update.stepsPanel(steps)),
    rows: (rows) => server.send("rows", update.rowsPanel(rows)),
    runEnded: (result) => end(update.runEnd(result, renderRunReport(result))),
    searchEnded: (doc) => end(update.capacityEnd(doc, renderCapacityReport(doc))),
    benchEnded: (summary) => end(update.benchEnd(summary, renderBenchReport(summary))),
    close: async () => {
      if (keep && ended) await untilStopped(server.url, io);
      await server.close();
    },
  };
}

/** Wait, saying so, for a stop signal or for `io.signal` to abort. */
async function untilStopped(url: string, io: CliIo): Promise<void> {
  writeLine(io.stderr, `dashboard kept at ${url} (--dashboard-keep); press Ctrl-C to quit`);
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const release = stopOnSignals(() => stop(), io.stderr, { quiet: true });
  io.signal?.addEventListener("abort", () => stop(), { once: true });
  if (io.signal?.aborted) stop();
  try {
    await stopped;
  } finally {
    release();
  }
}
