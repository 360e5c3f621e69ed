import { type Message as A2aMessage, Role } from "@a2a-js/sdk";
import type { Message } from "../../model/message.js";

/** The metadata key under which an A2A message carries the swarm message's own fields. */
export const SWARM_METADATA_KEY = "swarmStress";

/** What the metadata under {@link SWARM_METADATA_KEY} holds: the swarm message's envelope. */
export interface SwarmEnvelope {
  readonly id: string;
  readonly seq: number;
  readonly type: string;
  readonly sender: string;
  readonly recipient: string;
  readonly attempt: number;
  readonly scheduledAt: number;
}

/**
 * The A2A message one delivery sends: the payload as a text part, the envelope (id, type,
 * sender, recipient, attempt) as a data part and again as metadata, so an agent can read it
 * whether it looks at parts or metadata. The A2A message id is new for every attempt (an agent
 * may refuse a message id it has seen), and names the swarm message, the recipient and the
 * attempt; the swarm message's own id is the envelope's `id`.
 */
export function a2aMessageOf(message: Message, recipient: string): A2aMessage {
  const envelope: SwarmEnvelope = {
    id: message.id,
    seq: message.seq,
    type: message.type,
    sender: message.sender,
    recipient,
    attempt: message.attempts,
    scheduledAt: message.scheduledAt,
  };
  return {
    messageId: `${message.id}:${recipient}:${message.attempts}`,
    contextId: "",
    taskId: "",
    role: Role.ROLE_USER,
    parts: [
      {
        content: { $case: "text", value: message.payload },
        metadata: undefined,
        filename: "",
        mediaType: "text/plain",
      },
      {
        content: { $case: "data", value: { ...envelope } },
        metadata: undefined,
        filename: "",
        mediaType: "application/json",
      },
    ],
    metadata: { [SWARM_METADATA_KEY]: { ...envelope } },
    extensions: [],
    referenceTaskIds: [],
  };
}
