import type { Message } from "../model/message.js";
import { Deque } from "./memory/deque.js";

/**
 * Store `messages[from..to)`, which fit; a promise returned (a broker's confirm) is awaited
 * before the producer's call resolves.
 */
export type AcceptRange = (
  messages: readonly Message[],
  from: number,
  to: number,
) => Promise<void> | undefined;

/** An enqueue call waiting for space. */
interface Parked {
  /** The messages not yet accepted: a copy, so the caller may reuse its array. */
  readonly messages: readonly Message[];
  next: number;
  waits: number;
  /** What the accepted parts still wait on (confirms); empty for an in-process queue. */
  readonly settling: Promise<void>[];
  readonly resolve: (waits: number) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Enqueue calls waiting for a bounded queue's space, served oldest first as space frees. Each
 * resolves to how often it waited: 1 for finding the queue full, plus 1 each time freed space
 * took some but not all of what was left (a saturation event each).
 */
export class WaitingProducers {
  private readonly line = new Deque<Parked>();

  /** Calls waiting; while any does, a new call queues behind them. */
  get size(): number {
    return this.line.size;
  }

  /** Wait with `messages[accepted..]`; `settling`: what the part already accepted waits on. */
  park(messages: readonly Message[], accepted: number, settling: Promise<void>[] = []) {
    return new Promise<number>((resolve, reject) => {
      this.line.push({
        messages: messages.slice(accepted),
        next: 0,
        waits: 1,
        settling,
        resolve,
        reject,
      });
    });
  }

  /** Give the waiting calls, oldest first, what `space()` says fits, through `accept`. */
  admit(space: () => number, accept: AcceptRange): void {
    const line = this.line;
    while (line.size > 0) {
      const room = space();
      if (room <= 0) return;
      const producer = line.peek() as Parked;
      const left = producer.messages.length - producer.next;
      const taken = Math.min(room, left);
      const pending = accept(producer.messages, producer.next, producer.next + taken);
      if (pending !== undefined) producer.settling.push(pending);
      producer.next += taken;
      if (taken < left) {
        // It got some room but not enough: it waits again, and that is another saturation event.
        producer.waits++;
        return;
      }
      line.shift();
      if (producer.settling.length === 0) producer.resolve(producer.waits);
      else {
        Promise.all(producer.settling).then(
          () => producer.resolve(producer.waits),
          producer.reject,
        );
      }
    }
  }

  /** Fail every waiting call with `error` (the queue closed or broke). */
  rejectAll(error: Error): void {
    for (let p = this.line.shift(); p !== undefined; p = this.line.shift()) p.reject(error);
  }
}
