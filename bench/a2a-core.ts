/**
 * Question 15, the A2A core: how many deliveries a second does `--core a2a:URL` make against
 * A2A agents that answer at once, beside a bare loop sending the same A2A messages with the
 * same SDK client (and the same counted pool) at the same concurrency? The agents, built with
 * the SDK's server side, run in a process of their own and count what they received: the
 * witness that every figure stands for messages that arrived. Run alone with
 * `npm run build && npx tsx bench/a2a-core.ts`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface, type Interface } from "node:readline";
import { TaskState } from "@a2a-js/sdk";
import { AgentClients } from "../src/delivery/a2a/agent-clients.js";
import { a2aMessageOf } from "../src/delivery/a2a/message-parts.js";
import { pooledFetch } from "../src/delivery/a2a/pooled-fetch.js";
import { agentUrl } from "../src/delivery/a2a/target.js";
import { CountedPool } from "../src/delivery/http/counted-pool.js";
import type { Message } from "../src/model/message.js";
import { resolveConfig } from "../src/run/resolve-config.js";
import { MessageGenerator } from "../src/workload/generator.js";
import { number } from "./support/format.js";
import { publish } from "./support/output.js";
import { describeMachine, figure, median, pairedRatios } from "./support/question.js";
import { questionEntry } from "./support/questions.js";
import { coreRound, loopRate } from "./support/remote-core.js";

const MESSAGES = 5_000;
const AGENTS = 10;
const CONCURRENCY = 50;
const SHAPE = { agents: AGENTS, messages: MESSAGES, concurrency: CONCURRENCY };
const ROUNDS = 3;
/** The core's share of the bare loop, as for the HTTP core (issue 16). */
const TARGET_SHARE = 0.7;

interface Agents {
  readonly child: ChildProcess;
  readonly lines: Interface;
  readonly template: string;
}

async function startAgents(): Promise<Agents> {
  const script = join(import.meta.dirname, "support", "a2a-agents-process.ts");
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, AGENTS: String(AGENTS) },
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<string>((resolve) => lines.once("line", resolve));
  return { child, lines, template: `http://127.0.0.1:${port}/agents/{agent}` };
}

async function received(agents: Agents): Promise<number> {
  const answer = new Promise<string>((resolve) => agents.lines.once("line", resolve));
  agents.child.stdin?.write("count\n");
  return Number(await answer);
}

/** `count` direct messages of 64-byte payloads among AGENTS agents, as a run makes them. */
function makeMessages(count: number): Message[] {
  const config = resolveConfig({
    agents: AGENTS,
    messagesPerAgent: count / AGENTS,
    types: ["direct"],
    payloadSize: 64,
    seed: 1,
  });
  const generator = new MessageGenerator(config);
  const messages: Message[] = [];
  for (let message = generator.next(0); message; message = generator.next(0)) {
    message.attempts = 1;
    messages.push(message);
  }
  return messages;
}

/** The same A2A messages the core sends, `CONCURRENCY` at a time; deliveries a second. */
async function bareRound(template: string, messages: readonly Message[]): Promise<number> {
  const pool = new CountedPool(CONCURRENCY);
  const clients = new AgentClients(pooledFetch(pool, {}), "1.0");
  const send = async (message: Message): Promise<void> => {
    const recipient = message.recipients[0] as string;
    const client = await clients.get(agentUrl(template, recipient));
    const reply = await client.sendMessage({
      tenant: "",
      message: a2aMessageOf(message, recipient),
      configuration: undefined,
      metadata: undefined,
    });
    if (!("status" in reply) || reply.status?.state !== TaskState.TASK_STATE_COMPLETED)
      throw new Error("task not completed");
  };
  try {
    return await loopRate(messages, CONCURRENCY, send);
  } finally {
    pool.destroy();
  }
}

/** The harness: a closed run through the A2A core that delivered every message. */
async function a2aRound(template: string): Promise<{ rate: number; delivered: number }> {
  const run = await coreRound(`a2a:${template}`, SHAPE);
  if (run.delivered !== MESSAGES) throw new Error("a2a core: not every message delivered");
  return run;
}

async function main(): Promise<void> {
  const started = performance.now();
  const agents = await startAgents();
  try {
    const { template } = agents;
    const messages = makeMessages(MESSAGES);
    const warmUp = messages.slice(0, 1000);
    await bareRound(template, warmUp); // warm-up: JIT, sockets, both sides
    await a2aRound(template);
    const bare: number[] = [];
    const core: number[] = [];
    let sent = warmUp.length + MESSAGES;
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await bareRound(template, messages));
      const run = await a2aRound(template);
      core.push(run.rate);
      sent += messages.length + run.delivered;
    }
    const witnessed = await received(agents);
    const { title } = questionEntry("a2a-core");
    publish({
      schema: "swarm-stress/bench-question@1",
      name: "a2a-core",
      title: `${title}: the A2A core beside a bare loop of the same SDK client`,
      question:
        "Does `--core a2a:URL` deliver at 0.7 of what a bare loop of the same A2A SDK client and pool does, against SDK agents that answer at once?",
      at: new Date().toISOString(),
      durationMs: performance.now() - started,
      machine: describeMachine(),
      figures: [
        figure("A2A core", median(core), "msg/s"),
        figure("bare loop", median(bare), "msg/s"),
        figure("core / bare loop", median(pairedRatios(core, bare)), "", {
          kind: "atLeast",
          value: TARGET_SHARE,
        }),
      ],
      notes: [
        `${number(MESSAGES)} direct messages of 64-byte payloads to ${AGENTS} agents, ${CONCURRENCY} in flight, A2A 1.0 blocking; ${ROUNDS} rounds, each the bare loop then the core, after a warm-up of each; the share is the median of the rounds' own shares`,
        `A2A core: a closed run through the memory queue, batches of 500, interval 0, its own throughput figure; rounds: ${core.map((r) => number(Math.round(r))).join(", ")} msg/s`,
        `bare loop: the same A2A messages (the core's own a2aMessageOf) sent with the SDK's client, one per agent from its card, over the same counted keep-alive pool, by ${CONCURRENCY} loops; rounds: ${bare.map((r) => number(Math.round(r))).join(", ")} msg/s`,
        `the agents (the SDK's DefaultRequestHandler, in-memory task store, one task per message) run in a process of their own, which is the bottleneck of both: the share says what the harness adds, not what A2A costs`,
        `the agents counted ${number(witnessed)} messages; the bare loops and the runs sent ${number(sent)}: ${witnessed === sent ? "they agree" : "THEY DISAGREE"}`,
      ],
    });
  } finally {
    agents.child.kill();
  }
}

await main();
