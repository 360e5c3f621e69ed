import { describe, expect, it } from "vitest";
import type { Message } from "../../src/model/message.js";
import { checkedTuple, owesEveryAddressee } from "../../src/queue/message-codec.js";
import { decodeMessage, encodeMessage, encodeMessages } from "../../src/queue/redis/codec.js";
import {
  decodeBodies,
  decodeBody,
  decodeRecipients,
  encodeBodies,
  encodeBody,
  encodeRecipients,
} from "../../src/queue/sqlite/codec.js";

const retried: Message = {
  id: "m7",
  seq: 7,
  type: "broadcast",
  sender: "Agent-1",
  addressedTo: ["Agent-2", "Agent-3"],
  recipients: ["Agent-3"],
  priority: 2,
  payload: "hé",
  scheduledAt: 1_700_000_000_123.5,
  enqueuedAt: 5,
  attempts: 2,
  lastError: "boom",
};

const fresh: Message = {
  ...retried,
  seq: 70_000,
  scheduledAt: 12,
  recipients: retried.addressedTo,
  attempts: 0,
  lastError: undefined,
};

// The bytes existing queue files and Redis streams hold: written down before the drivers'
// codecs came to share one packer, so a change to the encoding fails here, not in a user's file.
const REDIS_RETRIED =
  "9aa26d37a962726f616463617374a74167656e742d3192a74167656e742d32a74167656e742d33a368c3a9cb4278bcfe5687b8000702a4626f6f6d91a74167656e742d33";
const REDIS_FRESH =
  "9aa26d37a962726f616463617374a74167656e742d3192a74167656e742d32a74167656e742d33a368c3a90cce0001117000c0c0";
const SQLITE_BATCH =
  "9297a26d37a962726f616463617374a74167656e742d3192a74167656e742d32a74167656e742d33a368c3a9cb4278bcfe5687b8000797a26d37a962726f616463617374a74167656e742d3192a74167656e742d32a74167656e742d33a368c3a90cce00011170";
const SQLITE_BODY =
  "97a26d37a962726f616463617374a74167656e742d3192a74167656e742d32a74167656e742d33a368c3a9cb4278bcfe5687b80007";
const SQLITE_RECIPIENTS = "91a74167656e742d33";

describe("the stored byte format", () => {
  it("is what Redis streams already hold, and reads back", () => {
    expect(encodeMessage(retried).toString("hex")).toBe(REDIS_RETRIED);
    expect(encodeMessage(fresh).toString("hex")).toBe(REDIS_FRESH);
    const back = decodeMessage(Buffer.from(REDIS_RETRIED, "hex"), 2, 5);
    expect({ ...back }).toEqual({ ...retried });
  });

  it("is the same when Redis gets many messages at once, end to end", () => {
    // Larger than the room guessed per message and than msgpackr's own 8 KB buffer, so both
    // grow on the way.
    const large = { ...retried, payload: "é".repeat(6_000) };
    const messages = [retried, fresh, large, fresh, large, retried];
    // The packer is shared: what it packed before (the SQLite driver keeps such buffers) must
    // come through untouched.
    const earlier = encodeMessage(fresh);
    const { bytes, ends } = encodeMessages(messages);
    expect(earlier.toString("hex")).toBe(REDIS_FRESH);
    const alone = messages.map(encodeMessage);
    expect(bytes.equals(Buffer.concat(alone))).toBe(true);
    let end = 0;
    expect([...ends]).toEqual(alone.map((body) => (end += body.length)));
    expect(bytes.subarray(0, ends[0]).toString("hex")).toBe(REDIS_RETRIED);
    expect(bytes.subarray(ends[0], ends[1]).toString("hex")).toBe(REDIS_FRESH);
    expect(encodeMessages([]).bytes).toHaveLength(0);
  });

  it("is what queue files already hold, and reads back", () => {
    expect(encodeBodies([retried, fresh], 0, 2).toString("hex")).toBe(SQLITE_BATCH);
    expect(encodeBody(retried).toString("hex")).toBe(SQLITE_BODY);
    expect(encodeRecipients(retried)?.toString("hex")).toBe(SQLITE_RECIPIENTS);
    expect(encodeRecipients(fresh)).toBeNull();
    expect(decodeBodies(Buffer.from(SQLITE_BATCH, "hex"))).toHaveLength(2);
    expect(decodeBody(Buffer.from(SQLITE_BODY, "hex"))[6]).toBe(7);
    expect(decodeRecipients(Buffer.from(SQLITE_RECIPIENTS, "hex"), retried.addressedTo)).toEqual([
      "Agent-3",
    ]);
  });

  it("refuses bytes that are not stored messages, in each driver's words", () => {
    const notABody = Buffer.from(SQLITE_RECIPIENTS, "hex");
    expect(() => decodeMessage(notABody, 1, 0)).toThrow(
      "a message in the Redis queue is malformed",
    );
    expect(() => decodeBody(notABody)).toThrow("a dead letter in the queue file is malformed");
    expect(() => decodeBodies(Buffer.from("a178", "hex"))).toThrow(
      "a message batch in the queue file is malformed",
    );
  });
});

describe("the shared parts", () => {
  it("checks a tuple's shape, not its items", () => {
    expect(checkedTuple<[number, number]>([1, 2], "a pair", 2)).toEqual([1, 2]);
    expect(checkedTuple<number[]>([], "a list")).toEqual([]);
    expect(() => checkedTuple([1], "a pair", 2)).toThrow("a pair is malformed");
    expect(() => checkedTuple("ab", "a list")).toThrow("a list is malformed");
  });

  it("tells when the recipients still owed are every addressee", () => {
    expect(owesEveryAddressee(fresh)).toBe(true);
    expect(owesEveryAddressee({ ...fresh, recipients: ["Agent-2", "Agent-3"] })).toBe(true);
    expect(owesEveryAddressee(retried)).toBe(false);
    expect(owesEveryAddressee({ ...fresh, recipients: ["Agent-3", "Agent-2"] })).toBe(false);
  });
});
