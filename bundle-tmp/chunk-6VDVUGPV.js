import {
  thresholdsFor
} from "./chunk-JWV35FVX.js";
import {
  freshSeed
} from "./chunk-DRKPRUOT.js";
import {
  checkedRunSettingsSchema,
  describeIssue,
  formatPath
} from "./chunk-JP37R37F.js";
import {
  DEFAULT_ARRIVALS,
  DEFAULT_MAX_BACKLOG
} from "./chunk-EFPR5QAB.js";
import {
  parseQueueSpecOf
} from "./chunk-ORGCXR74.js";
import {
  runSettingsSchema
} from "./chunk-XXDQU5QZ.js";
import {
  DEFAULT_SETTINGS,
  SCENARIOS,
  findScenario
} from "./chunk-QWIFIVGU.js";
import {
  readSavedConfig
} from "./chunk-ORQZRYVU.js";
import {
  checkWritable
} from "./chunk-UZ6Z45I5.js";
import {
  queueKindOf
} from "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/run/distributable.js
function checkDistributable(config) {
  if (queueKindOf(config.queue) !== "redis") {
    throw new ConfigError("workers need a Redis queue to share: queue redis://HOST:PORT (see docs/distributed.md)");
  }
  if (config.chaos) {
    throw new ConfigError("chaos runs in one process only: drop workers or chaos");
  }
  if (config.record !== void 0) {
    throw new ConfigError("record writes the outcomes of one process only: drop workers or record");
  }
}

// dist/run/options.js
function settingsOf(options) {
  const { deliveryCore: _core, signal: _signal, resume: _resume, onNotice: _notice, onProgress: _progress, ...settings } = options;
  return settings;
}

// dist/run/resolve-load.js
var OPEN_ONLY = ["rate", "stages", "duration", "arrivals", "maxBacklog"];
function resolveLoad(config, given, countGiven, source) {
  const scheduled = given.rate !== void 0 || given.stages !== void 0;
  const load = given.load ?? (scheduled ? "open" : "closed");
  if (load === "closed") {
    const stray = OPEN_ONLY.find((key) => given[key] !== void 0);
    if (stray !== void 0) {
      throw new ConfigError(given.load === "closed" ? `${source}: ${stray} applies to open load, and load is closed: drop ${stray} or set load to open` : `${source}: ${stray} applies to open load: give a rate (e.g. 2000/s) or stages as well`);
    }
    return { ...config, load };
  }
  if (!scheduled) {
    throw new ConfigError(`${source}: open load needs a rate (e.g. 2000/s) or stages (e.g. 10s:100/s,60s:5000/s)`);
  }
  if (given.duration !== void 0 && given.stages !== void 0) {
    throw new ConfigError(`${source}: duration and stages both set how long arrivals last: give one of them`);
  }
  if (given.generation === "upfront") {
    throw new ConfigError(`${source}: generation upfront makes every message before the run starts, open load makes them on schedule: drop one`);
  }
  const timed = given.duration !== void 0 || given.stages !== void 0;
  const { messagesPerAgent, ...rest } = config;
  return {
    ...rest,
    // Bounded by time, a run's count caps it only when someone gave one.
    ...timed && !countGiven ? {} : { messagesPerAgent },
    load,
    arrivals: config.arrivals ?? DEFAULT_ARRIVALS,
    maxBacklog: config.maxBacklog ?? DEFAULT_MAX_BACKLOG
  };
}

