/**
 * A2A agents in a process of their own, for bench/a2a-core.ts: `AGENTS` agents (Agent-1 …)
 * built with the SDK's server side (test/fixtures/a2a-agents.ts), answering at once. Prints
 * the port on its first line; each `count` line on stdin is answered with the number of
 * messages the agents received, the witness of what was sent.
 */
import { createInterface } from "node:readline";
import { startA2aAgents } from "../../test/fixtures/a2a-agents.js";

const count = Number(process.env.AGENTS ?? "10");
const agents = await startA2aAgents(Array.from({ length: count }, (_, i) => `Agent-${i + 1}`));
process.stdout.write(`${agents.port}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "count") continue;
  let received = 0;
  for (const receipts of agents.received.values()) {
    for (const times of receipts.values()) received += times;
  }
  process.stdout.write(`${received}\n`);
}
await agents.close();
