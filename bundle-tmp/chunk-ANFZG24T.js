// dist/util/timer-limit.js
var MAX_TIMER_MS = 2147483647;

export {
  MAX_TIMER_MS
};
