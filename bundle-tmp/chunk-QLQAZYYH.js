import {
  RuntimeError
} from "./chunk-4OEG5RSY.js";

// dist/queue/redis/fault.js
var RedisFault = class extends RuntimeError {
  kind;
  constructor(message, kind) {
    super(message);
    this.kind = kind;
  }
};
function stateLostLine(target) {
  return `Redis at ${target.target} lost the run's state (restarted without persistence, or flushed?)`;
}
var RedisFaultLatch = class {
  fault;
  listeners = [];
  /** The fault, once one tripped the latch. */
  get error() {
    return this.fault;
  }
  /** Latches `fault` unless another came first, and returns the one latched. */
  trip(fault) {
    if (this.fault !== void 0)
      return this.fault;
    this.fault = fault;
    for (const listener of this.listeners.splice(0))
      listener();
    return fault;
  }
  /** Calls `listener` once, when the latch trips. */
  onTrip(listener) {
    if (this.fault === void 0)
      this.listeners.push(listener);
  }
};

export {
  RedisFault,
  stateLostLine,
  RedisFaultLatch
};
