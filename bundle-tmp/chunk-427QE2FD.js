import {
  checkFileRoles
} from "./chunk-EONON7L2.js";
import {
  loadConfigFile,
  settingOptions,
  settingsFromFlags
} from "./chunk-EBXN3DO2.js";
import {
  useColor
} from "./chunk-QAA4TCKH.js";
import {
  painter,
  table
} from "./chunk-BYJNKJCJ.js";
import {
  checkResultPath,
  saveResult
} from "./chunk-SSGSMYJ7.js";
import {
  checkOutputPath,
  writeOutputFile
} from "./chunk-R2YFIYUW.js";
import {
  STOP_SIGNALS,
  stopOnSignals
} from "./chunk-PU4L2BJ7.js";
import {
  holdProcessExit
} from "./chunk-3BIR62C5.js";
import {
  safeForTerminal
} from "./chunk-SQPFNCAQ.js";
import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import {
  checkCoreModuleFile
} from "./chunk-URGUNIOF.js";
import {
  harnessRows,
  latencyCell,
  listAgents,
  loadRows,
  typeRows
} from "./chunk-XQMIZCX6.js";
import {
  loadText,
  runVerdict,
  typesText
} from "./chunk-34TKQEUL.js";
import {
  formatMetric
} from "./chunk-ASG4BG2V.js";
import {
  count,
  mb,
  ms,
  percent,
  rate
} from "./chunk-DDCKLXIA.js";
import {
  parseQueueSpec
} from "./chunk-ORGCXR74.js";
import {
  letYoungGenerationGrow
} from "./chunk-KZNHWGSP.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import {
  DEFAULT_SETTINGS,
  findScenario
} from "./chunk-QWIFIVGU.js";
import {
  formatDistribution
} from "./chunk-7RRR65MG.js";
import {
  formatDuration
} from "./chunk-W6F7X4K4.js";
import {
  groupDigits
} from "./chunk-WFQQAGZ5.js";
import {
  lazyPackage
} from "./chunk-DP7FM7BS.js";

