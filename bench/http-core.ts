/**
 * Question 14, the HTTP core: how many deliveries a second does `--core http:URL` make against
 * a receiver that answers at once, beside a bare loop posting the same bodies with the same
 * client (node:http, a keep-alive pool of as many sockets) at the same concurrency? The
 * receiver is a process of its own that counts what it received: the witness that every figure
 * stands for requests that arrived. Run alone with `npm run build && npx tsx bench/http-core.ts`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { deliveryBody } from "../src/delivery/http/http-core.js";
import { fill } from "../src/delivery/http/target.js";
import type { Message } from "../src/model/message.js";
import { number } from "./support/format.js";
import { sampleMessages } from "./support/messages.js";
import { publish } from "./support/output.js";
import { describeMachine, figure, median, pairedRatios } from "./support/question.js";
import { questionEntry } from "./support/questions.js";
import { coreRound, loopRate } from "./support/remote-core.js";

const MESSAGES = 20_000;
const AGENTS = 10;
const CONCURRENCY = 50;
const SHAPE = { agents: AGENTS, messages: MESSAGES, concurrency: CONCURRENCY };
const ROUNDS = 3;
/** The core's share of the bare loop (issue 16). */
const TARGET_SHARE = 0.7;

/** A receiver in a process of its own: 204 to every POST, its count on GET /count. */
const RECEIVER = `
let count = 0;
require("node:http").createServer((req, res) => {
  if (req.method === "GET") return res.end(String(count));
  req.resume();
  req.on("end", () => { count++; res.writeHead(204).end(); });
}).listen(0, "127.0.0.1", function () { process.stdout.write(this.address().port + "\\n"); });
`;

async function startReceiver(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["-e", RECEIVER], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<string>((resolve) => lines.once("line", resolve));
  return { child, base: `http://127.0.0.1:${port}` };
}

async function received(base: string): Promise<number> {
  const response = await fetch(`${base}/count`);
  return Number(await response.text());
}

/** The same bodies the core sends, posted `CONCURRENCY` at a time; deliveries a second. */
async function bareRound(template: string, messages: readonly Message[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (message: Message): Promise<void> =>
    new Promise((resolve, reject) => {
      const recipient = message.recipients[0] as string;
      const body = deliveryBody(message, recipient);
      const req = request(fill(template, recipient, message.type), {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      req.on("response", (response) => {
        response.resume();
        response.on("end", () =>
          response.statusCode === 204
            ? resolve()
            : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
  try {
    return await loopRate(messages, CONCURRENCY, post);
  } finally {
    agent.destroy();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const { child, base } = await startReceiver();
  try {
    const template = `${base}/agents/{agent}`;
    const messages = sampleMessages("firehose", MESSAGES);
    await bareRound(template, messages.slice(0, 2000)); // warm-up: JIT, sockets
    const bare: number[] = [];
    const core: number[] = [];
    let sent = 2000;
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await bareRound(template, messages));
      const run = await coreRound(`http:${template}`, SHAPE);
      core.push(run.rate);
      sent += messages.length + run.delivered;
    }
    const witnessed = await received(base);
    const { title } = questionEntry("http-core");
    publish({
      schema: "swarm-stress/bench-question@1",
      name: "http-core",
      title: `${title}: the HTTP core beside a bare loop of the same client`,
      question:
        "Does `--core http:URL` post at 0.7 of what a bare loop of the same HTTP client and pool does, against a receiver that answers at once?",
      at: new Date().toISOString(),
      durationMs: performance.now() - started,
      machine: describeMachine(),
      figures: [
        figure("HTTP core", median(core), "msg/s"),
        figure("bare loop", median(bare), "msg/s"),
        figure("core / bare loop", median(pairedRatios(core, bare)), "", {
          kind: "atLeast",
          value: TARGET_SHARE,
        }),
      ],
      notes: [
        `${number(MESSAGES)} direct messages of 64-byte payloads to ${AGENTS} agents, ${CONCURRENCY} in flight, keep-alive pool of ${CONCURRENCY} sockets; ${ROUNDS} rounds, each the bare loop then the core, after a warm-up; the share is the median of the rounds' own shares`,
        `HTTP core: a closed run through the memory queue, batches of 500, interval 0, its own throughput figure; rounds: ${core.map((r) => number(Math.round(r))).join(", ")} msg/s`,
        `bare loop: the same JSON bodies (the core's own deliveryBody) posted with node:http by ${CONCURRENCY} loops; rounds: ${bare.map((r) => number(Math.round(r))).join(", ")} msg/s`,
        `the receiver, a process of its own, counted ${number(witnessed)} requests; the bare loops and the runs sent ${number(sent)}: ${witnessed === sent ? "they agree" : "THEY DISAGREE"}`,
      ],
    });
  } finally {
    child.kill();
  }
}

await main();
