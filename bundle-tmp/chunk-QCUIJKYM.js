// dist/util/clock.js
import { performance } from "node:perf_hooks";
var origin = performance.timeOrigin;
function nowMs() {
  return origin + performance.now();
}

export {
  nowMs
};
