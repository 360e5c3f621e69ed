/** Thrown by `process.exit` while a run holds it: the run stops instead of the process. */
export class ExitDuringRun extends Error {
  override readonly name = "ExitDuringRun";

  constructor(readonly code: unknown) {
    super(`process.exit(${code === undefined ? "" : String(code)}) was called during the run`);
  }
}

/** `process.exit` as Node provides it, kept for the CLI's own deliberate exits. */
export const exitProcess: (code?: number) => never = process.exit.bind(process);

/**
 * While a run goes, `process.exit` called by anything else in the process (a user's delivery
 * core, a library it loads) would end the CLI with no result and no word of why. Until the
 * returned release is called, such a call runs `onExit` (which stops the run) and throws
 * {@link ExitDuringRun} into the caller instead, the way a test runner guards its workers.
 */
export function holdProcessExit(onExit: (code: unknown) => void): () => void {
  const previous = process.exit;
  process.exit = ((code?: unknown): never => {
    onExit(code);
    throw new ExitDuringRun(code);
  }) as typeof process.exit;
  return () => {
    process.exit = previous;
  };
}
