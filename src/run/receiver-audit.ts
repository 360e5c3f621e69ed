import { parseReceipts, RECEIPTS_PATH, type ReceiptsDocument } from "../agents/receipts.js";
import { firstLine } from "../errors.js";
import type { PairLedger } from "../metrics/pair-ledger.js";
import type { Audit, ReceiverAudit, ReceiverPair } from "../result/result.js";

/** Pairs of each kind the audit names in its sample. */
const SAMPLE_SIZE = 10;

/** How long reading the receipts may take before the run gives up on them, ms. */
const READ_TIMEOUT_MS = 10_000;

/**
 * Read the receipts of the agents server at `url` (`GET URL/receipts`).
 *
 * @throws {Error} in one line when they cannot be read or are not receipts.
 */
export async function readReceipts(url: string): Promise<ReceiptsDocument> {
  const where = `${url.replace(/\/+$/, "")}${RECEIPTS_PATH}`;
  let text: string;
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    // fetch says only "fetch failed"; its cause says why (ECONNREFUSED, bad port).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot read ${where}: ${cause?.code ?? cause?.message ?? firstLine(error)}`);
  }
  try {
    return parseReceipts(text);
  } catch (error) {
    throw new Error(`${where}: ${firstLine(error)}`);
  }
}

/**
 * Hold the receivers' receipts against the harness's own count of each (message, recipient)
 * pair it attempted. Receipts are counted from `before` (read as the run started: the same
 * server may have served earlier runs, whose message ids repeat) to `after`. For each pair,
 * with the harness's attempts a and deliveries d, the recipient's receipts r and completions c:
 * lost at the receiver when d ≥ 1 and r = 0; a duplicate at the receiver when r > a; received
 * but failed when c > d and r ≤ a. Receipts of pairs the harness never attempted are not
 * looked at.
 */
export function auditReceivers(
  url: string,
  ledger: PairLedger,
  before: ReceiptsDocument,
  after: ReceiptsDocument,
): ReceiverAudit {
  const lost: ReceiverPair[] = [];
  const duplicates: ReceiverPair[] = [];
  const receivedButFailed: ReceiverPair[] = [];
  const counts = { lost: 0, duplicates: 0, receivedButFailed: 0 };
  let pairsDelivered = 0;
  const since = (field: "received" | "completed", id: string, recipient: string): number =>
    (after.agents[recipient]?.[field][id] ?? 0) - (before.agents[recipient]?.[field][id] ?? 0);
  for (const [id, recipient, { attempts, delivered }] of ledger.entries()) {
    if (delivered > 0) pairsDelivered++;
    const received = since("received", id, recipient);
    const completed = since("completed", id, recipient);
    const pair = { id, recipient, attempts, delivered, received, completed };
    if (delivered > 0 && received <= 0) {
      counts.lost++;
      if (lost.length < SAMPLE_SIZE) lost.push(pair);
    }
    if (received > attempts) {
      counts.duplicates++;
      if (duplicates.length < SAMPLE_SIZE) duplicates.push(pair);
    } else if (completed > delivered) {
      counts.receivedButFailed++;
      if (receivedButFailed.length < SAMPLE_SIZE) receivedButFailed.push(pair);
    }
  }
  return {
    url,
    balanced: counts.lost + counts.duplicates + counts.receivedButFailed === 0,
    pairs: ledger.size,
    pairsDelivered,
    lostAtReceiver: counts.lost,
    duplicatesAtReceiver: counts.duplicates,
    receivedButFailed: counts.receivedButFailed,
    sample: { lostAtReceiver: lost, duplicatesAtReceiver: duplicates, receivedButFailed },
  };
}

/** The receiver audit of a run whose receipts could not be read at its end. */
export function unreadableReceipts(url: string, ledger: PairLedger, reason: string): ReceiverAudit {
  let pairsDelivered = 0;
  for (const [, , counts] of ledger.entries()) if (counts.delivered > 0) pairsDelivered++;
  return {
    url,
    balanced: false,
    pairs: ledger.size,
    pairsDelivered,
    lostAtReceiver: 0,
    duplicatesAtReceiver: 0,
    receivedButFailed: 0,
    sample: { lostAtReceiver: [], duplicatesAtReceiver: [], receivedButFailed: [] },
    unreadable: reason,
  };
}

/**
 * The run's audit with the receivers' side added: a receiver audit that does not balance
 * unbalances the run's, one problem line per kind of difference.
 */
export function withReceiverAudit<A extends Audit>(audit: A, receiver: ReceiverAudit): A {
  const problems = [...audit.problems];
  if (receiver.unreadable !== undefined) {
    problems.push(`the receivers' receipts could not be read: ${receiver.unreadable}`);
  }
  const show = (pairs: readonly ReceiverPair[]): string =>
    pairs
      .slice(0, 3)
      .map((pair) => `${pair.id} → ${pair.recipient}`)
      .join(", ");
  if (receiver.lostAtReceiver > 0) {
    problems.push(
      `${receiver.lostAtReceiver} delivery(ies) counted delivered that no agent received (lost at the receiver), e.g. ${show(receiver.sample.lostAtReceiver)}`,
    );
  }
  if (receiver.duplicatesAtReceiver > 0) {
    problems.push(
      `${receiver.duplicatesAtReceiver} delivery(ies) received more times than they were sent (duplicates at the receiver), e.g. ${show(receiver.sample.duplicatesAtReceiver)}`,
    );
  }
  if (receiver.receivedButFailed > 0) {
    problems.push(
      `${receiver.receivedButFailed} delivery(ies) completed by the agent but counted failed, timed out or dead-lettered (received but failed), e.g. ${show(receiver.sample.receivedButFailed)}`,
    );
  }
  return { ...audit, balanced: audit.balanced && receiver.balanced, problems, receiver };
}
