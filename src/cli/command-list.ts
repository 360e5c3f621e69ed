/** One command of `swarm-stress` as the root help lists it: known without loading the command. */
export interface CommandSummary {
  /** The command's one-line description, in its root help line and atop its own help. */
  readonly description: string;
  /**
   * What the root help shows after the name: `[options]` when the command has options, then its
   * arguments, as commander writes them. Test-checked against each command as registered.
   */
  readonly usage: string;
}

/**
 * Every command, in the order the root help lists them. The program loads only the command it
 * runs (each pulls in its own share of the library and of zod, yaml and the rest); for the root
 * help, `--version` and an unknown command, this list is all it needs.
 */
export const COMMANDS = {
  run: {
    description: "run a stress test, print a summary and save the result as JSON",
    usage: "[options]",
  },
  capacity: {
    description:
      "find the highest arrival rate the pipeline sustains under an SLO: ramp, bisect, confirm",
    usage: "[options]",
  },
  scenarios: {
    description: "list the built-in scenarios and their settings",
    usage: "[options]",
  },
  bench: {
    description: "run the benchmark suite, print one table and save every result",
    usage: "[options]",
  },
  queue: {
    description:
      "look into and repair a durable queue file, or purge a Redis, NATS or RabbitMQ queue",
    usage: "",
  },
  report: {
    description: "turn a saved result into a self-contained HTML report, and judge it again",
    usage: "[options] <result>",
  },
  compare: {
    description:
      "compare two saved results (or two capacity searches) figure by figure: better, worse or the same",
    usage: "[options] <base> <candidate>",
  },
  worker: {
    description: "join a distributed run and deliver its messages (see docs/distributed.md)",
    usage: "[options]",
  },
  agents: {
    description:
      "serve simulated A2A or HTTP agents that keep receipts, to aim a run at (see docs/agents.md)",
    usage: "",
  },
  schema: {
    description: "print the JSON Schema of config files, for editors' checks and completion",
    usage: "",
  },
} as const satisfies Record<string, CommandSummary>;

/** The name of a command of `swarm-stress`. */
export type CommandName = keyof typeof COMMANDS;

/** Whether `name` names a command of `swarm-stress`. */
export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