// dist/report/console.js
var MAX_AGENT_ROWS = 20;
var BUSIEST_AGENTS = 10;
function formatSummary(result, options = {}) {
  const paint = painter(options.color ?? false);
  const sections = [
    runSection(result, paint),
    messagesSection(result, paint),
    latencySection(result, paint),
    loadSection(result, paint),
    typeSection(result, paint),
    agentSection(result, paint),
    resourceSection(result, paint),
    queueSection(result, paint),
    workerSection(result, paint),
    harnessSection(result, paint),
    chaosSection(result, paint),
    deadLetterSection(result, paint),
    warningSection(result, paint),
    thresholdSection(result, paint),
    auditSection(result, paint)
  ];
  return safeForTerminal(`${sections.filter((section2) => section2.length > 0).join("\n\n")}
`);
}
function formatThresholdTable(result, options = {}) {
  const text = thresholdSection(result, painter(options.color ?? false));
  return text === "" ? "" : safeForTerminal(`${text}
`);
}
function runSection(result, paint) {
  const { config } = result;
  const rows = [
    ["scenario", config.scenario],
    ["core", result.core],
    ["seed", String(config.seed)],
    ["duration", seconds(result.durationMs)],
    ["stopped early", result.stoppedEarly ? paint("yellow", "yes") : "no"],
    ["started", result.startedAt],
    ["workload", describeWorkload(config)],
    ["delivery", describeDelivery(config)]
  ];
  return section(paint, "Run", keyValues(rows));
}
function messagesSection(result, paint) {
  const t = result.totals;
  const rows = [
    ["generated", count(t.generated), ""],
    ["delivered", count(t.delivered), share(t.delivered, t.generated)],
    ["dead-lettered", count(t.deadLettered), share(t.deadLettered, t.generated)],
    ["pending", count(t.pending), share(t.pending, t.generated)],
    ...t.dropped === void 0 || result.load === void 0 ? [] : [["dropped", count(t.dropped), share(t.dropped, t.generated)]],
    ["duplicates", count(t.duplicates), ""],
    ["deliveries", count(t.deliveries), "per recipient"],
    ["failed attempts", count(t.failed), t.timedOut > 0 ? `${count(t.timedOut)} timed out` : ""],
    ["retried", count(t.retried), ""],
    ["success rate", percent(result.successRate), "of messages"],
    ["attempt success", percent(result.attemptSuccessRate), `of ${count(t.attempts)} attempts`],
    ["throughput", `${rate(result.throughput.messagesPerSec)} msg/s`, "settled messages"],
    ["", `${rate(result.throughput.deliveriesPerSec)} dlv/s`, "deliveries"]
  ];
  return section(paint, "Messages", table(null, rows, ["l", "r", "l"]));
}
var LATENCY_COLUMNS = ["min", "mean", "p50", "p90", "p95", "p99", "p99.9", "max"];
function latencyCells(summary) {
  const values = [
    summary.min,
    summary.mean,
    summary.p50,
    summary.p90,
    summary.p95,
    summary.p99,
    summary.p999,
    summary.max
  ];
  return summary.count === 0 ? values.map(() => "-") : values.map(ms);
}
function latencySection(result, paint) {
  const { endToEnd, endToEndUncorrected, queueWait, delivery } = result.latency;
  const sendLag = result.load?.sendLag;
  const open = result.load !== void 0;
  const rows = [
    [
      open ? "end-to-end (corrected)" : "end-to-end",
      ...latencyCells(endToEnd),
      count(endToEnd.count)
    ],
    ...endToEndUncorrected && open ? [
      [
        "end-to-end (uncorrected)",
        ...latencyCells(endToEndUncorrected),
        count(endToEndUncorrected.count)
      ]
    ] : [],
    ...sendLag ? [["send lag", ...latencyCells(sendLag), count(sendLag.count)]] : [],
    ["queue wait", ...latencyCells(queueWait), count(queueWait.count)],
    ["delivery", ...latencyCells(delivery), count(delivery.count)]
  ];
  const headers = ["", ...LATENCY_COLUMNS, "count"];
  return section(paint, "Latency (ms)", table(headers, rows, numericColumns(headers.length)));
}
function loadSection(result, paint) {
  const rows = loadRows(result);
  if (!rows)
    return "";
  const painted = rows.map(([label, value]) => [
    label,
    value.startsWith("NOT KEPT") ? `${paint("yellow", "NOT KEPT")}${value.slice(8)}` : value
  ]);
  return section(paint, "Load (open)", keyValues(painted));
}
function typeSection(result, paint) {
  const rows = typeRows(result);
  if (rows.length === 0)
    return "";
  const headers = [
    "type",
    "generated",
    "delivered",
    "dead",
    "pending",
    "deliveries",
    "failed",
    "success",
    "p50 ms",
    "p99 ms"
  ];
  return section(paint, "By type", table(headers, rows, numericColumns(headers.length)));
}
function agentSection(result, paint) {
  const { listed, cut } = listAgents(result, MAX_AGENT_ROWS, BUSIEST_AGENTS);
  if (listed.length === 0)
    return "";
  const rows = listed.map(([name, stats]) => [
    name,
    count(stats.generated),
    count(stats.delivered),
    count(stats.deadLettered),
    count(stats.received),
    latencyCell(stats.latency, "p50"),
    latencyCell(stats.latency, "p99")
  ]);
  const headers = ["agent", "sent", "delivered", "dead", "received", "p50 ms", "p99 ms"];
  const body = table(headers, rows, numericColumns(headers.length));
  const note = cut ? `
  ${paint("dim", `(the ${BUSIEST_AGENTS} busiest of ${Object.keys(result.byAgent).length} agents, by messages sent and received; all are in the JSON result)`)}` : "";
  return section(paint, "By agent (as sender; received as recipient)", body + note);
}
function resourceSection(result, paint) {
  const r = result.resources;
  const rows = [
    ...r.startUpMs === void 0 ? [] : [["start-up", `${ms(r.startUpMs)} ms`, "to the run's start"]],
    ["RSS", `${mb(r.rssPeakMB)} peak`, `${mb(r.rssAvgMB)} avg`],
    ...r.rssAtStartMB === void 0 ? [] : [["RSS at start", mb(r.rssAtStartMB), "before any message"]],
    ["heap", `${mb(r.heapPeakMB)} peak`, `${mb(r.heapAvgMB)} avg`],
    ["CPU", `${r.cpuPeakPct.toFixed(0)}% peak`, `${r.cpuAvgPct.toFixed(0)}% avg`],
    ["event-loop lag", `${ms(r.eventLoopLagP99Ms)} ms p99`, `${ms(r.eventLoopLagMaxMs)} ms max`]
  ];
  if (r.generatorSaturated) {
    rows.push(["load generator", paint("yellow", "saturated"), "(see warnings)"]);
  }
  return section(paint, `Resources (${count(r.samples)} samples)`, table(null, rows, ["l", "r", "r"]));
}
function queueSection(result, paint) {
  const q = result.queue;
  const rows = [
    ["driver", q.driver],
    ["capacity", count(q.capacity)],
    ["depth", `${count(q.depthPeak)} peak, ${q.depthAvg.toFixed(1)} avg`],
    ["saturation events", count(q.saturationEvents)]
  ];
  return section(paint, "Queue", keyValues(rows));
}
function workerSection(result, paint) {
  const workers = result.workers ?? [];
  if (workers.length === 0)
    return "";
  const rows = workers.map((w) => [
    w.id,
    w.status === "finished" ? w.status : paint("yellow", w.status),
    count(w.reports),
    count(w.delivered),
    count(w.deadLettered),
    count(w.deliveries),
    count(w.failed),
    count(w.duplicates),
    latencyCell(w.latency, "p50"),
    latencyCell(w.latency, "p99"),
    mb(w.rssPeakMB),
    `${w.cpuPeakPct.toFixed(0)}%`
  ]);
  const headers = [
    "worker",
    "status",
    "reports",
    "delivered",
    "dead",
    "deliveries",
    "failed",
    "dups",
    "p50 ms",
    "p99 ms",
    "RSS peak",
    "CPU peak"
  ];
  const align = numericColumns(headers.length);
  align[1] = "l";
  return section(paint, `Workers (${workers.length}; their own counts, a message settled by two counts in both)`, table(headers, rows, align));
}
function harnessSection(result, paint) {
  return section(paint, "Harness time", keyValues(harnessRows(result)));
}
var CHAOS_LABELS = {
  failureBurst: "failure bursts",
  latencySpike: "latency spikes",
  queueSaturation: "queue saturation",
  memoryPressure: "memory pressure"
};
function chaosSection(result, paint) {
  if (!result.chaos.enabled)
    return "";
  const rows = Object.keys(CHAOS_LABELS).map((kind) => [
    CHAOS_LABELS[kind],
    count(result.chaos.events[kind] ?? 0)
  ]);
  rows.push(["total", count(result.chaos.total)]);
  return section(paint, "Chaos events", keyValues(rows));
}
function deadLetterSection(result, paint) {
  const reasons = Object.entries(result.deadLetters.byReason).sort(([, a], [, b]) => b - a);
  if (result.deadLetters.count === 0 && reasons.length === 0)
    return "";
  const rows = reasons.map(([reason, n]) => [count(n), reason]);
  return section(paint, `Dead letters (${count(result.deadLetters.count)}) by reason`, table(null, rows, ["r", "l"]));
}
function warningSection(result, paint) {
  if (result.warnings.length === 0)
    return "";
  const lines = result.warnings.map((warning) => `  ${paint("yellow", "!")} ${warning}`);
  return section(paint, "Warnings", lines.join("\n"));
}
function thresholdSection(result, paint) {
  const outcomes = result.thresholds ?? [];
  if (outcomes.length === 0)
    return "";
  const rows = outcomes.map((outcome) => [
    outcome.expression,
    formatMetric(outcome.value, outcome.unit),
    outcome.partial ? paint("dim", "not judged") : outcome.passed ? paint("green", "pass") : paint("red", "FAIL"),
    outcome.abortedRun ? "stopped the run: it could no longer pass" : outcome.partial ? "the run stopped early" : outcome.value === null ? "no value measured" : ""
  ]);
  const failed = outcomes.filter((outcome) => !outcome.passed && !outcome.partial).length;
  const partial = outcomes.filter((outcome) => outcome.partial).length;
  const unjudged = partial > 0 ? `, ${partial} not judged` : "";
  const verdict = failed === 0 && partial === 0 ? paint("green", `all ${outcomes.length} passed`) : paint("red", `${failed} of ${outcomes.length} failed${unjudged}`);
  return section(paint, `Thresholds: ${verdict}`, table(["threshold", "measured", "", ""], rows, ["l", "r", "l", "l"]));
}
function auditSection(result, paint) {
  const { audit, totals } = result;
  const dropped = totals.dropped ? ` + dropped ${count(totals.dropped)}` : "";
  const equation = `generated ${count(totals.generated)} = delivered ${count(totals.delivered)} + dead-lettered ${count(totals.deadLettered)} + pending ${count(totals.pending)}${dropped}`;
  if (audit.balanced) {
    const dup = audit.duplicates > 0 ? `, ${count(audit.duplicates)} duplicates` : "";
    return `${paint("bold", "Audit:")} ${paint("green", "BALANCED")} (${equation}${dup})`;
  }
  const head = `${paint("bold", "Audit:")} ${paint("red", "FAILED")} (lost ${count(audit.lost)}, duplicates ${count(audit.duplicates)}; ${equation})`;
  return [head, ...audit.problems.map((problem) => `  - ${problem}`)].join("\n");
}
function describeWorkload(config) {
  return [
    loadText(config),
    `types ${typesText(config)}`,
    `payload ${formatDistribution(config.payloadSize, (bytes) => `${Math.round(bytes)}B`)}`,
    `${config.generation} generation`
  ].join(", ");
}
function describeDelivery(config) {
  const parts = [
    `batch ${count(config.batchSize)}`,
    `interval ${formatDuration(config.interval)}`,
    `concurrency ${count(config.concurrency)}`,
    `max attempts ${config.maxAttempts}`
  ];
  if (config.core === "mock") {
    parts.push(`delay ${formatDistribution(config.delay, formatDuration)}`, `success rate ${config.successRate}`);
  }
  if (config.timeout !== void 0)
    parts.push(`timeout ${formatDuration(config.timeout)}`);
  if (config.chaos)
    parts.push("chaos on");
  return parts.join(", ");
}
function keyValues(rows) {
  return table(null, rows, ["l", "l"]);
}
function section(paint, title, body) {
  return `${paint("bold", title)}
${body}`;
}
function numericColumns(columns) {
  return ["l", ...Array.from({ length: columns - 1 }, () => "r")];
}
function share(part, whole) {
  return whole > 0 ? percent(part / whole) : "";
}
function seconds(durationMs) {
  return durationMs < 1e3 ? `${ms(durationMs)} ms` : `${(durationMs / 1e3).toFixed(3)} s`;
}

