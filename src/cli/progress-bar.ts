import type CliProgress from "cli-progress";
import type { ProgressSnapshot } from "../run/options.js";
import { groupDigits } from "../util/digits.js";
import { lazyPackage } from "../util/lazy.js";

/** Loaded only when a bar is drawn: runs in a pipe, a CI log or with `--json` never need it. */
const loadCliProgress = lazyPackage<typeof CliProgress>("cli-progress");

/** A live display of a run, fed by the runner's progress callback. */
export interface ProgressDisplay {
  /** Show `snapshot`; the first call draws the bar. */
  update(snapshot: ProgressSnapshot): void;
  /** Remove the bar for good, so the summary that follows starts on a clean line. */
  stop(): void;
}

/** When the CLI draws a progress bar. */
export interface ProgressChoice {
  readonly json: boolean;
  /** False after `--no-progress`. */
  readonly progress: boolean;
  /** Whether the stream the bar goes to (stderr) is a terminal. */
  readonly isTTY: boolean;
}

/**
 * A bar only helps a person watching a terminal: in a pipe or a CI log it is noise, and with
 * `--json` the output is for a program.
 */
export function wantsProgress(choice: ProgressChoice): boolean {
  return choice.isTTY && choice.progress && !choice.json;
}

/**
 * A progress bar on `stream` (stderr, so stdout carries only the report): settled/total,
 * messages per second and the live end-to-end p99.
 */
export function createProgressBar(stream: NodeJS.WritableStream): ProgressDisplay {
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        "{bar} {percentage}% | {value}/{total} settled | {rate} msg/s | p99 {p99} ms | {elapsed}",
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  // Snapshots may still arrive after stop (the run winds down after Ctrl-C): they must not
  // draw the bar again over the summary.
  let stopped = false;
  let total = 0;
  return {
    update(snapshot) {
      if (stopped) return;
      const payload = {
        rate: groupDigits(snapshot.ratePerSec, 0),
        p99: snapshot.endToEndP99Ms.toFixed(snapshot.endToEndP99Ms < 10 ? 2 : 1),
        elapsed: `${(snapshot.elapsedMs / 1000).toFixed(1)}s`,
      };
      if (!started) {
        bar.start(snapshot.total, snapshot.settled, payload);
        started = true;
        total = snapshot.total;
        return;
      }
      if (snapshot.total !== total) {
        bar.setTotal(snapshot.total);
        total = snapshot.total;
      }
      bar.update(snapshot.settled, payload);
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
