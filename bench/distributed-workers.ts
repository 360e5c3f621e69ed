/**
 * Question 9, distributed workers: how a run's throughput changes from one worker process to
 * two, on a workload bound by its core's delivery time (which more workers should scale) and
 * on one bound by CPU (which the machine's cores cap). Each run is a whole `--workers N` run
 * through Redis: the coordinator, N worker processes started by it, and the merged result.
 * Needs a Redis: `REDIS_URL`, else 127.0.0.1:6379 (database 15). Run alone with
 * `npx tsx bench/distributed-workers.ts` (after `npm run build`: the workers run the built CLI).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createConnection } from "node:net";
import { cpus } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RunResult } from "../src/result/result.js";
import type { RunnerOptions } from "../src/run/options.js";
import { StressTestRunner } from "../src/run/runner.js";
import { publish } from "./support/output.js";
import { describeMachine, figure, median } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/15";
const ROUNDS = 2;
/** Two workers on a delivery-bound workload should do nearly twice the work of one. */
const TARGET_SCALING = 1.5;

/** 5 ms per delivery, 20 at a time per worker: a worker tops out near 4,000 messages/s. */
const DELIVERY_BOUND: RunnerOptions = {
  agents: 10,
  messagesPerAgent: 800,
  types: ["direct"],
  batchSize: 20,
  interval: 0,
  delay: "5ms",
  seed: 1,
};

/** No delivery time, large batches: the processes' CPU is the limit. */
const CPU_BOUND: RunnerOptions = {
  agents: 10,
  messagesPerAgent: 4000,
  types: ["direct"],
  batchSize: 200,
  interval: 0,
  delay: 0,
  seed: 1,
};

function streamUrl(): string {
  const stream = `swarm-stress-bench:workers:${randomBytes(4).toString("hex")}`;
  return `${REDIS_URL.replace(/\?.*$/, "")}?stream=${encodeURIComponent(stream)}`;
}

async function run(workload: RunnerOptions, workers: number): Promise<RunResult> {
  const result = await new StressTestRunner({ ...workload, queue: streamUrl(), workers }).run();
  if (!result.audit.balanced) throw new Error(`a ${workers}-worker run did not balance`);
  return result;
}

function redisAnswers(): Promise<boolean> {
  const match = /^rediss?:\/\/(?:.*@)?([^:/?]+)(?::(\d+))?/.exec(REDIS_URL);
  return new Promise((resolve) => {
    const socket = createConnection({
      host: match?.[1] ?? "127.0.0.1",
      port: Number(match?.[2] ?? 6379),
    });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on("connect", () => done(true));
    socket.on("error", () => done(false));
  });
}

async function main(): Promise<void> {
  const { title } = questionEntry("distributed-workers");
  if (!(await redisAnswers())) {
    process.stdout.write(`${title}: SKIPPED, no Redis answers at ${REDIS_URL}\n`);
    return;
  }
  if (!existsSync(join(import.meta.dirname, "..", "dist", "cli", "main.js"))) {
    throw new Error("the workers run the built CLI: npm run build first");
  }
  const started = performance.now();
  await run({ ...DELIVERY_BOUND, messagesPerAgent: 100 }, 1); // warm-up
  const rates = {
    delivery1: [] as number[],
    delivery2: [] as number[],
    cpu1: [] as number[],
    cpu2: [] as number[],
  };
  // Interleaved, so that a noisy moment hits every side alike; medians reported.
  for (let round = 0; round < ROUNDS; round++) {
    rates.delivery1.push((await run(DELIVERY_BOUND, 1)).throughput.messagesPerSec);
    rates.delivery2.push((await run(DELIVERY_BOUND, 2)).throughput.messagesPerSec);
    rates.cpu1.push((await run(CPU_BOUND, 1)).throughput.messagesPerSec);
    rates.cpu2.push((await run(CPU_BOUND, 2)).throughput.messagesPerSec);
  }
  const m = {
    delivery1: median(rates.delivery1),
    delivery2: median(rates.delivery2),
    cpu1: median(rates.cpu1),
    cpu2: median(rates.cpu2),
  };
  const count = (value: number) => Math.round(value).toLocaleString("en-US");
  const list = (values: number[]) => values.map(count).join(", ");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "distributed-workers",
    title: `${title}: one worker process against two`,
    question:
      "How does a run's throughput change from one worker process to two, when deliveries take time and when the CPU is the limit?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures: [
      figure("delivery-bound, 1 worker", m.delivery1, "msg/s"),
      figure("delivery-bound, 2 workers", m.delivery2, "msg/s"),
      figure("delivery-bound, 2 / 1", m.delivery2 / m.delivery1, "", {
        kind: "atLeast",
        value: TARGET_SCALING,
      }),
      figure("cpu-bound, 1 worker", m.cpu1, "msg/s"),
      figure("cpu-bound, 2 workers", m.cpu2, "msg/s"),
      figure("cpu-bound, 2 / 1", m.cpu2 / m.cpu1, "", { kind: "reported" }),
    ],
    notes: [
      `each figure: a whole run (coordinator producing into a Redis stream, worker processes it started delivering, results merged), throughput as the run reports it (settled messages over the run's time, from when the workers had joined); median of ${ROUNDS} rounds, interleaved`,
      `delivery-bound: ${(DELIVERY_BOUND.agents ?? 0) * (DELIVERY_BOUND.messagesPerAgent ?? 0)} direct messages, mock core with 5 ms deliveries, batches of 20 delivered at once, no pause: ${list(rates.delivery1)} msg/s with 1 worker, ${list(rates.delivery2)} with 2`,
      `cpu-bound: ${(CPU_BOUND.agents ?? 0) * (CPU_BOUND.messagesPerAgent ?? 0)} direct messages, no delivery time, batches of 200: ${list(rates.cpu1)} msg/s with 1 worker, ${list(rates.cpu2)} with 2`,
      `this machine has ${cpus().length} cores for the coordinator, the workers and Redis together: CPU-bound work cannot scale past what they leave free`,
    ],
  });
}

await main();
