// dist/cli/young-generation.js
import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
var YOUNG_GENERATION_CAP_BYTES = 16 * 1024 * 1024;
var GROWTH_FACTOR = 2;
var governing = false;
var observer;
function holdYoungGeneration() {
  governing = true;
  observer?.disconnect();
  observer = void 0;
  setFlagsFromString("--semi-space-growth-factor=1");
}
function letYoungGenerationGrow() {
  if (!governing || observer)
    return;
  let factor = 0;
  const steer = () => {
    const next = youngGenerationBytes() >= YOUNG_GENERATION_CAP_BYTES ? 1 : GROWTH_FACTOR;
    if (next === factor)
      return;
    factor = next;
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  };
  steer();
  observer = new PerformanceObserver(steer);
  observer.observe({ entryTypes: ["gc"] });
}
function youngGenerationBytes() {
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === "new_space")
      return space.space_size;
  }
  return 0;
}

export {
  holdYoungGeneration,
  letYoungGenerationGrow
};
