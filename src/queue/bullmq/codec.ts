import { isMessageType, type Message } from "../../model/message.js";

/**
 * A BullMQ job's data: the message as it stood when last stored (enqueue, nack, expiry, dead
 * letter), and how many hand-outs BullMQ had counted then. BullMQ stores data as JSON, which
 * every field of a message survives, and a job read in a Redis client or a dashboard stays
 * readable.
 */
export interface JobData {
  readonly message: Message;
  /**
   * BullMQ's `attemptsStarted` (every move to active, an expired lease's too) when `message`
   * was stored: a hand-out's `attempts` is `message.attempts` plus the starts since.
   */
  readonly startsAtStore: number;
}

/** Job name of every message job, so that a dashboard tells them from other jobs. */
export const JOB_NAME = "swarm-stress-message";

/**
 * BullMQ's best priority is 1 and its worst 2^21; a job without one goes before every
 * prioritized job. Every message gets one, counted down from the middle of BullMQ's range, so
 * that a higher message priority is a lower BullMQ number and priorities from −1,048,575 to
 * 1,048,575 keep their order exactly (outside that they are clamped).
 */
const PRIORITY_ORIGIN = 1_048_576;
const BULLMQ_MAX_PRIORITY = 2_097_152;

/** The BullMQ priority of a message priority: higher first in ours is lower in BullMQ's. */
export function bullmqPriority(priority: number): number {
  const value = PRIORITY_ORIGIN - Math.round(priority);
  return Math.min(BULLMQ_MAX_PRIORITY, Math.max(1, Number.isFinite(value) ? value : 1));
}

/**
 * `message` as job data, with BullMQ's count of starts when it is stored. The fields are copied
 * one by one: a message may be a class instance whose `id` is a getter, which a spread (and
 * JSON) would drop.
 */
export function jobData(message: Message, startsAtStore: number): JobData {
  const stored: Message = {
    id: message.id,
    seq: message.seq,
    type: message.type,
    sender: message.sender,
    addressedTo: message.addressedTo,
    recipients: message.recipients,
    priority: message.priority,
    payload: message.payload,
    scheduledAt: message.scheduledAt,
    enqueuedAt: message.enqueuedAt,
    acceptedAt: message.acceptedAt,
    attempts: message.attempts,
    ...(message.lastError === undefined ? {} : { lastError: message.lastError }),
  };
  return { message: stored, startsAtStore };
}

/**
 * The message a job carries, as a fresh object the holder may change.
 *
 * @throws {Error} when the job is not one this driver wrote (another application's job in the
 * same queue).
 */
export function messageOf(data: unknown, jobId: string | undefined): JobData {
  const candidate = data as Partial<JobData> | null;
  const message = candidate?.message as Partial<Message> | undefined;
  if (
    typeof candidate?.startsAtStore !== "number" ||
    typeof message?.seq !== "number" ||
    typeof message.id !== "string" ||
    typeof message.type !== "string" ||
    !isMessageType(message.type) ||
    !Array.isArray(message.recipients) ||
    typeof message.attempts !== "number"
  ) {
    throw new Error(`BullMQ job ${jobId ?? "?"} is not a swarm-stress message`);
  }
  return { message: { ...(message as Message) }, startsAtStore: candidate.startsAtStore };
}
