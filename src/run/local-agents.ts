import { type AgentsServer, startAgentsServer } from "../agents/agents-server.js";
import type { RunConfig } from "../config/run-settings.js";
import { ConfigError, firstLine, RuntimeError } from "../errors.js";
import { agentNames } from "../model/agents.js";

/** A run's own agents, and its configuration pointed at them. */
export interface LocalAgents {
  /** The run's configuration with `core` and `verify` set to the agents. */
  readonly config: RunConfig;
  close(): Promise<void>;
}

/**
 * Start the agents of a run with `agentsLocal`: `swarm-stress agents serve`'s agents, in this
 * process on 127.0.0.1 (a free port), one per recipient of the run, whose service time and
 * success rate are the run's `delay` and `successRate` (the mock core's), seeded by its seed.
 * The run then delivers to them (`core`) and holds its count against their receipts
 * (`verify`), as a run against an `agents serve` started by hand would.
 *
 * A resumed run's saved configuration names the agents its first part started: new ones take
 * their place.
 *
 * @throws {ConfigError} in one line with a core or receipts URL of its own (the agents are
 *   the core, and their receipts the ones verified), or with workers (the agents listen on
 *   127.0.0.1 of this process only).
 * @throws {RuntimeError} when the agents cannot listen.
 */
export async function startLocalAgents(config: RunConfig, resumed: boolean): Promise<LocalAgents> {
  // A resumed run's saved core and receipts URL were those of its first part's agents.
  if (!resumed) refuseOwnTarget(config);
  if (config.workers !== undefined) {
    throw new ConfigError(
      "--agents-local: a distributed run (--workers) cannot reach agents on this process's 127.0.0.1; start them with swarm-stress agents serve",
    );
  }
  const protocol = config.agentsLocal ?? "a2a";
  let server: AgentsServer;
  try {
    server = await startAgentsServer({
      names: agentNames(config.agents),
      protocol,
      seed: config.seed,
      behaviour: { delay: config.delay, failureRate: 1 - config.successRate },
    });
  } catch (error) {
    throw new RuntimeError(`--agents-local: cannot listen on 127.0.0.1: ${firstLine(error)}`);
  }
  return {
    config: { ...config, core: server.core, verify: server.url },
    close: () => server.close(),
  };
}

/** Refuse a core or receipts URL given with `agentsLocal`: the agents it starts are both. */
function refuseOwnTarget(config: RunConfig): void {
  if (config.core !== "mock") {
    throw new ConfigError(
      `--agents-local: delivers to the agents it starts; leave out --core (${config.core})`,
    );
  }
  if (config.verify !== undefined) {
    throw new ConfigError(
      "--agents-local: verifies the receipts of the agents it starts; leave out --verify",
    );
  }
}
