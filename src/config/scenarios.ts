import type { RunSettings, UnsetSettingKey } from "./run-settings.js";

/** A named, documented set of settings. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly settings: Readonly<RunSettings>;
}

/**
 * Settings that resolving works out itself when no layer gives them: the scenario's name (the
 * default scenario), a fresh seed (recorded), the batch size as the concurrency, and the load
 * model (open when a rate or stages are given).
 */
export type DerivedSettingKey = "scenario" | "seed" | "concurrency" | "load";

/**
 * Settings every run starts from; scenarios and user settings override them. Its type holds
 * every setting that is neither derived nor allowed to stay unset, so a setting added to the
 * schema without a default fails to compile here.
 */
export const DEFAULT_SETTINGS: Readonly<
  Required<Omit<RunSettings, DerivedSettingKey | UnsetSettingKey>> &
    Required<Pick<RunSettings, "messagesPerAgent">>
> = {
  agents: 9,
  messagesPerAgent: 100,
  types: ["direct", "broadcast", "hard_onboard", "soft_onboard"],
  payloadSize: 256,
  generation: "stream",
  batchSize: 10,
  interval: "100ms",
  maxAttempts: 3,
  retryBaseDelay: "10ms",
  retryMaxDelay: "1s",
  // Generous for a real core that starts clients or loads a model, yet bounded, so a core
  // that never answers ends the run with a reason instead of silence.
  initTimeout: "60s",
  closeTimeout: "10s",
  queue: "memory",
  queueCapacity: 10_000,
  visibilityTimeout: "30s",
  heartbeat: "5s",
  core: "mock",
  delay: "1ms",
  successRate: 1,
  chaos: false,
  thresholds: [],
  abortOnFail: false,
};

const ALL_TYPES: RunSettings["types"] = ["direct", "broadcast", "hard_onboard", "soft_onboard"];

/** The original design's everyday pace: 9 × 100 messages of every type, a batch every 100 ms. */
const gentle: RunSettings = {
  agents: 9,
  messagesPerAgent: 100,
  types: ALL_TYPES,
  batchSize: 10,
  interval: "100ms",
  delay: "1ms",
};

const realistic: RunSettings = { ...gentle, successRate: 0.95 };

/** The built-in scenarios, in the order `swarm-stress scenarios` lists them. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: "default",
    description: "The seed system's baseline: every message type at a gentle pace, no failures.",
    settings: { ...gentle, successRate: 1 },
  },
  {
    name: "max-throughput",
    description: "Maximum throughput: large batches, short pauses, direct messages only.",
    settings: {
      agents: 9,
      messagesPerAgent: 1000,
      types: ["direct"],
      batchSize: 100,
      interval: "10ms",
      delay: "0.1ms",
      successRate: 1,
    },
  },
  {
    name: "large",
    description: "The benchmark's large row: 9 agents × 1000 messages of every type, batch 100.",
    settings: {
      ...gentle,
      messagesPerAgent: 1000,
      batchSize: 100,
      interval: "10ms",
      successRate: 1,
    },
  },
  {
    name: "realistic",
    description: "Realistic load: every message type, 1 ms deliveries, 5% of attempts fail.",
    settings: realistic,
  },
  {
    name: "failure",
    description:
      "Failure handling: 20% of attempts fail on a slower core; retries and dead letters.",
    settings: { ...realistic, successRate: 0.8, delay: "5ms" },
  },
  {
    name: "chaos",
    description:
      "Realistic load plus failure bursts, latency spikes, a small queue and memory pressure.",
    settings: { ...realistic, chaos: true },
  },
  {
    name: "firehose",
    description: "The harness's own ceiling: a million direct messages, zero delay, zero pause.",
    settings: {
      agents: 10,
      messagesPerAgent: 100_000,
      types: ["direct"],
      batchSize: 1000,
      // Two batches: the producer stays a batch ahead, and fewer messages in flight means less
      // for V8's young-generation collections to copy (measured: faster, and less memory).
      queueCapacity: 2000,
      interval: 0,
      delay: 0,
      successRate: 1,
      payloadSize: 64,
    },
  },
];

/** The scenario called `name`, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
