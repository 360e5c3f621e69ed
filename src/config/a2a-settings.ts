/** The A2A protocol versions the core speaks: 1.0 (`SendMessage`) or 0.3 (`message/send`). */
export const A2A_VERSIONS = ["1.0", "0.3"] as const;

/** An A2A protocol version the core speaks. */
export type A2aVersion = (typeof A2A_VERSIONS)[number];

/**
 * How the core waits for an agent's answer: `blocking` asks the agent to answer once the task
 * has ended; `stream` follows the task's events to its final one; `push` has the agent answer
 * at once and waits for its push notification of the task's end, on a webhook of the harness.
 */
export const A2A_MODES = ["blocking", "stream", "push"] as const;

/** How the core waits for an agent's answer. */
export type A2aMode = (typeof A2A_MODES)[number];

/**
 * What `--agents-local` starts for a run: A2A agents (`a2a`) or plain HTTP receivers (`http`),
 * those of `swarm-stress agents serve`.
 */
export const LOCAL_AGENT_PROTOCOLS = ["a2a", "http"] as const;

/** A protocol `--agents-local` serves its agents over. */
export type LocalAgentProtocol = (typeof LOCAL_AGENT_PROTOCOLS)[number];
