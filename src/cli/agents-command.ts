import type { Command } from "@commander-js/extra-typings";
import {
  AGENTS_PROTOCOLS,
  type AgentsProtocol,
  type AgentsServer,
  startAgentsServer,
} from "../agents/agents-server.js";
import { type ChaosAgents, planChaos } from "../agents/chaos-agents.js";
import { parseDuration } from "../config/duration.js";
import { MAX_AGENTS } from "../config/run-settings.js";
import { ConfigError, RuntimeError } from "../errors.js";
import { agentNames } from "../model/agents.js";
import { type Distribution, parseDistribution } from "../model/distributions.js";
import { quoteShort } from "../model/short-text.js";
import { COMMANDS } from "./command-list.js";
import { ExitCode } from "./exit-codes.js";
import { fraction, wholeNumber } from "./flag-values.js";
import { type CliIo, writeLine } from "./io.js";
import { stopOnSignals } from "./stop-signals.js";

/** The port `agents serve` listens on unless told otherwise. */
export const DEFAULT_AGENTS_PORT = 9100;

/** Flags of `swarm-stress agents serve`, as commander hands them over. */
export interface AgentsServeFlags {
  readonly agents: string;
  readonly port: string;
  readonly protocol: string;
  readonly delay?: string | undefined;
  readonly successRate?: string | undefined;
  readonly seed?: string | undefined;
  readonly deadAgents?: string | undefined;
  readonly flappingAgents?: string | undefined;
  readonly flapPeriod?: string | undefined;
  readonly slowAgents?: string | undefined;
  readonly slowDelay?: string | undefined;
  readonly droppingAgents?: string | undefined;
  readonly dropRate?: string | undefined;
  readonly duplicatingAgents?: string | undefined;
  readonly duplicateRate?: string | undefined;
}

/** The checked settings of `agents serve`. */
export interface AgentsServeSettings {
  readonly count: number;
  readonly port: number;
  readonly protocol: AgentsProtocol;
  readonly delay: Distribution;
  readonly successRate: number;
  readonly seed: number;
  readonly chaos: ChaosAgents;
}

/** Add `swarm-stress agents serve` to `program`; `done` receives the exit code. */
export function registerAgentsCommand(
  program: Command,
  done: (code: ExitCode) => void,
  io: CliIo,
): void {
  const agents = program.command("agents").description(COMMANDS.agents.description);
  agents
    .command("serve")
    .description(
      "serve simulated agents on 127.0.0.1 that keep receipts (GET /receipts), until Ctrl-C or SIGTERM",
    )
    .option("--agents <n>", "how many agents: Agent-1 … Agent-N", "10")
    .option(
      "--port <port>",
      "the port on 127.0.0.1; 0 takes a free one",
      String(DEFAULT_AGENTS_PORT),
    )
    .option("--protocol <protocol>", "a2a (A2A 1.0 and 0.3 agents) or http (POST receivers)", "a2a")
    .option("--delay <spec>", "service time per delivery or a distribution, e.g. uniform(1ms, 5ms)")
    .option("--success-rate <x>", "share of deliveries the agents complete, e.g. 0.95 or 95%")
    .option("--seed <n>", "seeds the agents' failures and delays")
    .option("--dead-agents <n>", "the last N agents take every delivery and never answer", "0")
    .option(
      "--flapping-agents <n>",
      "N agents before those: up for a period, then failing everything for as long",
      "0",
    )
    .option("--flap-period <duration>", "how long a flapping agent stays up, then down", "2s")
    .option("--slow-agents <n>", "N agents before those answer after --slow-delay", "0")
    .option("--slow-delay <spec>", "the slow agents' service time or distribution", "200ms")
    .option(
      "--dropping-agents <n>",
      "N agents before those answer --drop-rate of their messages done but keep no receipt",
      "0",
    )
    .option("--drop-rate <x>", "share of its messages a dropping agent loses", "10%")
    .option(
      "--duplicating-agents <n>",
      "N agents before those record --duplicate-rate of their messages twice",
      "0",
    )
    .option("--duplicate-rate <x>", "share of its messages a duplicating agent takes twice", "10%")
    .action(async (flags) => done(await agentsServeCommand(flags, io)));
}

/**
 * Check the flags of `agents serve`.
 *
 * @throws {ConfigError} in one line for a bad value.
 */
