/** Thrown by `process.exit` while a run holds it: the run stops instead of the process. */
export class ExitDuringRun extends Error {
  override readonly name = "ExitDuringRun";

  constructor(readonly code: unknown) {
    super(`process.exit(${code === undefined ? "" : String(code)}) was called during the run`);
  }
}

/** `process.exit` as Node provides it, kept for the CLI's own deliberate exits. */
export const exitProcess: (code?: number) => never = process.exit.bind(process);

/** The `onExit` of every hold not yet released, in the order they were taken. */
const holders = new Set<(code: unknown) => void>();

/** `process.exit` as it was when the first of the holds now taken was taken. */
let unheld: typeof process.exit = process.exit;

/**
 * While a run goes, `process.exit` called by anything else in the process (a user's delivery
 * core, a library it loads) would end the CLI with no result and no word of why. Until the
 * returned release is called, such a call runs `onExit` (which stops the run) and throws
 * {@link ExitDuringRun} into the caller instead, the way a test runner guards its workers.
 * Holds may overlap (two commands run in one process) and be released in any order: the call
 * stops every run that holds, and `process.exit` is itself again once the last is released.
 */
export function holdProcessExit(onExit: (code: unknown) => void): () => void {
  if (holders.size === 0) {
    unheld = process.exit;
    process.exit = ((code?: unknown): never => {
      for (const stop of [...holders]) stop(code);
      throw new ExitDuringRun(code);
    }) as typeof process.exit;
  }
  // A function of its own per hold, so holding twice with the same `onExit` is two holds.
  const holder = (code: unknown): void => onExit(code);
  holders.add(holder);
  return () => {
    if (!holders.delete(holder) || holders.size > 0) return;
    process.exit = unheld;
  };
}
