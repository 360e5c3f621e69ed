/** The four message kinds the seed system sends. */
export const MESSAGE_TYPES = ["direct", "broadcast", "hard_onboard", "soft_onboard"] as const;

/** One of {@link MESSAGE_TYPES}. */
export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * Queue priority per type: higher is handed out first. Onboarding outranks everyday traffic
 * because an agent that is not onboarded cannot act on anything else it receives.
 */
export const PRIORITY_BY_TYPE: Readonly<Record<MessageType, number>> = {
  hard_onboard: 3,
  soft_onboard: 2,
  direct: 1,
  broadcast: 1,
};

/**
 * A message travelling through the pipeline.
 *
 * `recipients` holds the recipients still owed a delivery: one agent for a direct or
 * onboarding message, every other agent for a broadcast. When some recipients of a broadcast
 * fail, the message is retried with only those left in `recipients`.
 */
export interface Message {
  /** Unique within a run: `m<seq>`. */
  readonly id: string;
  /** 0-based position in the generated stream; the audit indexes by it. */
  readonly seq: number;
  readonly type: MessageType;
  /** Name of the sending agent, `Agent-1` … `Agent-N`. */
  readonly sender: string;
  /** Every agent the message is addressed to: one, or all but the sender for a broadcast. */
  readonly addressedTo: readonly string[];
  /** Names of the agents still owed this message (starts as `addressedTo`). */
  recipients: readonly string[];
  readonly priority: number;
  readonly payload: string;
  /** Intended send time, epoch milliseconds (fractional). End-to-end latency starts here. */
  readonly scheduledAt: number;
  /**
   * When the message last became ready in the queue (accepted, retry due, lease expired), epoch
   * milliseconds; queue wait starts here.
   */
  enqueuedAt: number;
  /**
   * When the queue first accepted the message, epoch milliseconds, where the driver keeps it
   * (every built-in one does): uncorrected end-to-end latency starts here. Unlike `enqueuedAt`,
   * neither a retry nor an expired lease moves it.
   */
  acceptedAt?: number | undefined;
  /** Delivery rounds started so far (0 before the first). */
  attempts: number;
  /** Reason of the last failed attempt, if any. */
  lastError?: string;
}

/**
 * Positions a message may carry so that hot paths can skip looking names up. Optional, and
 * always checked against the names before use, so a message without them (or with wrong ones)
 * is still counted correctly.
 */
export interface MessageHints {
  /** Index of `sender` among the agents (`Agent-1` is 0). */
  readonly senderIndex?: number;
  /** Index of `type` in {@link MESSAGE_TYPES}. */
  readonly typeIndex?: number;
  /** Index among the agents of the one agent a message is addressed to; -1 for several. */
  readonly recipientIndex?: number;
}

/** Type guard for {@link MessageType}. */
export function isMessageType(value: string): value is MessageType {
  return (MESSAGE_TYPES as readonly string[]).includes(value);
}

/** The types a run sends: those its weights give a share above 0, in the weights' order. */
export function typesSent(weights: Partial<Readonly<Record<MessageType, number>>>): MessageType[] {
  return (Object.keys(weights) as MessageType[]).filter((type) => (weights[type] ?? 0) > 0);
}
