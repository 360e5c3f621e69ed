import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Tests of the command line run the BUILT binary, as users get it: `npm test` builds first;
 * after running vitest directly, rebuild (`npm run build`) when src/ changed.
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

/** Run the CLI with `args` in `dir`, without colour or debug stacks. */
export function cli(args: readonly string[], dir: string, env: NodeJS.ProcessEnv = {}): Outcome {
  const run: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: "1", SWARM_STRESS_DEBUG: "", ...env },
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
