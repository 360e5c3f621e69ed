import type { Message } from "../../model/message.js";
import {
  checkedTuple,
  messageOfWhole,
  pack,
  unpack,
  WHOLE_MESSAGE_FIELDS,
  type WholeMessage,
  wholeMessage,
} from "../message-codec.js";

/**
 * One RabbitMQ message body: the shared unchanging fields, then what changes as the message
 * goes round. The whole message travels in every copy (a retry or a dead letter is published
 * anew), so a copy read back after a crash carries the attempts and recipients it was sent with.
 */
type Body = readonly [
  ...WholeMessage,
  /** When a nacked copy is due; `null` for a message ready at once. */
  retryAt: number | null,
  /** Why a dead letter was given up on; `null` on the work queue. */
  deadError: string | null,
];

const BODY_FIELDS = WHOLE_MESSAGE_FIELDS + 2;

/** A message decoded from a body, with the extra fields its copy carried. */
export interface DecodedBody {
  readonly message: Message;
  readonly retryAt: number | undefined;
  readonly deadError: string | undefined;
}

/** `message` as a body; `retryAt` for a nacked copy, `deadError` for a dead letter. */
export function encodeMessage(message: Message, retryAt?: number, deadError?: string): Buffer {
  const body: Body = [...wholeMessage(message), retryAt ?? null, deadError ?? null];
  return pack(body);
}

/** @throws {Error} when the bytes are not a body this driver wrote. */
export function decodeMessage(bytes: Uint8Array): DecodedBody {
  const body = checkedTuple<Body>(unpack(bytes), "a message in the RabbitMQ queue", BODY_FIELDS);
  const message = messageOfWhole(body);
  const [retryAt, deadError] = body.slice(WHOLE_MESSAGE_FIELDS) as unknown as readonly [
    number | null,
    string | null,
  ];
  return { message, retryAt: retryAt ?? undefined, deadError: deadError ?? undefined };
}
