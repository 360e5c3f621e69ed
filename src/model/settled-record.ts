import type { MessageType } from "./message.js";

/** A message's final outcome, as kept for a later `--resume` and counted once across workers. */
export interface SettledRecord {
  readonly seq: number;
  readonly outcome: "delivered" | "dead_lettered";
  readonly type: MessageType;
  readonly sender: string;
  /** Reason of the last failure, for a dead letter. */
  readonly error?: string;
}
