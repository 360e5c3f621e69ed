import { ExitCode } from "./exit-codes.js";
import { holdProcessExit } from "./exit-guard.js";
import type { TextStream } from "./io.js";
import { STOP_SIGNALS, stopOnSignals } from "./stop-signals.js";

/**
 * What stops a load command before its end: a stop signal (Ctrl-C, SIGTERM, SIGHUP) or a
 * delivery core calling `process.exit`. Either aborts {@link StopGuard.signal}, and the first
 * one decides the exit code. The command still prints and saves what it measured; a core's
 * exit is said last ({@link StopGuard.sayCoreExit}).
 */
export interface StopGuard {
  /** Aborted by the first stop. */
  readonly signal: AbortSignal;
  /** The exit code the first stop asked for, or undefined while nothing stopped the command. */
  stoppedWith(): ExitCode | undefined;
  /** Signals and `process.exit` back to their usual meaning. */
  release(): void;
  /** One line on stderr when a core's `process.exit` stopped the command. */
  sayCoreExit(): void;
}

/**
 * Guard a command against stops until {@link StopGuard.release}. `during` completes the line
 * about a core's exit (`during the suite`, `in worker 123`); `quiet` keeps the signal line off
 * stderr (a worker whose coordinator speaks for it).
 */
export function guardStops(stderr: TextStream, during: string, quiet = false): StopGuard {
  const controller = new AbortController();
  let stoppedWith: ExitCode | undefined;
  let coreExited: string | undefined;
  // Stops after what is running measured; a second signal quits at once.
  const releaseSignals = stopOnSignals(
    (signal) => {
      stoppedWith ??= STOP_SIGNALS[signal];
      controller.abort();
    },
    stderr,
    { quiet },
  );
  const releaseExit = holdProcessExit((code) => {
    stoppedWith ??= ExitCode.Fault;
    coreExited ??= `the delivery core called process.exit(${code ?? ""}) ${during}, which stopped it`;
    controller.abort();
  });
  return {
    signal: controller.signal,
    stoppedWith: () => stoppedWith,
    release() {
      releaseSignals();
      releaseExit();
    },
    sayCoreExit() {
      if (coreExited !== undefined) stderr.write(`swarm-stress: ${coreExited}\n`);
    },
  };
}
