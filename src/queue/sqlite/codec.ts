import type { Message, MessageType } from "../../model/message.js";
import type { DeadLetter } from "../driver.js";
import {
  checkedTuple,
  owesEveryAddressee,
  pack,
  UNCHANGING_FIELDS,
  type UnchangingFields,
  unchangingFields,
  unpack,
} from "../message-codec.js";
import type { DeadRow, InspectedDeadRow } from "./statements.js";

/**
 * What the file keeps of a message in its batch blob: the fields that never change; attempts,
 * errors and recipients owed live in columns of their own.
 */
export type Body = UnchangingFields;

/** The bodies of `messages[from..to)` as one blob. */
export function encodeBodies(messages: readonly Message[], from: number, to: number): Buffer {
  const bodies = new Array<Body>(to - from);
  for (let i = from; i < to; i++) bodies[i - from] = unchangingFields(messages[i] as Message);
  return pack(bodies);
}

/** One message's body as a blob (dead letters keep their own). */
export function encodeBody(message: Message): Buffer {
  return pack(unchangingFields(message));
}

/** @throws {Error} when the blob is not a list of bodies. */
export function decodeBodies(blob: Uint8Array): Body[] {
  return checkedTuple<Body[]>(unpack(blob), "a message batch in the queue file");
}

/** @throws {Error} when the blob is not a body. */
export function decodeBody(blob: Uint8Array): Body {
  return checkedTuple<Body>(unpack(blob), "a dead letter in the queue file", UNCHANGING_FIELDS);
}

/**
 * The recipients still owed, as stored: `null` while they are exactly `addressedTo` (nearly
 * always), so the common row carries no blob.
 */
export function encodeRecipients(message: Message): Buffer | null {
  return owesEveryAddressee(message) ? null : pack(message.recipients);
}

/** Inverse of {@link encodeRecipients}. */
export function decodeRecipients(
  blob: Uint8Array | null,
  addressedTo: readonly string[],
): readonly string[] {
  return blob === null ? addressedTo : (unpack(blob) as string[]);
}

/**
 * A message read back from the file: a fresh object per hand-out, with one shape for all, so
 * hot paths that read its fields see a single hidden class.
 */
export class StoredMessage implements Message {
  readonly id: string;
  readonly seq: number;
  readonly type: MessageType;
  readonly sender: string;
  readonly addressedTo: readonly string[];
  readonly payload: string;
  readonly scheduledAt: number;

  constructor(
    body: Body,
    readonly priority: number,
    public recipients: readonly string[],
    public enqueuedAt: number,
    public attempts: number,
    public lastError: string | undefined,
    /** When the batch holding it was accepted: when the queue first took the message. */
    readonly acceptedAt?: number,
  ) {
    this.id = body[0];
    this.type = body[1];
    this.sender = body[2];
    this.addressedTo = body[3];
    this.payload = body[4];
    this.scheduledAt = body[5];
    this.seq = body[6];
  }
}

/**
 * A dead letter row as the contract's {@link DeadLetter}; `inspect` reads the same columns with
 * `dead_at` after them.
 */
export function deadLetterOf(row: DeadRow | InspectedDeadRow): DeadLetter {
  const [, priority, error, attempts, lastError, recipients, enqueuedAt, blob] = row;
  const body = decodeBody(blob);
  const message = new StoredMessage(
    body,
    priority,
    decodeRecipients(recipients, body[3]),
    enqueuedAt,
    attempts,
    lastError ?? undefined,
  );
  return { message, error };
}
