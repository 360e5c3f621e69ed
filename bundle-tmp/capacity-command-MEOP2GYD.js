import {
  SET_PER_STEP
} from "./chunk-6T53GSNY.js";
import {
  formatCapacity,
  stepLine
} from "./chunk-EDTKEX7F.js";
import "./chunk-FY5IDOOG.js";
import "./chunk-6VDVUGPV.js";
import "./chunk-JWV35FVX.js";
import "./chunk-DRKPRUOT.js";
import "./chunk-CPDNQIBT.js";
import {
  collect,
  fraction,
  loadConfigFile,
  settingOptions,
  settingsFromFlags
} from "./chunk-EBXN3DO2.js";
import {
  useColor
} from "./chunk-QAA4TCKH.js";
import "./chunk-BYJNKJCJ.js";
import {
  resultsPath,
  saveDocument
} from "./chunk-SSGSMYJ7.js";
import {
  writeOutputFile
} from "./chunk-R2YFIYUW.js";
import {
  STOP_SIGNALS,
  stopOnSignals
} from "./chunk-PU4L2BJ7.js";
import "./chunk-3BIR62C5.js";
import "./chunk-SQPFNCAQ.js";
import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import "./chunk-ZX2PIGHC.js";
import "./chunk-SP4OURFW.js";
import "./chunk-PJUSC7PT.js";
import "./chunk-JP37R37F.js";
import "./chunk-J7LXEMII.js";
import "./chunk-EFPR5QAB.js";
import "./chunk-DDCKLXIA.js";
import "./chunk-ORGCXR74.js";
import {
  letYoungGenerationGrow
} from "./chunk-KZNHWGSP.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import "./chunk-FP2YP6UV.js";
import "./chunk-XXDQU5QZ.js";
import "./chunk-SKMD6Q72.js";
import "./chunk-QWIFIVGU.js";
import "./chunk-5J5BT47B.js";
import {
  parseRate
} from "./chunk-NVC7T5PM.js";
import "./chunk-HO7RTZVS.js";
import "./chunk-7RRR65MG.js";
import {
  parseDuration
} from "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ORQZRYVU.js";
import "./chunk-ANFZG24T.js";
import "./chunk-QCUIJKYM.js";
import "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/cli/capacity-command.js
var DEFAULTS = {
  startRate: "100/s",
  maxRate: "1000000/s",
  step: "10s",
  warmup: "5s",
  resolution: "2%",
  backlogTolerance: "1%"
};
function registerCapacityCommand(program, done, io) {
  const command = program.command("capacity").description(COMMANDS.capacity.description).option("-c, --config <file>", "YAML or JSON file of settings (flags override it)").option("--slo <expr>", "a threshold every step must pass, repeatable, e.g. 'latency.endToEnd.p99<50ms'", collect).option("--start-rate <rate>", `first rate of the ramp (default ${DEFAULTS.startRate})`).option("--max-rate <rate>", `highest rate tried (default ${DEFAULTS.maxRate})`).option("--min-rate <rate>", "exit 1 unless at least this rate is found and confirmed").option("--step <duration>", `how long each step's arrivals last (default ${DEFAULTS.step})`).option("--warmup <duration>", `a first step, not judged (default ${DEFAULTS.warmup})`).option("--confirm <duration>", "how long the found rate is held again (default: 2 steps)").option("--resolution <pct>", `stop narrowing when held and failed rates are this close (default ${DEFAULTS.resolution})`).option("--backlog-tolerance <pct>", `backlog growth a step may show, of its rate per second (default ${DEFAULTS.backlogTolerance})`);
  for (const option of settingOptions(SET_PER_STEP))
    command.addOption(option);
  command.option("-o, --out <file>", "save the document here instead of results/capacity-<\u2026>.json").option("--json", "print the document as JSON on stdout").option("--html <file>", "also write a self-contained HTML report to this file").option("--no-progress", "no line per step on stderr").action(async (options) => done(await capacityCommand(options, io)));
}
async function capacityCommand(options, io) {
  const settings = {
    ...options.config === void 0 ? {} : loadConfigFile(options.config),
    ...settingsFromFlags(options)
  };
  const search = searchSettings(options);
  const controller = new AbortController();
  let stoppedBy;
  const releaseSignals = stopOnSignals((signal) => {
    stoppedBy ??= STOP_SIGNALS[signal];
    controller.abort();
  }, io.stderr);
  const { findCapacity } = await import("./find-capacity-3MGQR7FU.js");
  let doc;
  let index = 0;
  try {
    letYoungGenerationGrow();
    doc = await findCapacity({
      settings,
      search,
      signal: controller.signal,
      onStep: (step) => {
        if (options.progress)
          io.stderr.write(`${stepLine(step, index)}
`);
        index++;
      }
    });
  } finally {
    releaseSignals();
  }
  if (options.json)
    io.stdout.write(`${JSON.stringify(doc, null, 2)}
`);
  else
    io.stdout.write(formatCapacity(doc, { color: useColor(io.stdout, io.env) }));
  const target = options.out ?? resultsPath(doc.config.scenario, doc.startedAt, "capacity-");
  io.stderr.write(`capacity saved to ${await saveDocument(doc, target, options.out !== void 0)}
`);
  if (options.html !== void 0) {
    const { renderCapacityReport } = await import("./capacity-report-OAGYDW7F.js");
    await writeOutputFile(options.html, renderCapacityReport(doc), "the HTML report");
    io.stderr.write(`HTML report saved to ${options.html}
`);
  }
  if (stoppedBy !== void 0)
    return stoppedBy;
  if (doc.fault !== void 0) {
    io.stderr.write(`swarm-stress: ${doc.fault}
`);
    return ExitCode.Fault;
  }
  return doc.minRatePassed === false ? ExitCode.BelowMinRate : ExitCode.Ok;
}
function searchSettings(options) {
  const read = (flag, text, parse) => {
    try {
      return parse(text);
    } catch (error) {
      throw new ConfigError(`--${flag}: ${error.message}`);
    }
  };
  const positiveMs = (flag, text) => {
    const value = read(flag, text, parseDuration);
    if (value <= 0)
      throw new ConfigError(`--${flag}: must be longer than 0`);
    return value;
  };
  const share = (flag, text) => {
    const value = read(flag, text, fraction);
    if (!(value > 0 && value < 1)) {
      throw new ConfigError(`--${flag}: expected a share above 0 and below 100%, got ${text}`);
    }
    return value;
  };
  const startRate = read("start-rate", options.startRate ?? DEFAULTS.startRate, parseRate);
  const maxRate = read("max-rate", options.maxRate ?? DEFAULTS.maxRate, parseRate);
  if (maxRate < startRate) {
    throw new ConfigError(`--max-rate (${maxRate}/s) is below --start-rate (${startRate}/s)`);
  }
  const stepMs = positiveMs("step", options.step ?? DEFAULTS.step);
  return {
    slo: options.slo ?? [],
    startRate,
    maxRate,
    resolution: share("resolution", options.resolution ?? DEFAULTS.resolution),
    stepMs,
    warmupMs: positiveMs("warmup", options.warmup ?? DEFAULTS.warmup),
    confirmMs: options.confirm === void 0 ? 2 * stepMs : positiveMs("confirm", options.confirm),
    backlogTolerance: share("backlog-tolerance", options.backlogTolerance ?? DEFAULTS.backlogTolerance),
    ...options.minRate === void 0 ? {} : { minRate: read("min-rate", options.minRate, parseRate) }
  };
}
export {
  capacityCommand,
  registerCapacityCommand
};
