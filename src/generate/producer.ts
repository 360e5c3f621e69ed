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
}

/** What the producer did. */
export interface ProducerReport {
  /** Times the queue was full and the producer had to wait. */
  readonly saturationEvents: number;
  /** Messages generated but never handed to the queue (upfront mode stopped early). */
  readonly unsent: number;
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
  let saturationEvents = 0;
  const { now, onGenerated, signal } = options;
  if (options.generation === "upfront") {
    const all: Message[] = [];
    const at = now();
    for (let message = generator.next(at); message; message = generator.next(at)) {
      onGenerated(message);
      all.push(message);
    }
    let sent = 0;
    while (sent < all.length && !signal?.aborted) {
      const chunk = all.slice(sent, sent + options.chunkSize);
      saturationEvents += await queue.enqueue(chunk);
      sent += chunk.length;
      notifyEnqueued(chunk, options);
    }
    return { saturationEvents, unsent: all.length - sent };
  }
  while (!generator.done && !signal?.aborted) {
    const chunk: Message[] = [];
    const at = now();
    for (let i = 0; i < options.chunkSize; i++) {
      const message = generator.next(at);
      if (!message) break;
      onGenerated(message);
      chunk.push(message);
    }
    saturationEvents += await queue.enqueue(chunk);
    notifyEnqueued(chunk, options);
  }
  return { saturationEvents, unsent: 0 };
}

function notifyEnqueued(chunk: readonly Message[], options: ProducerOptions): void {
  const last = chunk[chunk.length - 1];
  if (last && options.onEnqueued) options.onEnqueued(last.seq + 1);
}