// dist/run/resolve-config.js
function resolveConfig(settings, source = "settings") {
  const own = parseSettings(settings, source);
  const scenarioName = own.scenario ?? "default";
  const scenario = findScenario(scenarioName);
  if (!scenario) {
    throw new ConfigError(`unknown scenario "${scenarioName}" (${SCENARIOS.map((s) => s.name).join(", ")})`);
  }
  const defaults = parseSettings(DEFAULT_SETTINGS, "defaults");
  const given = {
    ...withoutUndefined(parseSettings(scenario.settings, `scenario ${scenario.name}`)),
    ...withoutUndefined(own)
  };
  const merged = { ...defaults, ...given };
  const config = inSchemaOrder(resolveLoad({
    ...merged,
    scenario: scenario.name,
    seed: merged.seed ?? freshSeed(),
    concurrency: merged.concurrency ?? merged.batchSize,
    load: "closed"
  }, given, own.messagesPerAgent !== void 0, source));
  if (config.retryMaxDelay < config.retryBaseDelay) {
    throw new ConfigError(`${source}: retryMaxDelay (${config.retryMaxDelay}ms) is below retryBaseDelay (${config.retryBaseDelay}ms)`);
  }
  if (config.timeout !== void 0 && config.visibilityTimeout <= config.timeout) {
    throw new ConfigError(`${source}: visibilityTimeout (${config.visibilityTimeout}ms) must exceed timeout (${config.timeout}ms), or every slow delivery is handed out twice`);
  }
  return config;
}
function parseSettings(settings, source) {
  const parsed = checkedRunSettingsSchema().safeParse(settings);
  if (!parsed.success)
    throw new ConfigError(`${source}: ${describeFirstIssue(parsed.error)}`);
  return parsed.data;
}
function describeFirstIssue(error) {
  const issue = error.issues[0];
  if (!issue)
    return "invalid settings";
  const where = issue.code !== "unrecognized_keys" && issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  return `${where}${describeIssue(issue)}`;
}
function inSchemaOrder(config) {
  const entries = Object.keys(runSettingsSchema().shape).flatMap((key) => {
    const value = config[key];
    return value === void 0 ? [] : [[key, value]];
  });
  return Object.fromEntries(entries);
}
function withoutUndefined(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
}

// dist/run/resume-config.js
import { existsSync } from "node:fs";
var APPLIED_ON_RESUME = /* @__PURE__ */ new Set(["queue", "thresholds", "abortOnFail"]);
function resumedConfig(settings) {
  const kept = savedConfig(settings);
  if (kept.load === "open") {
    throw new ConfigError("the interrupted run had open load (an arrival schedule), which cannot be resumed: start it again (swarm-stress queue inspect shows what its file holds)");
  }
  const saved = { ...resolveConfig({}), ...kept };
  const given = resolveConfig({
    ...settings.thresholds ? { thresholds: settings.thresholds } : {},
    ...settings.abortOnFail !== void 0 ? { abortOnFail: settings.abortOnFail } : {}
  });
  return {
    ...saved,
    thresholds: settings.thresholds ? given.thresholds : saved.thresholds ?? [],
    abortOnFail: settings.abortOnFail ?? saved.abortOnFail ?? false
  };
}
function ignoredOnResume(settings) {
  return Object.keys(settings).filter((key) => !APPLIED_ON_RESUME.has(key) && settings[key] !== void 0);
}
function savedConfig(settings) {
  const needsFile = "resume needs the durable queue of the interrupted run: queue sqlite:PATH";
  if (settings.queue === void 0)
    throw new ConfigError(needsFile);
  const { path } = parseQueueSpecOf(settings.queue, "sqlite", needsFile);
  if (existsSync(path))
    checkWritable(path, true);
  return { ...readSavedConfig(path), queue: settings.queue };
}

// dist/run/runner.js
var StressTestRunner = class {
  options;
  /** The resolved configuration: defaults, under the scenario, under the options. */
  config;
  /** Throws a {@link ConfigError} with one line when a setting is invalid. */
  constructor(options = {}) {
    this.options = options;
    const { resume } = options;
    const settings = settingsOf(options);
    this.config = resume ? resumedConfig(settings) : resolveConfig(settings);
    this.thresholds = thresholdsFor(this.config);
    if (this.config.workers !== void 0)
      checkDistributable(this.config);
    this.ignoredOnResume = resume ? ignoredOnResume(settings) : [];
  }
  /** The configuration's thresholds, parsed and checked against it. */
  thresholds;
  /** Settings given with `resume` that the saved configuration overrides. */
  ignoredOnResume;
  /**
   * Run to completion (or until `signal` aborts) and return the result. Rejects with a
   * {@link RuntimeError} when the core cannot be loaded or initialised; a failed audit is
   * reported in the result (`audit.balanced` false), not thrown. The core's `init` and `close`
   * are called once per run, also for a core passed as `deliveryCore`.
   */
  async run() {
    const keepAlive = setInterval(() => {
    }, 6e4);
    try {
      const { executeRun } = await import("./execute-run-LXSLURLU.js");
      return await executeRun(this.config, this.options, {
        thresholds: this.thresholds,
        ignoredOnResume: this.ignoredOnResume
      });
    } finally {
      clearInterval(keepAlive);
    }
  }
};

export {
  resolveConfig,
  StressTestRunner
};
