/**
 * The JetStream names of one queue, `NAME` from `nats://…?stream=NAME`:
 *
 * - stream `NAME` (retention work-queue, file storage): the messages, one subject per
 *   priority, `swarm-stress.NAME.p.LANE`; an acked message leaves the stream;
 * - one durable pull consumer per priority, `lane_LANE`, filtered to its subject, explicit
 *   ack, AckWait the visibility timeout: a lease walks them highest priority first, since one
 *   consumer hands out in stream order only and JetStream has no priority order of its own;
 * - stream `NAME_DLQ` (limits retention): dead letters, oldest first, on `swarm-stress.NAME.dead`;
 * - stream `NAME_RETRY` (one message per subject): what a nack changed in a message (attempts,
 *   recipients, last error), on `swarm-stress.NAME.retry.SEQ`, since a JetStream nak cannot
 *   change the message it returns.
 */
export interface NatsNames {
  readonly stream: string;
  readonly laneSubjects: string;
  readonly deadStream: string;
  readonly deadSubject: string;
  readonly retryStream: string;
  readonly retrySubjects: string;
  /** The subject of priority `priority`'s messages. */
  laneSubject(priority: number): string;
  /** The subject of the retry state of the message at stream sequence `seq`. */
  retrySubject(seq: number): string;
}

/** Subjects of every queue start here, so that they never meet an application's. */
const ROOT = "swarm-stress";

/** The names of queue `name` (already checked by `natsStreamNameProblem`). */
export function natsNames(name: string): NatsNames {
  const base = `${ROOT}.${name}`;
  return {
    stream: name,
    laneSubjects: `${base}.p.*`,
    deadStream: `${name}_DLQ`,
    deadSubject: `${base}.dead`,
    retryStream: `${name}_RETRY`,
    retrySubjects: `${base}.retry.*`,
    laneSubject: (priority) => `${base}.p.${laneToken(priority)}`,
    retrySubject: (seq) => `${base}.retry.${seq}`,
  };
}

/** A priority as a subject token and consumer-name part: no `.` may appear in either. */
export function laneToken(priority: number): string {
  return String(priority).replace(".", "_");
}

/** The priority a lane consumer's name or subject token stands for, or undefined. */
export function priorityOfToken(token: string): number | undefined {
  const priority = Number(token.replace("_", "."));
  return token !== "" && Number.isFinite(priority) ? priority : undefined;
}

/** Name of the durable consumer of priority `priority`. */
export function laneConsumer(priority: number): string {
  return `lane_${laneToken(priority)}`;
}
