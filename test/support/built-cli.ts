import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Tests of what only a whole process shows (signals, exit handlers, a core that kills its
 * process, the Node.js check) run the BUILT binary, as users get it: `npm test` builds first;
 * after running vitest directly, rebuild (`npm run build`) when src/ changed. The rest run the
 * command line in-process (cli-in-process.ts).
 */
export const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = join(ROOT, "dist/cli/main.js");
export const FIXTURES = join(ROOT, "test/fixtures");

/** What one invocation printed and how it exited. */
export interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fail early, with the fix, when the binary has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
}

/** Run the built CLI with `args` in `dir`, without colour or debug stacks. */
export function spawnCli(
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv = {},
): Outcome {
  const run: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: "1", SWARM_STRESS_DEBUG: "", ...env },
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * {@link spawnCli} without blocking this process meanwhile: a test whose other concurrent tests
 * (or in-process coordinator) must keep running while the CLI starts on a busy machine.
 */
export async function runCli(
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Outcome> {
  const started = startCli(args, dir, env);
  const { code } = await started.exited;
  return { status: code, stdout: started.stdout(), stderr: started.stderr() };
}

/** A CLI process started with {@link startCli}. */
export interface StartedCli {
  readonly child: ChildProcess;
  /** Resolves when it exits: its code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed so far. */
  stdout(): string;
  stderr(): string;
}

/** Start the CLI with `args` in `dir` without waiting for it, output collected. */
export function startCli(
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv = {},
): StartedCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", SWARM_STRESS_DEBUG: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stdout: () => out, stderr: () => err };
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wait until `file` exists (a run's queue or record file: the run is under way, its signal
 * handlers in place), or `timeoutMs` passed.
 */
export async function untilExists(file: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file) && Date.now() < deadline) await sleep(10);
}

/**
 * Wait until `file` holds at least `lines` lines (a core's receipts or journal: that many
 * deliveries made), `run` has exited, or `timeoutMs` passed. A count rather than a fixed
 * sleep, so a slow moment of the machine cannot leave too few behind.
 */
export async function untilLines(
  file: string,
  lines: number,
  run: StartedCli,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const count = () =>
    existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
  while (count() < lines && run.child.exitCode === null && Date.now() < deadline) await sleep(20);
}
