// dist/processor/breather.js
var MAX_BUSY_MS = 10;
var Breather = class {
  now;
  since;
  /** The breath being taken, shared by everyone who finds one due meanwhile. */
  breath;
  constructor(now) {
    this.now = now;
    this.since = now();
  }
  /** The loop has just turned (a pause, a wait on a timer): the stretch starts again at `at`. */
  rested(at) {
    this.since = at;
  }
  /**
   * A promise to await before going on when the loop has not turned for longer than
   * {@link MAX_BUSY_MS} by `at`; undefined while it has time left.
   */
  due(at) {
    if (this.breath !== void 0)
      return this.breath;
    if (at - this.since <= MAX_BUSY_MS)
      return void 0;
    this.breath = new Promise((resolve) => setImmediate(() => setImmediate(resolve))).then(() => {
      this.breath = void 0;
      this.since = this.now();
    });
    return this.breath;
  }
};

export {
  MAX_BUSY_MS,
  Breather
};
