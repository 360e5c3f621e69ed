/**
 * What one agent received and completed: swarm message id → how many times. Kept by the
 * simulated agents (agents-server.ts) and served as `GET /receipts`; read back by a run's
 * `--verify` (run/receiver-audit.ts).
 */
export interface AgentReceipts {
  /** Every delivery the agent was sent, failing or not, by the envelope's message id. */
  readonly received: Readonly<Record<string, number>>;
  /** The deliveries it completed (answered as a success), by message id. */
  readonly completed: Readonly<Record<string, number>>;
}

/** The body of `GET /receipts`: every agent that received anything, by name. */
export interface ReceiptsDocument {
  readonly schema: typeof RECEIPTS_SCHEMA;
  readonly agents: Readonly<Record<string, AgentReceipts>>;
}

/** Identifies the shape of {@link ReceiptsDocument}. */
export const RECEIPTS_SCHEMA = "swarm-stress/receipts@1";

/** The path under the agents server's base URL where {@link ReceiptsDocument} is served. */
export const RECEIPTS_PATH = "/receipts";

/** Counts of message ids, per agent. */
export type ReceiptCounts = Map<string, Map<string, number>>;

/** The receipts of every agent of a server, kept as the deliveries arrive. */
export class ReceiptBook {
  /** Per agent: every message it was sent. */
  readonly received: ReceiptCounts = new Map();
  /** Per agent: the messages it completed. */
  readonly completed: ReceiptCounts = new Map();

  receive(agent: string, id: string): void {
    bump(countsOf(this.received, agent), id);
  }

  complete(agent: string, id: string): void {
    bump(countsOf(this.completed, agent), id);
  }

  clear(): void {
    this.received.clear();
    this.completed.clear();
  }

  /** The receipts as `GET /receipts` serves them. */
  document(): ReceiptsDocument {
    const agents: Record<string, AgentReceipts> = {};
    const names = new Set([...this.received.keys(), ...this.completed.keys()]);
    for (const name of [...names].sort()) {
      agents[name] = {
        received: Object.fromEntries(this.received.get(name) ?? []),
        completed: Object.fromEntries(this.completed.get(name) ?? []),
      };
    }
    return { schema: RECEIPTS_SCHEMA, agents };
  }
}

/**
 * Read a {@link ReceiptsDocument} from JSON text.
 *
 * @throws {Error} in one line when the text is not such a document.
 */
export function parseReceipts(text: string): ReceiptsDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("the receipts are not JSON");
  }
  const document = value as Partial<ReceiptsDocument> | null;
  if (document?.schema !== RECEIPTS_SCHEMA || typeof document.agents !== "object") {
    throw new Error(`the receipts are not a ${RECEIPTS_SCHEMA} document`);
  }
  for (const [name, receipts] of Object.entries(document.agents ?? {})) {
    if (!isCounts(receipts?.received) || !isCounts(receipts?.completed)) {
      throw new Error(`the receipts of ${JSON.stringify(name)} are malformed`);
    }
  }
  return document as ReceiptsDocument;
}

function isCounts(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every((count) => Number.isInteger(count) && (count as number) > 0)
  );
}

function countsOf(all: ReceiptCounts, agent: string): Map<string, number> {
  let counts = all.get(agent);
  if (counts === undefined) {
    counts = new Map();
    all.set(agent, counts);
  }
  return counts;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
