// dist/config/scenarios.js
var DEFAULT_SETTINGS = {
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
  queueCapacity: 1e4,
  visibilityTimeout: "30s",
  core: "mock",
  delay: "1ms",
  successRate: 1,
  chaos: false,
  thresholds: [],
  abortOnFail: false
};
var ALL_TYPES = ["direct", "broadcast", "hard_onboard", "soft_onboard"];
var gentle = {
  agents: 9,
  messagesPerAgent: 100,
  types: ALL_TYPES,
  batchSize: 10,
  interval: "100ms",
  delay: "1ms"
};
var realistic = { ...gentle, successRate: 0.95 };
var SCENARIOS = [
  {
    name: "default",
    description: "The seed system's baseline: every message type at a gentle pace, no failures.",
    settings: { ...gentle, successRate: 1 }
  },
  {
    name: "max-throughput",
    description: "Maximum throughput: large batches, short pauses, direct messages only.",
    settings: {
      agents: 9,
      messagesPerAgent: 1e3,
      types: ["direct"],
      batchSize: 100,
      interval: "10ms",
      delay: "0.1ms",
      successRate: 1
    }
  },
  {
    name: "large",
    description: "The benchmark's large row: 9 agents \xD7 1000 messages of every type, batch 100.",
    settings: {
      ...gentle,
      messagesPerAgent: 1e3,
      batchSize: 100,
      interval: "10ms",
      successRate: 1
    }
  },
  {
    name: "realistic",
    description: "Realistic load: every message type, 1 ms deliveries, 5% of attempts fail.",
    settings: realistic
  },
  {
    name: "failure",
    description: "Failure handling: 20% of attempts fail on a slower core; retries and dead letters.",
    settings: { ...realistic, successRate: 0.8, delay: "5ms" }
  },
  {
    name: "chaos",
    description: "Realistic load plus failure bursts, latency spikes, a small queue and memory pressure.",
    settings: { ...realistic, chaos: true }
  },
  {
    name: "firehose",
    description: "The harness's own ceiling: a million direct messages, zero delay, zero pause.",
    settings: {
      agents: 10,
      messagesPerAgent: 1e5,
      types: ["direct"],
      batchSize: 1e3,
      interval: 0,
      delay: 0,
      successRate: 1,
      payloadSize: 64
    }
  }
];
function findScenario(name) {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

export {
  DEFAULT_SETTINGS,
  SCENARIOS,
  findScenario
};
