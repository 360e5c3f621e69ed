/**
 * The two sides of a remote core's bench (HTTP, A2A): the same messages sent by a bare loop,
 * and a closed run through the core, against the same receiving server.
 */
import { performance } from "node:perf_hooks";
import type { Message } from "../../src/model/message.js";
import type { RunResult } from "../../src/result/result.js";
import { StressTestRunner } from "../../src/run/runner.js";

/** Messages a second `send` got through, `concurrency` calls in flight at once. */
export async function loopRate(
  messages: readonly Message[],
  concurrency: number,
  send: (message: Message) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < messages.length) await send(messages[next++] as Message);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (messages.length * 1000) / (performance.now() - started);
}

/** How a core round runs: `messages` direct messages from `agents`, `concurrency` in flight. */
export interface CoreRoundShape {
  readonly agents: number;
  readonly messages: number;
  readonly concurrency: number;
}

/**
 * A closed run of the shape's messages through `core` (`http:…`, `a2a:…`): its throughput and
 * deliveries. Throws when the audit did not balance.
 */
export async function coreRound(
  core: string,
  shape: CoreRoundShape,
): Promise<{ rate: number; delivered: number; result: RunResult }> {
  const result = await new StressTestRunner({
    core,
    agents: shape.agents,
    messagesPerAgent: shape.messages / shape.agents,
    types: ["direct"],
    payloadSize: 64,
    batchSize: 500,
    concurrency: shape.concurrency,
    interval: 0,
    seed: 1,
  }).run();
  if (!result.audit.balanced) throw new Error(`${core}: the audit did not balance`);
  return { rate: result.throughput.messagesPerSec, delivered: result.totals.delivered, result };
}
