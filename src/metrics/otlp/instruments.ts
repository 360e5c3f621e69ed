/**
 * The OpenTelemetry instruments a run exports with `--otlp`: names, units, kinds and what each
 * means. docs/otlp.md lists the same; the exporter creates exactly these.
 */

/** How an instrument is made: a counter, an observable gauge, or a histogram. */
export type InstrumentKind = "counter" | "gauge" | "histogram";

/** One exported instrument. */
export interface InstrumentSpec {
  readonly name: string;
  readonly kind: InstrumentKind;
  /** UCUM unit, as OpenTelemetry writes it. */
  readonly unit: string;
  readonly description: string;
}

/** Attribute on every point: the run's id. */
export const RUN_ID_ATTRIBUTE = "swarm_stress.run_id";
/** Attribute of the per-message instruments: the message's type. */
export const MESSAGE_TYPE_ATTRIBUTE = "swarm_stress.message_type";
/** Attribute of the per-message instruments, with `--otlp-agent-attribute`: the sender. */
export const AGENT_ATTRIBUTE = "swarm_stress.agent";
/** Agents named apart in {@link AGENT_ATTRIBUTE}; the rest share {@link OTHER_AGENTS}. */
export const MAX_AGENT_VALUES = 100;
/** The agent attribute's value for agents beyond {@link MAX_AGENT_VALUES}. */
export const OTHER_AGENTS = "other";

/** The instruments, by the key the exporter uses for each. */
export const INSTRUMENTS = {
  generated: {
    name: "swarm_stress.messages.generated",
    kind: "counter",
    unit: "{message}",
    description: "messages the generator made (totals.generated)",
  },
  delivered: {
    name: "swarm_stress.messages.delivered",
    kind: "counter",
    unit: "{message}",
    description: "messages that reached every recipient (totals.delivered)",
  },
  deadLettered: {
    name: "swarm_stress.messages.dead_lettered",
    kind: "counter",
    unit: "{message}",
    description: "messages that failed maxAttempts delivery rounds (totals.deadLettered)",
  },
  dropped: {
    name: "swarm_stress.messages.dropped",
    kind: "counter",
    unit: "{message}",
    description: "open load: arrivals dropped for want of room in the backlog (totals.dropped)",
  },
  retried: {
    name: "swarm_stress.messages.retried",
    kind: "counter",
    unit: "{message}",
    description: "times a message went back to the queue for another round (totals.retried)",
  },
  failed: {
    name: "swarm_stress.delivery.failed",
    kind: "counter",
    unit: "{attempt}",
    description: "failed delivery attempts per recipient, timeouts included (totals.failed)",
  },
  endToEnd: {
    name: "swarm_stress.latency.end_to_end",
    kind: "histogram",
    unit: "ms",
    description:
      "per delivered message, from its scheduled time to its last successful delivery (latency.endToEnd)",
  },
  delivery: {
    name: "swarm_stress.latency.delivery",
    kind: "histogram",
    unit: "ms",
    description:
      "per delivery attempt and recipient, the core's time for the call (latency.delivery)",
  },
  depth: {
    name: "swarm_stress.queue.depth",
    kind: "gauge",
    unit: "{message}",
    description: "messages the queue holds (ready, delayed, leased), at the latest sample",
  },
  rss: {
    name: "swarm_stress.process.memory.rss",
    kind: "gauge",
    unit: "By",
    description: "resident set size of the swarm-stress process, at the latest sample",
  },
  cpu: {
    name: "swarm_stress.process.cpu",
    kind: "gauge",
    unit: "%",
    description:
      "CPU time over wall time of the swarm-stress process between its last two samples, % of one core",
  },
  eventLoopLag: {
    name: "swarm_stress.event_loop.lag",
    kind: "gauge",
    unit: "ms",
    description:
      "the longest the event loop ran late (beyond the monitor's 10 ms period) since the previous export",
  },
} as const satisfies Readonly<Record<string, InstrumentSpec>>;
