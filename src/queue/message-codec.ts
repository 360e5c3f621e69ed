import { Packr } from "msgpackr";
import type { Message, MessageType } from "../model/message.js";

// Plain msgpack, no records: the durable drivers store tuples, which gain nothing from
// msgpackr's record structures, and stored bytes must not depend on structure tables kept
// outside them. Queue files and Redis streams already written hold exactly this encoding.
const packr = new Packr({ useRecords: false });

/** `value` in the msgpack encoding the durable drivers store. */
export function pack(value: unknown): Buffer {
  return packr.pack(value);
}

/**
 * The value {@link pack} made of `bytes`, unchecked: see {@link checkedTuple}.
 *
 * @throws {Error} when the bytes are not msgpack.
 */
export function unpack(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}

/**
 * Each of the values packed end to end in `bytes`, in order.
 *
 * @throws {Error} when the bytes are not msgpack.
 */
export function unpackEach(bytes: Uint8Array, each: (value: unknown) => void): void {
  packr.unpackMultiple(bytes, each);
}

/**
 * `value`, unpacked from storage, as the tuple `T` its driver wrote: a list, of `length` items
 * when given. The items themselves are trusted as written; the check catches bytes that are
 * not a stored message at all (another application's data, a damaged file) before a message
 * is built from them.
 *
 * @throws {Error} `WHAT is malformed`, `what` naming the thing in the driver's words.
 */
export function checkedTuple<T extends readonly unknown[]>(
  value: unknown,
  what: string,
  length?: number,
): T {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new Error(`${what} is malformed`);
  }
  return value as unknown as T;
}

/**
 * True while a message's recipients still owed are exactly its addressees, as they nearly
 * always are: the drivers then store no list of recipients at all.
 */
export function owesEveryAddressee(message: Message): boolean {
  const { recipients, addressedTo } = message;
  if (recipients === addressedTo) return true;
  if (recipients.length !== addressedTo.length) return false;
  for (let i = 0; i < recipients.length; i++) if (recipients[i] !== addressedTo[i]) return false;
  return true;
}

/**
 * The fields of a message that never change once it is made, in the fixed order both durable
 * drivers store them first. A tuple, not a record: no field names in every stored message, and
 * nothing lost from messages whose fields are getters (the generator's `id`).
 */
export type UnchangingFields = readonly [
  id: string,
  type: MessageType,
  sender: string,
  addressedTo: readonly string[],
  payload: string,
  scheduledAt: number,
  seq: number,
];

/** How many fields {@link UnchangingFields} holds. */
export const UNCHANGING_FIELDS = 7;

/** The unchanging fields of `message`, each read explicitly. */
export function unchangingFields(message: Message): UnchangingFields {
  return [
    message.id,
    message.type,
    message.sender,
    message.addressedTo,
    message.payload,
    message.scheduledAt,
    message.seq,
  ];
}
