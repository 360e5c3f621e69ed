import type { Message } from "../model/message.js";
import { outstanding, type QueueDriver } from "../queue/driver.js";
import { preciseTimer } from "../util/precise-sleep.js";
import type { ArrivalSchedule } from "./arrival-schedule.js";
import type { MessageGenerator } from "./generator.js";
import type { ProducerLedger, ProducerReport } from "./producer.js";

/** How {@link produceOnSchedule} feeds the queue, and whom it tells what. */
export interface OpenProducerOptions {
  /** The intended arrival times, ms after `startAt`. */
  readonly schedule: ArrivalSchedule;
  /**
   * When the schedule starts, on `now`'s clock (epoch ms); by default when the producer does,
   * so that whatever the run did before it is not taken for the producer's lag.
   */
  readonly startAt?: number;
  /** Messages held for a full queue at most; arrivals beyond are dropped. */
  readonly maxBacklog: number;
  /** Messages handed to the queue per enqueue call, at most. */
  readonly chunkSize: number;
  readonly now: () => number;
  /** Every message made, dropped or not, before anything else happens to it. */
  readonly onGenerated: (message: Message) => void;
  /**
   * The producer made, at `madeAt`, a message intended for `intendedAt`: how far it lags
   * behind the schedule is the harness's own lag.
   */
  readonly onMade: (intendedAt: number, madeAt: number) => void;
  /** A message the backlog had no room for: it is never enqueued. */
  readonly onDropped: (message: Message) => void;
  /** The queue accepted `messages` at `acceptedAt`. */
  readonly onSent: (messages: readonly Message[], acceptedAt: number) => void;
  /** As {@link ProducerOptions.onEnqueued}. */
  readonly onEnqueued?: (nextSeq: number) => void;
  /**
   * The schedule ended (or was stopped) at `at`, with `held` messages not yet settled: in the
   * queue (ready, delayed or leased) and in the backlog. Not called when the queue cannot say.
   */
  readonly onArrivalsEnded?: (at: number, held: number) => void;
  /** Stops making messages; what is made and not yet sent is reported unsent. */
  readonly signal?: AbortSignal;
  readonly ledger?: ProducerLedger;
}

/**
 * Open load: messages are made at their intended times, whatever the pipeline does, and each
 * is stamped with its intended time (`scheduledAt`), never with when the producer got round to
 * it. Making and sending are two loops: the maker follows the schedule into a backlog, the
 * sender moves the backlog into the queue and waits when the queue is full, so a full queue
 * delays sending, never the schedule. A backlog at `maxBacklog` drops further arrivals, each
 * counted, none silently.
 */
export async function produceOnSchedule(
  generator: MessageGenerator,
  queue: QueueDriver,
  options: OpenProducerOptions,
): Promise<ProducerReport> {
  const ledger = options.ledger ?? {
    saturationEvents: 0,
    inFlight: [],
    waiting: 0,
    waitingPeak: 0,
  };
  const backlog = new Backlog();
  let making = true;
  let wakeSender: (() => void) | undefined;
  const wake = (): void => {
    const resume = wakeSender;
    wakeSender = undefined;
    resume?.();
  };

  const { now } = options;
  const startAt = options.startAt ?? now();
  // Set when the queue refused a chunk: it takes nothing more, so the schedule stops too.
  let sendFailed = false;
  // Set when the schedule (or the count) ran out rather than being stopped.
  let scheduleEnded = false;
  const make = async (): Promise<void> => {
    const { schedule, signal, maxBacklog } = options;
    try {
      let due = schedule.next();
      while (due !== undefined && !generator.done && !signal?.aborted && !sendFailed) {
        const pause = pauseUnlessAborted(startAt + due - now(), signal);
        if (pause) await pause;
        if (signal?.aborted) break;
        const at = now();
        // Everything due by now, each with its own intended time.
        while (due !== undefined && startAt + due <= at && !generator.done) {
          const intended = startAt + due;
          const message = generator.next(intended) as Message;
          options.onGenerated(message);
          options.onMade(intended, at);
          if (backlog.size >= maxBacklog) options.onDropped(message);
          else backlog.push(message);
          if (backlog.size > ledger.waitingPeak) ledger.waitingPeak = backlog.size;
          due = schedule.next();
        }
        ledger.waiting = backlog.size;
        wake();
      }
      scheduleEnded = due === undefined || generator.done;
    } finally {
      making = false;
      wake();
    }
    await tellArrivalsEnded();
  };

  // What the pipeline still held when arrivals stopped is exactly how far it fell behind them.
  const tellArrivalsEnded = async (): Promise<void> => {
    if (!options.onArrivalsEnded || sendFailed) return;
    const at = now();
    const unsent = backlog.size + ledger.inFlight.length;
    try {
      options.onArrivalsEnded(at, outstanding(await queue.depth()) + unsent);
    } catch {
      // A queue that cannot say leaves the figure to the timeline.
    }
  };

  const send = async (): Promise<void> => {
    const { signal } = options;
    for (;;) {
      if (signal?.aborted) return;
      if (backlog.size === 0) {
        if (!making) return;
        await new Promise<void>((resolve) => {
          wakeSender = resolve;
        });
        continue;
      }
      const chunk = backlog.take(options.chunkSize);
      ledger.waiting = backlog.size;
      ledger.inFlight = chunk;
      ledger.saturationEvents += await queue.enqueue(chunk);
      options.onSent(chunk, now());
      ledger.inFlight = [];
      const last = chunk[chunk.length - 1];
      if (last && options.onEnqueued) options.onEnqueued(last.seq + 1);
    }
  };

  // A maker that fails leaves the sender to send what was made; a sender that fails stops the
  // maker at its next arrival.
  const sending = send().catch((error: unknown) => {
    sendFailed = true;
    throw error;
  });
  const makingDone = make();
  try {
    await Promise.all([makingDone, sending]);
  } finally {
    making = false;
    wake();
  }
  return {
    saturationEvents: ledger.saturationEvents,
    unsent: backlog.size,
    finished: scheduleEnded && backlog.size === 0,
  };
}

/**
 * Waits `ms` precisely, or until `signal` aborts: at a low rate the next arrival can be seconds
 * away, and a stopped run must not wait for it. Undefined when there is nothing to wait for.
 */
function pauseUnlessAborted(
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> | undefined {
  if (!(ms > 0)) return undefined;
  return new Promise<void>((resolve) => {
    const done = (): void => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const cancel = preciseTimer(ms, done);
    const onAbort = (): void => {
      cancel();
      done();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Messages made and not yet sent, oldest first; a head index instead of shifting an array. */
class Backlog {
  private items: Message[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(message: Message): void {
    this.items.push(message);
  }

  /** Up to `count` of the oldest, removed. */
  take(count: number): Message[] {
    const end = Math.min(this.items.length, this.head + count);
    const taken = this.items.slice(this.head, end);
    this.head = end;
    // Compact once the taken part dominates, so memory follows the backlog, not the run.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
}
