import { Writable } from "node:stream";
import { main } from "../../src/cli/program.js";

/** `swarm-stress agents serve` running in this process, until {@link ServedAgents.stop}. */
export interface ServedAgents {
  /** The line it printed: where the agents are. */
  readonly line: string;
  /** The `--core` setting it printed. */
  readonly core: string;
  /** The `--verify` URL it printed. */
  readonly verify: string;
  /** Stop it as Ctrl-C would; resolves with its exit code and stderr. */
  stop(): Promise<{ readonly status: number; readonly stderr: string }>;
}

/**
 * Start `swarm-stress agents serve ARGS` in-process (through `main`, stopped by the io's abort
 * signal rather than a real signal) and wait for the line that says where the agents are.
 */
export async function serveAgents(args: readonly string[]): Promise<ServedAgents> {
  let stdout = "";
  let stderr = "";
  let heard: (line: string) => void = () => {};
  const line = new Promise<string>((resolve) => {
    heard = resolve;
  });
  const out = new Writable({
    write(chunk, _encoding, callback) {
      stdout += String(chunk);
      const end = stdout.indexOf("\n");
      if (end >= 0) heard(stdout.slice(0, end));
      callback();
    },
  });
  const err = new Writable({
    write(chunk, _encoding, callback) {
      stderr += String(chunk);
      callback();
    },
  });
  const controller = new AbortController();
  const running = main(["agents", "serve", ...args], {
    stdout: out,
    stderr: err,
    env: { ...process.env, NO_COLOR: "1", SWARM_STRESS_DEBUG: "" },
    signal: controller.signal,
  });
  const first = await Promise.race([line, running.then((status) => `exited ${status}: ${stderr}`)]);
  const core = /--core '([^']+)'/.exec(first)?.[1];
  const verify = /--verify (\S+)/.exec(first)?.[1];
  if (core === undefined || verify === undefined) throw new Error(`agents serve: ${first}`);
  return {
    line: first,
    core,
    verify,
    async stop() {
      controller.abort();
      const status = await running;
      return { status, stderr };
    },
  };
}
