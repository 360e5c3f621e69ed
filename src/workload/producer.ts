import type { Message } from "../model/message.js";
import type { QueueDriver } from "../queue/driver.js";
import type { MessageGenerator } from "./generator.js";

/** How the producer feeds the queue. */
export interface ProducerOptions {
  /** `stream`: make messages as the queue accepts them; `upfront`: make them all first. */
  readonly generation: "stream" | "upfront";
  /** Messages handed to the queue per enqueue call (stream mode). */
  readonly chunkSize: number;
  /** The clock that stamps `scheduledAt`. */
  readonly now: () => number;
  /** Called for every message made, before it is enqueued. */
  readonly onGenerated: (message: Message) => void;
  /**
   * Called after the queue accepted each chunk, with the sequence number after its last
   * message: every message below it is in the queue.
   */
  readonly onEnqueued?: (nextSeq: number) => void;
  /** Stops producing after the current chunk. */
  readonly signal?: AbortSignal;
  /** Kept up to date with what the producer is doing; see {@link ProducerLedger}. */
  readonly ledger?: ProducerLedger;
}

/**
 * What the producer is doing, kept up to date while it runs, so that a caller can account for
 * every message made when the queue fails under it.
 */
export interface ProducerLedger {
  /** Times the queue was full and the producer had to wait, so far. */
  saturationEvents: number;
  /** The chunk being handed to the queue now; empty between chunks. */
  inFlight: readonly Message[];
  /** Made but not yet handed over, apart from the chunk in flight (upfront mode, open load). */
  waiting: number;
  /** The most `waiting` held at once (open load: the backlog's peak). */
  waitingPeak: number;
}

/** What the producer did. */
export interface ProducerReport {
  /** Times the queue was full and the producer had to wait. */
  readonly saturationEvents: number;
  /** Messages generated but never handed to the queue (upfront mode stopped early). */
  readonly unsent: number;
  /**
   * Whether it made and handed over every message it was to make; false when stopped first,
   * which makes the run one stopped early even when nothing it made is left pending.
   */
  readonly finished: boolean;
}

/**
 * Moves every message of `generator` into `queue`. In stream mode no more than one chunk exists
 * outside the queue at any time, so memory is bounded by the queue's capacity; the queue's
 * backpressure paces generation. Upfront mode materialises the whole run first, as the original
 * design's `use_streaming=False`, for comparison.
 */
export async function produce(
  generator: MessageGenerator,
  queue: QueueDriver,
  options: ProducerOptions,
): Promise<ProducerReport> {
  const ledger = options.ledger ?? {
    saturationEvents: 0,
    inFlight: [],
    waiting: 0,
    waitingPeak: 0,
  };
  const { now, onGenerated, signal } = options;
  if (options.generation === "upfront") {
    const all: Message[] = [];
    const at = now();
    for (let message = generator.next(at); message; message = generator.next(at)) {
      onGenerated(message);
      all.push(message);
    }
    let sent = 0;
    ledger.waiting = all.length;
    while (sent < all.length && !signal?.aborted) {
      const chunk = all.slice(sent, sent + options.chunkSize);
      ledger.waiting -= chunk.length;
      ledger.inFlight = chunk;
      ledger.saturationEvents += await queue.enqueue(chunk);
      handedOver(chunk, options, ledger);
      sent += chunk.length;
    }
    const unsent = all.length - sent;
    return { saturationEvents: ledger.saturationEvents, unsent, finished: unsent === 0 };
  }
  while (!generator.done && !signal?.aborted) {
    // Made at its full length and cut to what was made: grown by push, a chunk would be
    // copied several times over as it fills.
    const room = Math.min(options.chunkSize, generator.total - generator.generated);
    const chunk = new Array<Message>(room > 0 ? Math.ceil(room) : 0);
    const at = now();
    let made = 0;
    while (made < chunk.length) {
      const message = generator.next(at);
      if (!message) break;
      onGenerated(message);
      chunk[made++] = message;
    }
    chunk.length = made;
    ledger.inFlight = chunk;
    ledger.saturationEvents += await queue.enqueue(chunk);
    handedOver(chunk, options, ledger);
  }
  return { saturationEvents: ledger.saturationEvents, unsent: 0, finished: generator.done };
}

/**
 * The queue took `chunk`: clear it from the ledger and tell `onEnqueued`. Synchronous, so that
 * the producer goes on in the same turn as before (consumers' timing depends on it).
 */
function handedOver(
  chunk: readonly Message[],
  options: ProducerOptions,
  ledger: ProducerLedger,
): void {
  ledger.inFlight = [];
  const last = chunk[chunk.length - 1];
  if (last && options.onEnqueued) options.onEnqueued(last.seq + 1);
}
