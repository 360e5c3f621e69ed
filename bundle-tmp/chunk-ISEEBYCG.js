import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/queue/driver-options.js
var DEFAULT_CAPACITY = 1e4;
var DEFAULT_VISIBILITY_MS = 3e4;
function checkDriverLimits(options) {
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  if (!isCount(capacity, 1)) {
    throw new ConfigError(`queue capacity must be a positive integer, got ${capacity}`);
  }
  const visibilityMs = options.visibilityMs ?? DEFAULT_VISIBILITY_MS;
  if (!(visibilityMs >= 0)) {
    throw new ConfigError(`queue visibilityMs must be >= 0, got ${visibilityMs}`);
  }
  return { capacity, visibilityMs };
}
function checkDeadLetterLimit(limit) {
  if (!isCount(limit, 0)) {
    throw new ConfigError(`queue deadLetterLimit must be an integer >= 0, got ${limit}`);
  }
  return limit;
}
function leaseVisibilityError(visibilityMs) {
  return visibilityMs >= 0 ? void 0 : new RangeError(`visibilityMs must be >= 0, got ${visibilityMs}`);
}
function isCount(value, min) {
  return value === Number.POSITIVE_INFINITY || Number.isInteger(value) && value >= min;
}

// dist/queue/queue-closed.js
var QueueClosedError = class extends Error {
  name = "QueueClosedError";
  /** @param driver the driver's `name`, shown in the message. */
  constructor(driver) {
    super(`queue driver "${driver}" is closed`);
  }
};

// dist/queue/memory/deque.js
var MIN_SLOTS = 16;
var SHRINK_FLOOR = 1 << 14;
var Deque = class {
  slots;
  head = 0;
  mask;
  count = 0;
  /** @param initialSlots rounded up to a power of two so an index wraps with a bit mask. */
  constructor(initialSlots = MIN_SLOTS) {
    const slots = powerOfTwoAtLeast(Math.max(MIN_SLOTS, initialSlots));
    this.slots = new Array(slots).fill(void 0);
    this.mask = slots - 1;
  }
  /** Number of items held. */
  get size() {
    return this.count;
  }
  /** Appends at the tail. */
  push(item) {
    if (this.count === this.slots.length)
      this.resize(this.slots.length * 2);
    this.slots[this.head + this.count & this.mask] = item;
    this.count++;
  }
  /** Removes and returns the head, or `undefined` when empty. */
  shift() {
    if (this.count === 0)
      return void 0;
    const item = this.slots[this.head];
    this.slots[this.head] = void 0;
    this.head = this.head + 1 & this.mask;
    this.count--;
    const length = this.slots.length;
    if (length > SHRINK_FLOOR && this.count < length >>> 3)
      this.resize(length >>> 1);
    return item;
  }
  /** The head without removing it, or `undefined` when empty. */
  peek() {
    return this.count === 0 ? void 0 : this.slots[this.head];
  }
  /** The item `index` places behind the head (0 is the head), or `undefined` past the tail. */
  at(index) {
    return index >= 0 && index < this.count ? this.slots[this.head + index & this.mask] : void 0;
  }
  /** Calls `visit` on every item, head first, without removing any. */
  forEach(visit) {
    for (let i = 0; i < this.count; i++)
      visit(this.slots[this.head + i & this.mask]);
  }
  /** Drops every item and returns to the initial footprint. */
  clear() {
    this.slots = new Array(MIN_SLOTS).fill(void 0);
    this.mask = MIN_SLOTS - 1;
    this.head = 0;
    this.count = 0;
  }
  resize(slots) {
    const next = new Array(slots).fill(void 0);
    for (let i = 0; i < this.count; i++)
      next[i] = this.slots[this.head + i & this.mask];
    this.slots = next;
    this.head = 0;
    this.mask = slots - 1;
  }
};
function powerOfTwoAtLeast(n) {
  let p = 1;
  while (p < n)
    p *= 2;
  return p;
}

export {
  checkDriverLimits,
  checkDeadLetterLimit,
  leaseVisibilityError,
  QueueClosedError,
  Deque
};
