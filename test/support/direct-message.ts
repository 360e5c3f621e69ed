import type { Message } from "../../src/model/message.js";

/**
 * A direct message from Agent-1 to Agent-2, number `seq`, as the generator makes one; `fields`
 * overrides what a test is about (its times, its attempts, its payload).
 */
export function directMessage(seq: number, fields: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    seq,
    type: "direct",
    sender: "Agent-1",
    addressedTo: ["Agent-2"],
    recipients: ["Agent-2"],
    priority: 1,
    payload: "",
    scheduledAt: 0,
    enqueuedAt: 0,
    attempts: 0,
    ...fields,
  };
}
