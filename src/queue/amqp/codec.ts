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
 * One RabbitMQ message body: the shared unchanging fields, then what changes as the message
 * goes round. The whole message travels in every copy (a retry or a dead letter is published
 * anew), so a copy read back after a crash carries the attempts and recipients it was sent with.
 */
type Body = readonly [
  ...UnchangingFields,
  priority: number,
  /** `null` while exactly `addressedTo`, as nearly always. */
  recipients: readonly string[] | null,
  attempts: number,
  lastError: string | null,
  enqueuedAt: number,
  acceptedAt: number | null,
  /** When a nacked copy is due; `null` for a message ready at once. */
  retryAt: number | null,
  /** Why a dead letter was given up on; `null` on the work queue. */
  deadError: string | null,
];

const BODY_FIELDS = UNCHANGING_FIELDS + 8;

/** A message decoded from a body, with the extra fields its copy carried. */
export interface DecodedBody {
  readonly message: Message;
  readonly retryAt: number | undefined;
  readonly deadError: string | undefined;
}

/** `message` as a body; `retryAt` for a nacked copy, `deadError` for a dead letter. */
export function encodeMessage(message: Message, retryAt?: number, deadError?: string): Buffer {
  const body: Body = [
    ...unchangingFields(message),
    message.priority,
    owesEveryAddressee(message) ? null : message.recipients,
    message.attempts,
    message.lastError ?? null,
    message.enqueuedAt,
    message.acceptedAt ?? null,
    retryAt ?? null,
    deadError ?? null,
  ];
  return pack(body);
}

/** @throws {Error} when the bytes are not a body this driver wrote. */
export function decodeMessage(bytes: Uint8Array): DecodedBody {
  const body = checkedTuple<Body>(unpack(bytes), "a message in the RabbitMQ queue", BODY_FIELDS);
  const [id, type, sender, addressedTo, payload, scheduledAt, seq] = body;
  const [priority, recipients, attempts, lastError, enqueuedAt, acceptedAt, retryAt, deadError] =
    body.slice(UNCHANGING_FIELDS) as unknown as readonly [
      number,
      readonly string[] | null,
      number,
      string | null,
      number,
      number | null,
      number | null,
      string | null,
    ];
  const message: Message = {
    id,
    seq,
    type: type as MessageType,
    sender,
    addressedTo,
    recipients: recipients ?? addressedTo,
    priority,
    payload,
    scheduledAt,
    enqueuedAt,
    acceptedAt: acceptedAt ?? undefined,
    attempts,
    ...(lastError === null ? {} : { lastError }),
  };
  return { message, retryAt: retryAt ?? undefined, deadError: deadError ?? undefined };
}