export function agentsServeSettings(flags: AgentsServeFlags): AgentsServeSettings {
  const checked = <T>(flag: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw new ConfigError(`${flag}: ${(error as Error).message}`);
    }
  };
  const count = checked("--agents", () => wholeNumber(flags.agents));
  if (count < 1 || count > MAX_AGENTS) {
    throw new ConfigError(`--agents: expected 1 to ${MAX_AGENTS} agents, got ${count}`);
  }
  const port = checked("--port", () => wholeNumber(flags.port));
  if (port > 65_535) throw new ConfigError(`--port: expected 0 to 65535, got ${port}`);
  if (!(AGENTS_PROTOCOLS as readonly string[]).includes(flags.protocol)) {
    throw new ConfigError(
      `--protocol: expected ${AGENTS_PROTOCOLS.join(" or ")}, got ${quoteShort(flags.protocol)}`,
    );
  }
  const delay: Distribution =
    flags.delay === undefined
      ? { kind: "fixed", value: 0 }
      : checked("--delay", () => parseDistribution(flags.delay as string, parseDuration));
  const share = (flag: string, text: string): number => {
    const value = checked(flag, () => fraction(text));
    if (value < 0 || value > 1) {
      throw new ConfigError(`${flag}: expected 0 to 1 (or 0% to 100%), got ${value}`);
    }
    return value;
  };
  const successRate =
    flags.successRate === undefined ? 1 : share("--success-rate", flags.successRate);
  const seed =
    flags.seed === undefined ? 1 : checked("--seed", () => wholeNumber(flags.seed as string));
  const chaos: ChaosAgents = {
    dead: checked("--dead-agents", () => wholeNumber(flags.deadAgents ?? "0")),
    flapping: checked("--flapping-agents", () => wholeNumber(flags.flappingAgents ?? "0")),
    flapPeriodMs: checked("--flap-period", () => parseDuration(flags.flapPeriod ?? "2s")),
    slow: checked("--slow-agents", () => wholeNumber(flags.slowAgents ?? "0")),
    slowDelay: checked("--slow-delay", () =>
      parseDistribution(flags.slowDelay ?? "200ms", parseDuration),
    ),
    dropping: checked("--dropping-agents", () => wholeNumber(flags.droppingAgents ?? "0")),
    dropRate: share("--drop-rate", flags.dropRate ?? "10%"),
    duplicating: checked("--duplicating-agents", () => wholeNumber(flags.duplicatingAgents ?? "0")),
    duplicateRate: share("--duplicate-rate", flags.duplicateRate ?? "10%"),
  };
  if (!(chaos.flapPeriodMs > 0)) throw new ConfigError("--flap-period: must be longer than 0");
  const misbehaving = chaos.dead + chaos.flapping + chaos.slow + chaos.dropping + chaos.duplicating;
  if (misbehaving > count) {
    throw new ConfigError(
      `--dead-agents, --flapping-agents, --slow-agents, --dropping-agents and --duplicating-agents: ${misbehaving} agents asked for, but --agents is ${count}`,
    );
  }
  return {
    count,
    port,
    protocol: flags.protocol as AgentsProtocol,
    delay,
    successRate,
    seed,
    chaos,
  };
}

/**
 * Serve simulated agents until a stop signal (or `io.signal`), then exit 0. One line on stdout
 * says where they are: the `--core` to deliver to them and the `--verify` URL of their receipts.
 */
export async function agentsServeCommand(flags: AgentsServeFlags, io: CliIo): Promise<ExitCode> {
  const settings = agentsServeSettings(flags);
  const names = agentNames(settings.count);
  const behaviour = { delay: settings.delay, failureRate: 1 - settings.successRate };
  const chaos = planChaos(names, settings.chaos, behaviour);
  let server: AgentsServer;
  try {
    server = await startAgentsServer({
      names,
      protocol: settings.protocol,
      port: settings.port,
      seed: settings.seed,
      behaviour,
    });
    for (const [name, own] of chaos.behaviours) server.behave(name, own);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE"
        ? `port ${settings.port} is in use (--port 0 takes a free one)`
        : (error as Error).message;
    throw new RuntimeError(`agents serve: cannot listen on 127.0.0.1: ${reason}`);
  }
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const release = stopOnSignals(() => stop(), io.stderr, { quiet: true });
  io.signal?.addEventListener("abort", () => stop(), { once: true });
  if (io.signal?.aborted) stop();
  try {
    const kind = settings.protocol === "a2a" ? "A2A agents" : "HTTP agents";
    writeLine(
      io.stdout,
      `${settings.count} ${kind} on ${server.url}: --core '${server.core}' --verify ${server.url}`,
    );
    if (chaos.said !== undefined) writeLine(io.stderr, `misbehaving: ${chaos.said}`);
    await stopped;
  } finally {
    release();
    await server.close();
  }
  return ExitCode.Ok;
}
