import type { Message, MessageType } from "../../model/message.js";
import {
  checkedTuple,
  owesEveryAddressee,
  type PackedValues,
  pack,
  packEach,
  UNCHANGING_FIELDS,
  type UnchangingFields,
  unchangingFields,
  unpack,
  unpackEach,
} from "../message-codec.js";

/**
 * A message as a Redis stream entry keeps it: every field but `priority` (the lane says it) and
 * `enqueuedAt` (a field of its own, which the scripts restamp without decoding the body): the
 * unchanging ones, then what delivery changes.
 */
type Body = readonly [
  ...UnchangingFields,
  attempts: number,
  lastError: string | null,
  /** `null` while they are exactly `addressedTo`, as they nearly always are. */
  recipients: readonly string[] | null,
];

const MALFORMED = "a message in the Redis queue";

/** The unchanging fields, then attempts, the last error and the recipients still owed. */
const BODY_FIELDS = UNCHANGING_FIELDS + 3;

/** The stored form of `message`; each field is read explicitly. */
export function encodeMessage(message: Message): Buffer {
  return pack(bodyOf(message));
}

/**
 * The stored forms of `messages`, end to end, each byte for byte what {@link encodeMessage}
 * makes of it, and where each ends.
 */
export function encodeMessages(messages: readonly Message[]): PackedValues {
  return packEach(messages.length, (i) => bodyOf(messages[i] as Message));
}

function bodyOf(message: Message): Body {
  return [
    ...unchangingFields(message),
    message.attempts,
    message.lastError ?? null,
    owesEveryAddressee(message) ? null : message.recipients,
  ];
}

/** The times the stream keeps beside each body, one per body. */
export interface EntryTimes {
  /** Each one's enqueuedAt. */
  readonly stamps: readonly number[];
  /** Each one's acceptedAt, when read. */
  readonly accepted?: readonly number[];
}

/**
 * Messages read back from Redis, one from each of `bodies`: fresh objects, of one shape for
 * all, so hot paths that read their fields see a single hidden class. `each` receives them in
 * order.
 *
 * @throws {Error} when the bytes are not stored messages.
 */
export function decodeMessages(
  bodies: readonly Uint8Array[],
  priority: number,
  { stamps, accepted }: EntryTimes,
  each: (message: Message, index: number) => void,
): void {
  if (bodies.length !== stamps.length) throw new Error(`${MALFORMED} is malformed`);
  let index = 0;
  // Joined, because msgpackr reads many values from one buffer faster than one value from each
  // of many, by more than the copy costs.
  unpackEach(Buffer.concat(bodies), (body) => {
    each(
      new RedisMessage(
        checkedTuple<Body>(body, MALFORMED, BODY_FIELDS),
        priority,
        stamps[index] as number,
        accepted?.[index],
      ),
      index,
    );
    index++;
  });
  if (index !== stamps.length) throw new Error(`${MALFORMED} is malformed`);
}

/**
 * One message read back (a dead letter).
 *
 * @throws {Error} when the bytes are not a stored message.
 */
export function decodeMessage(bytes: Uint8Array, priority: number, enqueuedAt: number): Message {
  return new RedisMessage(
    checkedTuple<Body>(unpack(bytes), MALFORMED, BODY_FIELDS),
    priority,
    enqueuedAt,
  );
}

class RedisMessage implements Message {
  readonly id: string;
  readonly seq: number;
  readonly type: MessageType;
  readonly sender: string;
  readonly addressedTo: readonly string[];
  readonly payload: string;
  readonly scheduledAt: number;
  recipients: readonly string[];
  attempts: number;
  lastError: string | undefined;

  constructor(
    body: Body,
    readonly priority: number,
    public enqueuedAt: number,
    readonly acceptedAt?: number,
  ) {
    this.id = body[0];
    this.type = body[1];
    this.sender = body[2];
    this.addressedTo = body[3];
    this.payload = body[4];
    this.scheduledAt = body[5];
    this.seq = body[6];
    this.attempts = body[7];
    this.lastError = body[8] ?? undefined;
    this.recipients = body[9] ?? body[3];
  }
}
