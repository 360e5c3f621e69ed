/** Delivery attempts of one (message, recipient) pair, as the harness counted them. */
export interface PairCounts {
  /** Attempts that reached an outcome (delivered, failed or timed out). */
  readonly attempts: number;
  /** Of them, those counted delivered. */
  readonly delivered: number;
}

/** Packs both counts in one number: attempts × 2^20 + delivered. */
const SHIFT = 2 ** 20;

/**
 * The harness's own account of every (message id, recipient) pair it attempted, kept only for a
 * run with `verify`: what the receivers' receipts are held against at the end. Fed by the
 * recorder's {@link Recorder.attempt}, the one place every attempt's counted outcome passes, so
 * the ledger and the totals cannot disagree. One map entry per pair: memory grows with the
 * run's messages, which is why it is kept only when asked for.
 */
export class PairLedger {
  private readonly pairs = new Map<string, number>();

  /** One attempt of `id` to `recipient` ended, delivered or not. */
  attempt(id: string, recipient: string, delivered: boolean): void {
    const key = pairKey(id, recipient);
    this.pairs.set(key, (this.pairs.get(key) ?? 0) + SHIFT + (delivered ? 1 : 0));
  }

  get size(): number {
    return this.pairs.size;
  }

  /** Every pair attempted, with its counts. */
  *entries(): IterableIterator<readonly [id: string, recipient: string, counts: PairCounts]> {
    for (const [key, packed] of this.pairs) {
      const split = key.indexOf("\n");
      yield [
        key.slice(0, split),
        key.slice(split + 1),
        { attempts: Math.floor(packed / SHIFT), delivered: packed % SHIFT },
      ];
    }
  }
}

function pairKey(id: string, recipient: string): string {
  return `${id}\n${recipient}`;
}