// dist/cli/progress-bar.js
var loadCliProgress = lazyPackage("cli-progress");
function wantsProgress(choice) {
  return choice.isTTY && choice.progress && !choice.json;
}
function createProgressBar(stream) {
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar({
    stream,
    format: "{bar} {percentage}% | {value}/{total} settled | {rate} msg/s | p99 {p99} ms | {elapsed}",
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  let total = 0;
  return {
    update(snapshot) {
      if (stopped)
        return;
      const payload = {
        rate: groupDigits(snapshot.ratePerSec, 0),
        p99: snapshot.endToEndP99Ms.toFixed(snapshot.endToEndP99Ms < 10 ? 2 : 1),
        elapsed: `${(snapshot.elapsedMs / 1e3).toFixed(1)}s`
      };
      if (!started) {
        bar.start(snapshot.total, snapshot.settled, payload);
        started = true;
        total = snapshot.total;
        return;
      }
      if (snapshot.total !== total) {
        bar.setTotal(snapshot.total);
        total = snapshot.total;
      }
      bar.update(snapshot.settled, payload);
    },
    stop() {
      if (started && !stopped)
        bar.stop();
      stopped = true;
    }
  };
}

// dist/cli/run-files.js
async function checkRunFiles(flags, settings) {
  if (!flags.json || flags.out !== void 0)
    checkResultPath(flags.out);
  const scenario = findScenario(settings.scenario ?? "default")?.settings;
  const queue = settings.queue ?? scenario?.queue ?? DEFAULT_SETTINGS.queue;
  const spec = parseQueueSpec(queue);
  const queuePath = spec.kind === "sqlite" ? spec.path : void 0;
  const saved = flags.resume && queuePath !== void 0 ? await savedRunConfig(queuePath) : void 0;
  const record = flags.resume ? saved?.record : settings.record;
  const core = flags.resume ? saved?.core : settings.core ?? scenario?.core ?? DEFAULT_SETTINGS.core;
  const corePath = core === void 0 || core === "mock" ? void 0 : core;
  checkFileRoles([
    { what: "the result", path: flags.out, use: "output" },
    { what: "the HTML report", path: flags.html, use: "output" },
    { what: "the JUnit report", path: flags.junit, use: "output" },
    { what: "the record file", path: record, use: "output" },
    { what: "the config file", path: flags.config, use: "input" },
    { what: "the queue file", path: queuePath, use: "both" },
    { what: "the queue's WAL file", path: queuePath && `${queuePath}-wal`, use: "both" },
    { what: "the queue's shared-memory file", path: queuePath && `${queuePath}-shm`, use: "both" },
    { what: "the core module", path: corePath, use: "input" }
  ]);
  const spare = { sparesResults: true };
  if (flags.html !== void 0)
    checkOutputPath(flags.html, "the HTML report", spare);
  if (flags.junit !== void 0)
    checkOutputPath(flags.junit, "the JUnit report", spare);
  if (record !== void 0)
    checkOutputPath(record, "the record file", spare);
  if (corePath !== void 0)
    checkCoreModuleFile(corePath);
}
async function savedRunConfig(path) {
  try {
    const { readSavedConfig } = await import("./run-state-FUXRBEFQ.js");
    return readSavedConfig(path);
  } catch {
    return void 0;
  }
}

// dist/cli/run-command.js
function registerRunCommand(program, done, io) {
  const run = program.command("run").description(COMMANDS.run.description).option("-c, --config <file>", "YAML or JSON file of settings (flags override it)");
  for (const option of settingOptions())
    run.addOption(option);
  run.option("--html <file>", "also write a self-contained HTML report to this file").option("--junit <file>", "also write the thresholds and the audit as JUnit XML").option("--resume", "continue the interrupted run kept in the --queue sqlite:PATH file").option("-o, --out <file>", "save the result here instead of results/<scenario>-<time>.json").option("--json", "print the result as JSON on stdout (saved to a file only with --out)").option("--no-progress", "no progress bar (it only shows when stderr is a terminal)").action(async (options) => done(await runCommand(options, io)));
}
async function runCommand(options, io) {
  const settings = {
    ...options.config === void 0 ? {} : loadConfigFile(options.config),
    ...settingsFromFlags({ ...options, thresholds: options.threshold })
  };
  await checkRunFiles(options, settings);
  const showProgress = wantsProgress({
    json: options.json === true,
    progress: options.progress,
    isTTY: io.stderr.isTTY === true
  });
  const progress = showProgress ? createProgressBar(io.stderr) : void 0;
  const controller = new AbortController();
  const { StressTestRunner } = await import("./runner-QF65QXG3.js");
  const runner = new StressTestRunner({
    ...settings,
    ...options.resume ? { resume: true } : {},
    signal: controller.signal,
    onNotice: (line) => io.stderr.write(`${line}
`),
    ...progress ? { onProgress: (snapshot) => progress.update(snapshot) } : {}
  });
  let stoppedBy;
  const stop = (code, why2) => {
    stoppedBy ??= { code, why: why2 };
    progress?.stop();
    controller.abort();
  };
  const releaseSignals = stopOnSignals((signal) => {
    stop(STOP_SIGNALS[signal], void 0);
  }, io.stderr);
  const releaseExit = holdProcessExit((code) => stop(ExitCode.Fault, `the delivery core called process.exit(${code ?? ""}) during the run, which stopped it`));
  let result;
  try {
    letYoungGenerationGrow();
    result = await runner.run();
  } finally {
    progress?.stop();
    releaseSignals();
    releaseExit();
  }
  const why = stoppedBy?.why ?? result.fault?.reason;
  await report(result, options, why === void 0, io);
  await writeReportFiles(result, options, io);
  if (why !== void 0)
    io.stderr.write(`swarm-stress: ${why}
`);
  if (stoppedBy)
    return stoppedBy.code;
  if (result.fault)
    return ExitCode.Fault;
  return verdictCode(result);
}
function verdictCode(result) {
  if (!result.audit.balanced)
    return ExitCode.AuditFailed;
  return runVerdict(result).passed ? ExitCode.Ok : ExitCode.ThresholdFailed;
}
async function writeReportFiles(result, options, io) {
  if (options.html !== void 0) {
    const { renderRunReport } = await import("./run-report-67FGWEQN.js");
    await writeOutputFile(options.html, renderRunReport(result), "the HTML report");
    io.stderr.write(`HTML report saved to ${options.html}
`);
  }
  if (options.junit !== void 0) {
    const { formatJunit } = await import("./junit-R6LE4MEN.js");
    await writeOutputFile(options.junit, formatJunit(result), "the JUnit report");
    io.stderr.write(`JUnit report saved to ${options.junit}
`);
  }
}
async function report(result, options, withFailures, io) {
  if (options.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}
`);
    for (const failure of withFailures ? runVerdict(result).failures : []) {
      io.stderr.write(`swarm-stress: FAIL: ${failure}
`);
    }
    if (options.out !== void 0) {
      io.stderr.write(`result saved to ${await saveResult(result, options.out)}
`);
    }
    return;
  }
  io.stdout.write(formatSummary(result, { color: useColor(io.stdout, io.env) }));
  io.stderr.write(`result saved to ${await saveResult(result, options.out)}
`);
}

export {
  formatThresholdTable,
  registerRunCommand,
  runCommand,
  verdictCode
};
