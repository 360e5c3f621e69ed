import type { Message } from "../../model/message.js";
import {
  checkedTuple,
  messageOfWhole,
  WHOLE_MESSAGE_FIELDS,
  type WholeMessage,
  wholeMessage,
} from "../message-codec.js";

/**
 * A message as pg-boss stores it, in a job's `data` (JSONB): the shared unchanging fields, then
 * what changes as it goes round. A tuple rather than a record, so no field names are repeated in
 * every row. A retry or a dead letter is a new job holding the whole updated message, since
 * pg-boss changes a job's data only while it waits, not while it is leased (active).
 */
type Fields = WholeMessage;

/** A job's data in the work queue. */
export interface WorkData {
  readonly m: Fields;
  /** Order of acceptance within one insert: pg-boss's fetch orders only to the row's insert time. */
  readonly o: number;
}

/** A job's data in the dead-letter queue. */
export interface DeadData extends WorkData {
  /** Why the message was given up on. */
  readonly e: string;
}

/**
 * `message` as a work job's data; `order` breaks ties between rows of one insert, and
 * `enqueuedAt`, when given, replaces the message's own (a retry becomes ready at its time).
 */
export function workData(message: Message, order: number, enqueuedAt?: number): WorkData {
  return { m: wholeMessage(message, enqueuedAt), o: order };
}

/** `message` and the error it was given up with as a dead-letter job's data. */
export function deadData(message: Message, error: string, order: number): DeadData {
  return { m: wholeMessage(message), o: order, e: error };
}

/**
 * The message a job of either queue holds.
 *
 * @throws {Error} when the data is not what this driver wrote (another application's job).
 */
export function messageOf(data: unknown): Message {
  const stored = (data as { m?: unknown } | null)?.m;
  return messageOfWhole(
    checkedTuple<Fields>(stored, "a job in the PostgreSQL queue", WHOLE_MESSAGE_FIELDS),
  );
}

/** The acceptance order a work job's data carries; 0 for data without one. */
export function orderOf(data: unknown): number {
  const order = (data as { o?: unknown } | null)?.o;
  return typeof order === "number" ? order : 0;
}

/** The error a dead-letter job's data carries. */
export function deadErrorOf(data: unknown): string {
  const error = (data as { e?: unknown } | null)?.e;
  return typeof error === "string" ? error : "";
}
