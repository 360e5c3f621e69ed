import { ExitCode } from "./exit-codes.js";
import { exitProcess } from "./exit-guard.js";
import { type TextStream, writeLine } from "./io.js";

/** Signals that stop a run, with the exit code each leaves when it cut a run short. */
export const STOP_SIGNALS = {
  SIGINT: ExitCode.Interrupted,
  SIGTERM: ExitCode.Terminated,
  SIGHUP: ExitCode.HungUp,
} as const;

/** One of {@link STOP_SIGNALS}. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * First SIGINT, SIGTERM or SIGHUP: a line on `stderr` saying so (unless `quiet`), then `onStop`
 * (which aborts the run; it then resolves with what it measured so far, saved like any
 * result). A second one quits at once with 128 + its number, for a run (or a user's core) that
 * does not wind down. Returns the release of the handlers.
 */
export function stopOnSignals(
  onStop: (signal: StopSignal) => void,
  stderr: TextStream,
  { quiet = false }: { readonly quiet?: boolean } = {},
): () => void {
  let stopping = false;
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((signal) => {
    const handler = () => {
      if (stopping) exitProcess(STOP_SIGNALS[signal]);
      stopping = true;
      const again = signal === "SIGINT" ? "press Ctrl-C again" : `send ${signal} again`;
      if (!quiet) {
        writeLine(stderr, `swarm-stress: stopping on ${signal}; ${again} to quit without a result`);
      }
      onStop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
