import { Writable } from "node:stream";
import { expect } from "vitest";
import { main } from "../../src/cli/program.js";
import type { Outcome } from "./built-cli.js";

/**
 * Most tests of the command line run it in this process, through `main(argv, io)`: no Node.js
 * start-up per call. What only a whole process shows (signals, exit handlers, a core that kills
 * its process, the bin's Node.js check) is tested on the built binary (built-cli.ts).
 */

/** A stream that keeps what is written to it, as a terminal-less pipe would get it. */
class Captured extends Writable {
  text = "";

  override _write(chunk: Buffer | string, _encoding: string, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** The directory the calls now running moved the process to, and how many they are. */
let moved: { readonly dir: string; readonly back: string; calls: number } | undefined;

/**
 * Run `swarm-stress args` in `dir`, in this process, without colour or debug stacks. The
 * working directory is the process's, so it is moved to `dir` for the call and back after the
 * last call running ends: calls may overlap (a file's concurrent tests) when they share `dir`.
 *
 * @throws when a call in another directory is still running.
 */
export async function cli(
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Outcome> {
  if (moved !== undefined && moved.dir !== dir) {
    throw new Error(`cli(): a call in ${moved.dir} still runs; concurrent calls share a directory`);
  }
  if (moved === undefined) {
    moved = { dir, back: process.cwd(), calls: 0 };
    process.chdir(dir);
  }
  moved.calls += 1;
  const stdout = new Captured();
  const stderr = new Captured();
  try {
    const status = await main(args, {
      stdout,
      stderr,
      env: { ...process.env, NO_COLOR: "1", SWARM_STRESS_DEBUG: "", ...env },
    });
    return { status, stdout: stdout.text, stderr: stderr.text };
  } finally {
    moved.calls -= 1;
    if (moved.calls === 0) {
      process.chdir(moved.back);
      moved = undefined;
    }
  }
}

/**
 * Run the CLI with `args` in `dir` and expect bad input refused as such: exit 2, one line on
 * stderr matching `message`, no stack trace, no internal error. Returns that line.
 */
export async function expectRefused(
  args: readonly string[],
  dir: string,
  message: RegExp,
): Promise<string> {
  const outcome = await cli(args, dir);
  expect(outcome.status, outcome.stderr).toBe(2);
  const lines = outcome.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(outcome.stderr).not.toMatch(/internal error|\n\s+at /);
  return lines[0] as string;
}

/**
 * The default scenario's messages with its pauses cut from 100 ms to 10 ms between batches:
 * the same workload through a broker in a second instead of nine.
 */
export const QUICK_PAUSES: readonly string[] = ["--interval", "10ms"];

/** The one line a command wrote to stderr; fails the test when it wrote more or none. */
export function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines, stderr).toHaveLength(1);
  return lines[0] as string;
}
