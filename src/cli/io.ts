/** A stream a command writes text to; `isTTY` decides colours and the progress bar. */
export type TextStream = NodeJS.WritableStream & { readonly isTTY?: boolean | undefined };

/**
 * What a command reads and writes besides its files: the process's own streams and environment
 * when run as `swarm-stress`, a test's when run in-process through `main(argv, io)`.
 */
export interface CliIo {
  readonly stdout: TextStream;
  readonly stderr: TextStream;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Stops a command that runs until a signal (`agents serve`) as a signal would: for callers in
   * the same process, such as tests.
   */
  readonly signal?: AbortSignal;
}

/** The process's stdout, stderr and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Write `line` and a newline to `stream`. */
export function writeLine(stream: TextStream, line: string): void {
  stream.write(`${line}\n`);
}
