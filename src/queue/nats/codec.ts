import type { Message, MessageType } from "../../model/message.js";
import {
  checkedTuple,
  owesEveryAddressee,
  pack,
  UNCHANGING_FIELDS,
  type UnchangingFields,
  unchangingFields,
  unpack,
} from "../message-codec.js";

/**
 * A message as a NATS stream message keeps it, written once at enqueue and never changed (a
 * JetStream nak cannot change it): the unchanging fields, then its priority, attempts, last
 * error, recipients, and the times it was accepted and enqueued.
 */
type Body = readonly [
  ...UnchangingFields,
  priority: number,
  attempts: number,
  lastError: string | null,
  /** `null` while they are exactly `addressedTo`, as they nearly always are. */
  recipients: readonly string[] | null,
  acceptedAt: number,
  enqueuedAt: number,
];

/** What a nack changed in a message, kept in the queue's retry stream. */
export type RetryState = readonly [
  attempts: number,
  lastError: string | null,
  recipients: readonly string[] | null,
  /** The consumer's delivery count when the nack came: later hand-outs add to `attempts`. */
  deliveredAtNack: number,
  /** When the retry comes due: the message's `enqueuedAt` from then on. */
  dueAt: number,
];

const MALFORMED = "a message in the NATS queue";
const BODY_FIELDS = UNCHANGING_FIELDS + 6;

/** The stored form of `message`, accepted at `acceptedAt` and ready since `enqueuedAt`. */
export function encodeNatsMessage(
  message: Message,
  acceptedAt: number,
  enqueuedAt = acceptedAt,
): Buffer {
  const body: Body = [
    ...unchangingFields(message),
    message.priority,
    message.attempts,
    message.lastError ?? null,
    owesEveryAddressee(message) ? null : message.recipients,
    acceptedAt,
    enqueuedAt,
  ];
  return pack(body);
}

/** The retry state of `message` as a nack leaves it. */
export function encodeRetryState(message: Message, deliveredAtNack: number, dueAt: number): Buffer {
  const state: RetryState = [
    message.attempts,
    message.lastError ?? null,
    owesEveryAddressee(message) ? null : message.recipients,
    deliveredAtNack,
    dueAt,
  ];
  return pack(state);
}

/** @throws {Error} when the bytes are not a retry state. */
export function decodeRetryState(bytes: Uint8Array): RetryState {
  return checkedTuple<RetryState>(unpack(bytes), "a retry state in the NATS queue", 5);
}

/** A dead letter's stored form: the message as its last hand-out left it, and the reason. */
export function encodeDeadLetter(message: Message, error: string): Buffer {
  return pack([
    encodeNatsMessage(message, message.acceptedAt ?? message.enqueuedAt, message.enqueuedAt),
    error,
  ]);
}

/** @throws {Error} when the bytes are not a dead letter. */
export function decodeDeadLetter(bytes: Uint8Array): { message: Message; error: string } {
  const [body, error] = checkedTuple<[Uint8Array, string]>(unpack(bytes), MALFORMED, 2);
  const message = decodeNatsMessage(body);
  return { message, error };
}

/**
 * A message read back: a fresh object whose `attempts` counts `deliveries` hand-outs on top of
 * the attempts it was stored with.
 *
 * @throws {Error} when the bytes are not a stored message.
 */
export function decodeNatsMessage(bytes: Uint8Array): NatsMessage {
  return new NatsMessage(checkedTuple<Body>(unpack(bytes), MALFORMED, BODY_FIELDS));
}

/** One message read back from the stream, of one shape for all (one hidden class). */
export class NatsMessage implements Message {
  readonly id: string;
  readonly seq: number;
  readonly type: MessageType;
  readonly sender: string;
  readonly addressedTo: readonly string[];
  readonly payload: string;
  readonly scheduledAt: number;
  readonly priority: number;
  recipients: readonly string[];
  attempts: number;
  lastError: string | undefined;
  readonly acceptedAt: number;
  enqueuedAt: number;

  constructor(body: Body) {
    this.id = body[0];
    this.type = body[1];
    this.sender = body[2];
    this.addressedTo = body[3];
    this.payload = body[4];
    this.scheduledAt = body[5];
    this.seq = body[6];
    this.priority = body[7];
    this.attempts = body[8];
    this.lastError = body[9] ?? undefined;
    this.recipients = body[10] ?? body[3];
    this.acceptedAt = body[11];
    this.enqueuedAt = body[12];
  }

  /** Takes on what a nack stored: attempts (before later hand-outs), recipients, last error. */
  applyRetry(state: RetryState): void {
    this.attempts = state[0];
    this.lastError = state[1] ?? undefined;
    this.recipients = state[2] ?? this.addressedTo;
  }
}
