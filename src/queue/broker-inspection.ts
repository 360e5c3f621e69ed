import type { DeadLetter } from "./driver.js";
import type { ErrorCount } from "./sqlite/inspect.js";

/** How many of the oldest dead letters an inspection reads. */
export const DEAD_LETTER_SAMPLE = 20;

/**
 * What `queue inspect` shows of a RabbitMQ or NATS queue: what the broker can tell without
 * handing a message out. Neither keeps the driver's states apart (a retry waiting for its time
 * sits in the work queue like a ready message; leases and retry times are the run's own), so
 * the work queue's messages are one count.
 */
export interface BrokerInspection {
  readonly broker: string;
  readonly queue: string;
  /** The server, password hidden. */
  readonly server: string;
  /** Messages the work queue holds: ready and waiting for a retry alike. */
  readonly held: number;
  /**
   * Of {@link held}, those handed out and not yet acknowledged, when the broker counts them
   * (NATS: a run's leases, or a crashed run's until their AckWait passes); undefined when it
   * does not (RabbitMQ counts only the messages it has not delivered).
   */
  readonly handedOut: number | undefined;
  /** Consumers on the work queue now (a run using it), when the broker tells. */
  readonly consumers: number | undefined;
  readonly deadLetters: {
    readonly total: number;
    /** Among the sampled dead letters, by error, most frequent first. */
    readonly byError: readonly ErrorCount[];
    /** The oldest dead letters. */
    readonly first: readonly DeadLetter[];
  };
}

/** Dead letters counted by error, most frequent first (then by error). */
export function countErrors(letters: readonly DeadLetter[]): ErrorCount[] {
  const counts = new Map<string, number>();
  for (const { error } of letters) counts.set(error, (counts.get(error) ?? 0) + 1);
  return [...counts]
    .map(([error, count]) => ({ error, count }))
    .sort((a, b) => b.count - a.count || a.error.localeCompare(b.error));
}
