import {
  Deque,
  QueueClosedError
} from "./chunk-ISEEBYCG.js";
import {
  MAX_TIMER_MS
} from "./chunk-ANFZG24T.js";

// dist/queue/cross-process-waiters.js
var CrossProcessWaiters = class {
  pollMs;
  hooks;
  /** Producers in arrival order; the first is the one being stored. */
  producers = new Deque();
  /** Long polls in arrival order. */
  consumers = [];
  pollTimer;
  constructor(pollMs, hooks) {
    this.pollMs = pollMs;
    this.hooks = hooks;
  }
  /** The first producer waits for room. */
  get producerBlocked() {
    return this.producers.peek()?.blocked === true;
  }
  /** A long poll waits. */
  get consumerWaiting() {
    return this.consumers.length > 0;
  }
  /** Parks a long poll until the driver serves it or, after `waitMs`, its `giveUp` hook runs. */
  waitForLease(consumer, waitMs) {
    consumer.timer = setTimeout(() => this.hooks.giveUp(consumer), Math.min(waitMs, MAX_TIMER_MS));
    this.consumers.push(consumer);
    this.armPoll();
  }
  /** Takes a consumer off the waiting list; false when it was not on it. */
  drop(consumer) {
    const index = this.consumers.indexOf(consumer);
    if (index < 0)
      return false;
    this.consumers.splice(index, 1);
    clearTimeout(consumer.timer);
    consumer.timer = void 0;
    return true;
  }
  /**
   * Keeps one timer running while a long poll waits or a producer waits for room. It is
   * unref'd while only long polls wait, whose own timers keep the process alive; a producer
   * waiting for another process to free room keeps it alive through this one.
   */
  armPoll() {
    if (this.pollTimer !== void 0 || this.hooks.closed())
      return;
    const blocked = this.producerBlocked;
    if (!blocked && !this.consumerWaiting)
      return;
    this.pollTimer = setTimeout(this.poll, this.pollMs);
    if (!blocked)
      this.pollTimer.unref();
  }
  /** Stops the poll timer once nobody waits any more. */
  disarmPollWhenIdle() {
    if (this.pollTimer === void 0)
      return;
    if (this.consumerWaiting || this.producerBlocked)
      return;
    clearTimeout(this.pollTimer);
    this.pollTimer = void 0;
  }
  /**
   * At close: stops the poll timer, answers the long polls with `[]` and rejects the producers
   * with {@link QueueClosedError} naming the driver `name`.
   */
  close(name) {
    clearTimeout(this.pollTimer);
    this.pollTimer = void 0;
    for (const consumer of this.consumers.splice(0)) {
      clearTimeout(consumer.timer);
      consumer.resolve([]);
    }
    for (let p = this.producers.shift(); p !== void 0; p = this.producers.shift()) {
      p.reject(new QueueClosedError(name));
    }
  }
  poll = () => {
    this.pollTimer = void 0;
    if (this.hooks.closed())
      return;
    if (this.producerBlocked)
      this.hooks.pump();
    if (this.consumerWaiting)
      this.hooks.serveConsumers();
    this.armPoll();
  };
};

export {
  CrossProcessWaiters
};
