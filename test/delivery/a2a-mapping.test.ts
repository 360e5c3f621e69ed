import { TaskState } from "@a2a-js/sdk";
import { describe, expect, it } from "vitest";
import { a2aMessageOf, SWARM_METADATA_KEY } from "../../src/delivery/a2a/message-parts.js";
import { outcomeOfError, outcomeOfReply } from "../../src/delivery/a2a/outcome.js";
import { agentCardUrl, agentUrl, parseA2aTarget } from "../../src/delivery/a2a/target.js";
import type { Message } from "../../src/model/message.js";

const message: Message = {
  id: "m7",
  seq: 7,
  type: "direct",
  sender: "Agent-1",
  addressedTo: ["Agent-2"],
  recipients: ["Agent-2"],
  priority: 0,
  payload: "hello",
  scheduledAt: 1_000,
  enqueuedAt: 1_001,
  attempts: 2,
};

describe("a swarm message as an A2A message", () => {
  it("carries the payload as text and the envelope as data and metadata, with a new id per attempt", () => {
    const sent = a2aMessageOf(message, "Agent-2");
    const envelope = {
      id: "m7",
      seq: 7,
      type: "direct",
      sender: "Agent-1",
      recipient: "Agent-2",
      attempt: 2,
      scheduledAt: 1_000,
    };
    expect(sent.messageId).toBe("m7:Agent-2:2");
    expect(sent.parts.map((part) => part.content)).toEqual([
      { $case: "text", value: "hello" },
      { $case: "data", value: envelope },
    ]);
    expect(sent.metadata?.[SWARM_METADATA_KEY]).toEqual(envelope);
    expect(a2aMessageOf({ ...message, attempts: 3 }, "Agent-2").messageId).toBe("m7:Agent-2:3");
  });
});

describe("an agent's answer as an outcome", () => {
  const task = (state: TaskState, text?: string) => ({
    id: "t",
    contextId: "c",
    artifacts: [],
    history: [],
    metadata: undefined,
    status: {
      state,
      timestamp: undefined,
      message:
        text === undefined
          ? undefined
          : {
              messageId: "r",
              contextId: "c",
              taskId: "t",
              role: 2,
              parts: [
                {
                  content: { $case: "text" as const, value: `${text}\nsecond line` },
                  metadata: undefined,
                  filename: "",
                  mediaType: "",
                },
              ],
              metadata: undefined,
              extensions: [],
              referenceTaskIds: [],
            },
    },
  });

  it("reads a completed task as delivered and an ended one as failed, in one line", () => {
    expect(outcomeOfReply(task(TaskState.TASK_STATE_COMPLETED)).outcome.status).toBe("delivered");
    expect(outcomeOfReply(task(TaskState.TASK_STATE_FAILED, "disk full"))).toEqual({
      outcome: { status: "failed", reason: "task failed: disk full" },
      kind: "task failed",
    });
    expect(outcomeOfReply(task(TaskState.TASK_STATE_INPUT_REQUIRED)).outcome).toEqual({
      status: "failed",
      reason: "task input-required",
    });
  });

  it("reads errors: JSON-RPC codes, HTTP statuses, connection codes, anything else", () => {
    expect(outcomeOfError({ envelopeCode: -32602, message: "bad" }).outcome).toMatchObject({
      final: true,
    });
    expect(outcomeOfError({ envelopeCode: -32000, message: "busy" }).outcome).toMatchObject({
      final: false,
    });
    const http = new Error("HTTP error for SendMessage! Status: 429 Too Many. Response: secret");
    expect(outcomeOfError(http)).toEqual({
      outcome: { status: "failed", reason: "HTTP 429", final: false },
      kind: "HTTP 429",
    });
    const card = new Error(
      "Failed to fetch Agent Card from http://x/a/.well-known/agent-card.json: 404",
    );
    expect(outcomeOfError(card).outcome).toEqual({
      status: "failed",
      reason: "agent card: HTTP 404",
      final: true,
    });
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    expect(outcomeOfError(refused).kind).toBe("ECONNREFUSED");
    expect(outcomeOfError(new Error(`${"x".repeat(300)}\nmore`)).outcome).toMatchObject({
      reason: expect.stringMatching(/^x{199}…$/),
    });
  });
});

describe("the a2a: URL", () => {
  it("names each agent's URL and card, and refuses what is not an http(s) URL", () => {
    expect(parseA2aTarget("a2a:https://agents.example/{agent}")).toEqual({
      template: "https://agents.example/{agent}",
    });
    expect(agentUrl("http://x/agents/{agent}", "Agent 1/2")).toBe("http://x/agents/Agent%201%2F2");
    expect(agentCardUrl("http://x/agents/a/")).toBe(
      "http://x/agents/a/.well-known/agent-card.json",
    );
    expect(() => parseA2aTarget("a2a:")).toThrow(/expected a2a:URL/);
    expect(() => parseA2aTarget("a2a:file:///etc/{agent}")).toThrow(/expected a2a:URL/);
  });
});
