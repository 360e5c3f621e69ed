import {
  describeEnvironment
} from "./chunk-FY5IDOOG.js";
import {
  StressTestRunner,
  resolveConfig
} from "./chunk-6VDVUGPV.js";
import {
  nowMs
} from "./chunk-QCUIJKYM.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/capacity/capacity-document.js
var CAPACITY_SCHEMA = "swarm-stress/capacity@1";

// dist/capacity/find-capacity.js
var MIN_STEP_MESSAGES = 200;
var SET_PER_STEP = [
  "load",
  "rate",
  "duration",
  "stages",
  "messagesPerAgent",
  "thresholds",
  "abortOnFail"
];
async function findCapacity(options) {
  const { settings, search, signal } = options;
  const given = SET_PER_STEP.find((key) => settings[key] !== void 0);
  if (given !== void 0) {
    const instead = given === "thresholds" || given === "abortOnFail" ? "the SLO every step must pass is given as slo (--slo)" : "the rates come from the search (--start-rate, --max-rate)";
    throw new ConfigError(`capacity sets ${given} for each step itself: leave it out; ${instead}`);
  }
  const base = { ...settings, thresholds: [...search.slo] };
  const config = resolveConfig({ ...base, rate: search.startRate, duration: search.stepMs });
  const [{ searchCapacity }, { stepQueue }, { judgeStep }] = await Promise.all([
    import("./search-2B45DCWU.js"),
    import("./step-queue-MLXFNN5D.js"),
    import("./step-verdict-ZVJ2ZILO.js")
  ]);
  const steps = [];
  const warnings = [];
  const tag = Date.now().toString(36);
  let fault;
  let core = settings.core ?? "mock";
  const startedAt = nowMs();
  const measure = async (rate, phase) => {
    if (signal?.aborted)
      return "stopped";
    const durationMs = stepLength(phase, rate, search);
    options.onStepStart?.(rate, phase, durationMs);
    const place = stepQueue(config.queue, tag, steps.length);
    let result;
    try {
      result = await new StressTestRunner({
        ...base,
        queue: place.queue,
        rate,
        duration: durationMs,
        seed: config.seed + steps.length,
        ...options.deliveryCore ? { deliveryCore: options.deliveryCore } : {},
        ...signal ? { signal } : {}
      }).run();
    } finally {
      await place.discard();
    }
    core = result.core;
    const stopped = result.stoppedEarly || signal?.aborted === true;
    const step = judgeStep(result, phase, rate, durationMs, search.backlogTolerance, stopped);
    steps.push(step);
    options.onStep?.(step);
    if (result.fault)
      fault = `the step at ${rate}/s stopped on a fault: ${result.fault.reason}`;
    return step.verdict;
  };
  await measure(search.startRate, "warm-up");
  const outcome = await searchCapacity(measure, search);
  const finishedAt = nowMs();
  const sustained = outcome.sustainedRate;
  return {
    schema: CAPACITY_SCHEMA,
    config: withoutStepSettings(config),
    core,
    search,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - startedAt,
    steps,
    outcome,
    ...search.minRate === void 0 ? {} : {
      minRatePassed: outcome.verdict === "found" && sustained !== null && sustained >= search.minRate
    },
    warnings,
    ...fault === void 0 ? {} : { fault },
    environment: describeEnvironment()
  };
}
function stepLength(phase, rate, search) {
  const phaseMs = phase === "warm-up" ? search.warmupMs : phase === "confirm" ? search.confirmMs : search.stepMs;
  const enoughMs = MIN_STEP_MESSAGES / rate * 1e3;
  return Math.round(phase === "warm-up" ? phaseMs : Math.max(phaseMs, enoughMs));
}
function withoutStepSettings(config) {
  const { rate: _rate, duration: _duration, ...shared } = config;
  return shared;
}

export {
  MIN_STEP_MESSAGES,
  SET_PER_STEP,
  findCapacity
};
