import type * as Msgpackr from "msgpackr";
import type { Message, MessageType } from "../model/message.js";
import { lazyPackage, once } from "../util/lazy.js";

const loadMsgpackr = lazyPackage<typeof Msgpackr>("msgpackr");

/** The packer every function here uses, and the modes {@link packEach} packs in. */
interface Codec {
  readonly packr: Msgpackr.Packr;
  /** Pack into msgpackr's own buffer, over the previous value: see {@link packEach}. */
  readonly reuseBuffer: number;
}

/**
 * Made, and msgpackr loaded, when the first value is packed or unpacked: only the durable
 * drivers do, and importing the library must not pay for msgpackr's load.
 *
 * Plain msgpack, no records: the durable drivers store tuples, which gain nothing from
 * msgpackr's record structures, and stored bytes must not depend on structure tables kept
 * outside them. Queue files and Redis streams already written hold exactly this encoding.
 */
const codec = once((): Codec => {
  const msgpackr = loadMsgpackr();
  return {
    packr: new msgpackr.Packr({ useRecords: false }),
    reuseBuffer: msgpackr.REUSE_BUFFER_MODE | msgpackr.RESET_BUFFER_MODE,
  };
});

/** `value` in the msgpack encoding the durable drivers store. */
export function pack(value: unknown): Buffer {
  return codec().packr.pack(value);
}

/** Values packed end to end, and where each ends. */
export interface PackedValues {
  /** Each value as {@link pack} packs it alone, end to end. */
  readonly bytes: Buffer;
  /** `ends[i]`: the offset in `bytes` just past value `i`, which starts where value `i - 1` ends. */
  readonly ends: Uint32Array;
}

/** msgpackr's own buffer, as it returns it in REUSE_BUFFER_MODE: the value is at [start, end). */
type ReusedBuffer = Buffer & { readonly start: number; readonly end: number };

/**
 * `count` values, `valueAt(i)` each, packed end to end into one buffer, each exactly as
 * {@link pack} packs it alone: for a driver that sends many at once as one argument, without a
 * Buffer for each value and a copy to join them.
 */
export function packEach(count: number, valueAt: (index: number) => unknown): PackedValues {
  const { packr, reuseBuffer } = codec();
  const ends = new Uint32Array(count);
  let bytes = NO_BYTES;
  let end = 0;
  for (let i = 0; i < count; i++) {
    // msgpackr hands back its own buffer with the value at [start, end) rather than a new
    // Buffer for it (REUSE), and packs the next value over the same place (RESET); the bytes
    // are copied out before that.
    const packed = packr.pack(valueAt(i), reuseBuffer) as ReusedBuffer;
    const length = packed.end - packed.start;
    if (end + length > bytes.length) {
      // Room for the rest at this value's size and a quarter more, so that values of much the
      // same size fit without growing again: each fresh buffer this large is a copy and page
      // faults.
      bytes = grown(bytes, end, end + Math.ceil(length * (count - i) * 1.25));
    }
    packed.copy(bytes, end, packed.start, packed.end);
    end += length;
    ends[i] = end;
  }
  return { bytes: bytes.subarray(0, end), ends };
}

const NO_BYTES: Buffer = Buffer.alloc(0);

/** A buffer of `size` bytes starting with `bytes[0..used)`. */
function grown(bytes: Buffer, used: number, size: number): Buffer {
  const larger = Buffer.allocUnsafe(size);
  bytes.copy(larger, 0, 0, used);
  return larger;
}

/**
 * The value {@link pack} made of `bytes`, unchecked: see {@link checkedTuple}.
 *
 * @throws {Error} when the bytes are not msgpack.
 */
export function unpack(bytes: Uint8Array): unknown {
  return codec().packr.unpack(bytes);
}

/**
 * Each of the values packed end to end in `bytes`, in order.
 *
 * @throws {Error} when the bytes are not msgpack.
 */
export function unpackEach(bytes: Uint8Array, each: (value: unknown) => void): void {
  codec().packr.unpackMultiple(bytes, each);
}

/**
 * Loads msgpackr and runs each of the calls above once on a small value, for a driver to call as
 * it opens: the module's load and its first calls take some 20 ms, which would otherwise fall on a
 * run's first messages, inside its clock (a distributed run's workers took their first lease
 * 20-30 ms after work was announced, 1-2% of a run of a few seconds), rather than on its set-up.
 */
export function prepareCodec(): void {
  const sample = ["prepared", 1, 0.5, null, [""], false];
  const { bytes } = packEach(2, () => sample);
  unpackEach(bytes, () => {});
  unpack(pack(sample));
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

/**
 * A whole message as a tuple: its unchanging fields, then what changes as it goes round. For
 * the drivers that store the whole message in every copy (RabbitMQ, PostgreSQL): a retry or a
 * dead letter is a new copy, which carries the attempts and recipients it was made with.
 */
export type WholeMessage = readonly [
  ...UnchangingFields,
  priority: number,
  /** `null` while exactly `addressedTo`, as nearly always. */
  recipients: readonly string[] | null,
  attempts: number,
  lastError: string | null,
  enqueuedAt: number,
  acceptedAt: number | null,
];

/** How many fields {@link WholeMessage} holds. */
export const WHOLE_MESSAGE_FIELDS = UNCHANGING_FIELDS + 6;

/** `message` as a {@link WholeMessage}; `enqueuedAt`, when given, replaces its own. */
export function wholeMessage(message: Message, enqueuedAt = message.enqueuedAt): WholeMessage {
  return [
    ...unchangingFields(message),
    message.priority,
    owesEveryAddressee(message) ? null : message.recipients,
    message.attempts,
    message.lastError ?? null,
    enqueuedAt,
    message.acceptedAt ?? null,
  ];
}

/** The message a {@link WholeMessage} holds, read from the first fields of `fields`. */
export function messageOfWhole(fields: readonly [...WholeMessage, ...unknown[]]): Message {
  const [id, type, sender, addressedTo, payload, scheduledAt, seq] = fields;
  const [priority, recipients, attempts, lastError, enqueuedAt, acceptedAt] = fields.slice(
    UNCHANGING_FIELDS,
    WHOLE_MESSAGE_FIELDS,
  ) as unknown as readonly [
    number,
    readonly string[] | null,
    number,
    string | null,
    number,
    number | null,
  ];
  return {
    id,
    seq,
    type,
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
}
