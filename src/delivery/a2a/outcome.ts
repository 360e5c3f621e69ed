import {
  type Message as A2aMessage,
  type StreamResponse,
  type Task,
  TaskState,
  type TaskStatus,
} from "@a2a-js/sdk";
import { firstLine } from "../../errors.js";
import { DELIVERED, type DeliveryOutcome, failed } from "../delivery-core.js";

/** An outcome and, for a failure, the kind the result's `connections.errors` counts it as. */
export interface CountedOutcome {
  readonly outcome: DeliveryOutcome;
  readonly kind?: string;
}

/** The longest reason kept: an agent's own words can be long, and reasons are grouped. */
const MAX_REASON = 200;

/**
 * JSON-RPC codes that no retry heals: the request itself is wrong for this agent (parse error,
 * invalid request, method not found, invalid params, and A2A's unsupported operation, content
 * type, extension and version). The message is dead-lettered at once.
 */
const FINAL_CODES = new Set([-32700, -32600, -32601, -32602, -32004, -32005, -32008, -32009]);

/** Task states after which the task will not change. */
const TERMINAL = new Set([
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
]);

/** Whether a task in `state` has ended, or waits for input the harness will never give. */
export function isFinalState(state: TaskState): boolean {
  return (
    TERMINAL.has(state) ||
    state === TaskState.TASK_STATE_INPUT_REQUIRED ||
    state === TaskState.TASK_STATE_AUTH_REQUIRED
  );
}

/**
 * What an agent's answer stands for: a plain message, or a task that completed, is delivered;
 * a task failed, rejected or canceled (or waiting for input or auth, or still running) is a
 * failure to try again, with the state and the agent's first line of text as reason.
 */
export function outcomeOfReply(reply: A2aMessage | Task): CountedOutcome {
  return "status" in reply ? outcomeOfStatus(reply.status) : { outcome: DELIVERED };
}

/**
 * What one event of a task (a streamed event, or a push notification) stands for, if it is
 * final: a message, or a status that has ended or waits for input. Undefined for the others
 * (the task still working, an artifact), after which more is to come.
 */
export function finalOutcomeOf(event: StreamResponse): CountedOutcome | undefined {
  const payload = event.payload;
  if (payload?.$case === "message") return outcomeOfReply(payload.value);
  const status = statusOfEvent(event);
  return status !== undefined && isFinalState(status.state) ? outcomeOfStatus(status) : undefined;
}

/** The task status an event carries (a whole task, or a status update); undefined for others. */
export function statusOfEvent(event: StreamResponse): TaskStatus | undefined {
  const payload = event.payload;
  return payload?.$case === "task" || payload?.$case === "statusUpdate"
    ? payload.value.status
    : undefined;
}

/** What a task's status stands for, as {@link outcomeOfReply} reads it. */
export function outcomeOfStatus(status: TaskStatus | undefined): CountedOutcome {
  const state = status?.state ?? TaskState.TASK_STATE_UNSPECIFIED;
  if (state === TaskState.TASK_STATE_COMPLETED) return { outcome: DELIVERED };
  const name = stateName(state);
  const said = textOf(status?.message);
  const reason = clip(said === "" ? `task ${name}` : `task ${name}: ${said}`);
  return { outcome: failed(reason), kind: `task ${name}` };
}

/**
 * What an error of the SDK or of the connection stands for: a JSON-RPC error (final for the
 * codes in FINAL_CODES), an HTTP status (final for a 4xx other than 429, as for the HTTP core),
 * a connection error by its code, or the error's first line.
 */
export function outcomeOfError(error: unknown): CountedOutcome {
  const code = (error as { envelopeCode?: unknown } | undefined)?.envelopeCode;
  if (typeof code === "number") {
    const reason = clip(`JSON-RPC ${code}: ${firstLine(error)}`);
    return { outcome: failed(reason, { final: FINAL_CODES.has(code) }), kind: `JSON-RPC ${code}` };
  }
  const message = firstLine(error);
  const status = /(?:Status: |Agent Card from \S+: )(\d{3})\b/.exec(message)?.[1];
  if (status !== undefined) {
    const n = Number(status);
    const card = message.includes("Agent Card") ? "agent card: " : "";
    const permanent = n >= 400 && n < 500 && n !== 429;
    return { outcome: failed(`${card}HTTP ${n}`, { final: permanent }), kind: `HTTP ${n}` };
  }
  const errno = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (errno !== undefined) return { outcome: failed(clip(`${errno}: ${message}`)), kind: errno };
  return { outcome: failed(clip(message)), kind: "a2a" };
}

/** `failed`, `rejected`: the state's name as A2A 0.3 wrote it. */
function stateName(state: TaskState): string {
  const name = TaskState[state] ?? "TASK_STATE_UNSPECIFIED";
  return name
    .replace(/^TASK_STATE_/, "")
    .toLowerCase()
    .replaceAll("_", "-");
}

/** The first line of a message's text parts, or "". */
function textOf(message: A2aMessage | undefined): string {
  for (const part of message?.parts ?? []) {
    if (part.content?.$case === "text") return firstLine(part.content.value).trim();
  }
  return "";
}

/** `text` cut to {@link MAX_REASON} characters. */
function clip(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}
