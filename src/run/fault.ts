import { firstLine, RuntimeError } from "../errors.js";
import type { QueueDriver } from "../queue/driver.js";
import { type QueueInventory, type SettledView, takeInventory } from "../queue/inventory.js";
import type { RunFault } from "../result/result.js";
import { settledWithin, TOO_LATE } from "../util/within.js";
import type { ProducerLedger, ProducerReport } from "../workload/producer.js";

/**
 * The fault of the environment that stopped a run, if one did, and what it left unknown,
 * gathered as the run ends. Only a {@link RuntimeError} (a full disk, a broker gone) is such a
 * fault; anything else is a bug and is thrown on.
 */
export class FaultRecord {
  private current: RunFault | undefined;

  /** The fault, once there is one. */
  get fault(): RunFault | undefined {
    return this.current;
  }

  /** The run stopped on `error`: it becomes the fault. */
  stoppedBy(error: unknown): RunFault {
    if (!(error instanceof RuntimeError)) throw error;
    this.current = { reason: firstLine(error), unknown: [] };
    return this.current;
  }

  /**
   * `what` could not be established because of `error`. After a fault, whatever the queue or
   * the run store throws is part of it; without one, only an environment fault at the very end
   * becomes one (the figures stand, and what it hid is said to be unknown).
   */
  couldNotLearn(error: unknown, what: string): void {
    if (this.current === undefined && !(error instanceof RuntimeError)) throw error;
    const reason = firstLine(error);
    const { unknown } = this.current ?? { unknown: [] };
    this.current = {
      reason: this.current?.reason ?? reason,
      unknown: [...unknown, `${what} (${reason})`],
    };
  }
}

/**
 * What the producer handed over when a fault stopped the run: messages it made and had not
 * handed over count as unsent (pending), and so do those of the chunk in flight that the queue
 * does not hold; when the queue could not be read, the audit says those are unconfirmed.
 */
export function handedOverBeforeFault(
  ledger: ProducerLedger,
  inventory: QueueInventory | undefined,
  settled: SettledView,
): ProducerReport {
  let unsent = ledger.waiting;
  if (inventory !== undefined) {
    for (const { seq } of ledger.inFlight) {
      if (!inventory.held.has(seq) && !settled.isSettled(seq)) unsent++;
    }
  }
  return { saturationEvents: ledger.saturationEvents, unsent, finished: false };
}

/**
 * What the queue still holds, for the audit; undefined, with the fault saying so, when it could
 * not be read or did not answer within `withinMs` (a queue gone with the fault that stopped the
 * run must not hold the partial result back).
 */
export async function inventoryWithin(
  queue: QueueDriver,
  settled: SettledView | ((seqs: readonly number[]) => Promise<SettledView>),
  withinMs: number,
  faults: FaultRecord,
): Promise<QueueInventory | undefined> {
  try {
    const taken = await settledWithin(takeInventory(queue, settled), withinMs);
    if (taken === TOO_LATE) throw new RuntimeError("the queue did not answer in time");
    return taken;
  } catch (error) {
    faults.couldNotLearn(error, "what the queue still holds: it could not be read");
    return undefined;
  }
}
