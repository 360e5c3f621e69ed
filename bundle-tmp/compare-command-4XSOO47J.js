import {
  MAX_RESULT_FILE_BYTES,
  readResultFile
} from "./chunk-FZE36S7M.js";
import "./chunk-PNLX2EAO.js";
import "./chunk-FGMWFILK.js";
import {
  checkFileRoles,
  fileIdentity,
  sameFile
} from "./chunk-EONON7L2.js";
import {
  useColor
} from "./chunk-QAA4TCKH.js";
import {
  painter,
  tableLines
} from "./chunk-BYJNKJCJ.js";
import {
  checkOutputPath,
  writeOutputFile
} from "./chunk-R2YFIYUW.js";
import {
  safeForTerminal
} from "./chunk-SQPFNCAQ.js";
import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import {
  readInputFile
} from "./chunk-ZX2PIGHC.js";
import "./chunk-SP4OURFW.js";
import "./chunk-PJUSC7PT.js";
import {
  count,
  mb,
  ms,
  percent,
  plainPercent,
  rate,
  times
} from "./chunk-DDCKLXIA.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import {
  loadZod
} from "./chunk-SKMD6Q72.js";
import {
  formatDistribution
} from "./chunk-7RRR65MG.js";
import {
  formatDuration
} from "./chunk-W6F7X4K4.js";
import {
  quoteShort
} from "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ANFZG24T.js";
import {
  once
} from "./chunk-DP7FM7BS.js";
import {
  queueKindOf
} from "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/compare/compared-metrics.js
var LOWER = false;
var HIGHER = true;
function latencyRows(path, name, stats, openLoad = false) {
  return stats.map((stat) => ({
    metric: `${path}.${stat}`,
    label: `${name} ${stat === "p999" ? "p99.9" : stat}`,
    unit: "ms",
    higherIsBetter: LOWER,
    group: name,
    samples: `${path}.count`,
    ...openLoad ? { openLoad } : {}
  }));
}
var COMPARED_METRICS = [
  {
    metric: "throughput.messagesPerSec",
    label: "messages/s",
    unit: "msg/s",
    higherIsBetter: HIGHER,
    group: "throughput"
  },
  {
    metric: "throughput.deliveriesPerSec",
    label: "deliveries/s",
    unit: "msg/s",
    higherIsBetter: HIGHER,
    group: "throughput"
  },
  {
    metric: "load.sentPerSec",
    label: "sent/s",
    unit: "msg/s",
    higherIsBetter: HIGHER,
    group: "throughput",
    openLoad: true
  },
  ...latencyRows("latency.endToEnd", "end-to-end", [
    "mean",
    "p50",
    "p90",
    "p95",
    "p99",
    "p999",
    "max"
  ]),
  // A closed run's end-to-end latency is as good as uncorrected: its messages are made as
  // the queue takes them. The two part only under open load.
  ...latencyRows("latency.endToEndUncorrected", "end-to-end uncorrected", ["p50", "p99", "max"], true),
  ...latencyRows("load.sendLag", "send lag", ["p50", "p99", "max"], true),
  ...latencyRows("latency.queueWait", "queue wait", ["p50", "p95", "p99", "max"]),
  ...latencyRows("latency.delivery", "delivery", ["p50", "p95", "p99", "max"]),
  {
    metric: "successRate",
    label: "success rate",
    unit: "ratio",
    higherIsBetter: HIGHER,
    group: "success"
  },
  {
    metric: "attemptSuccessRate",
    label: "attempt success rate",
    unit: "ratio",
    higherIsBetter: HIGHER,
    group: "success"
  },
  {
    metric: "resources.rssPeakMB",
    label: "RSS peak",
    unit: "MB",
    higherIsBetter: LOWER,
    group: "resources"
  },
  {
    metric: "resources.heapPeakMB",
    label: "heap peak",
    unit: "MB",
    higherIsBetter: LOWER,
    group: "resources"
  },
  {
    metric: "resources.cpuPeakPct",
    label: "CPU peak",
    unit: "%",
    higherIsBetter: LOWER,
    group: "resources"
  },
  {
    metric: "queue.depthPeak",
    label: "queue depth peak",
    unit: "count",
    higherIsBetter: LOWER,
    group: "resources"
  },
  {
    metric: "totals.deadLettered",
    label: "dead-lettered",
    unit: "count",
    higherIsBetter: LOWER,
    group: "counts"
  },
  {
    metric: "totals.dropped",
    label: "dropped",
    unit: "count",
    higherIsBetter: LOWER,
    group: "counts",
    openLoad: true
  },
  {
    metric: "totals.duplicates",
    label: "duplicates",
    unit: "count",
    higherIsBetter: LOWER,
    group: "counts"
  },
  // For the same workload a shorter run is a faster one.
  { metric: "durationMs", label: "duration", unit: "ms", higherIsBetter: LOWER, group: "counts" }
];
function readMetric(result, metric) {
  if (metric.samples !== void 0 && numberAt(result, metric.samples) === 0)
    return null;
  return numberAt(result, metric.metric);
}
function numberAt(root, path) {
  let node = root;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object")
      return null;
    node = node[key];
  }
  return typeof node === "number" && Number.isFinite(node) ? node : null;
}
function metricGroup(metric) {
  return COMPARED_METRICS.find((compared) => compared.metric === metric)?.group;
}

// dist/compare/comparison.js
var COMPARISON_SCHEMA = "swarm-stress/compare@1";

// dist/compare/comparison-warnings.js
var DURATION_SETTINGS = /* @__PURE__ */ new Set([
  "interval",
  "retryBaseDelay",
  "retryMaxDelay",
  "timeout",
  "visibilityTimeout"
]);
var MOCK_ONLY_SETTINGS = /* @__PURE__ */ new Set(["delay", "successRate"]);
var SEPARATELY_CHECKED = /* @__PURE__ */ new Set([
  "scenario",
  "core",
  "seed",
  "record",
  "thresholds",
  "abortOnFail"
]);
var MACHINE_FIELDS = ["hostname", "cpuModel", "cpus"];
function comparisonWarnings(base, candidate) {
  const warnings = [];
  if (base.schema !== candidate.schema) {
    warnings.push(`different schemas: ${base.schema} vs ${candidate.schema}; fields may not mean the same`);
  }
  if (base.config.scenario !== candidate.config.scenario) {
    warnings.push(`different scenarios: ${base.config.scenario} vs ${candidate.config.scenario}`);
  }
  warnings.push(...settingWarnings(base, candidate));
  const coreWarning = coreDifference(base.core, candidate.core);
  if (coreWarning)
    warnings.push(coreWarning);
  warnings.push(...environmentWarnings(base, candidate));
  for (const [side, result] of [
    ["base", base],
    ["candidate", candidate]
  ]) {
    warnings.push(...runWarnings(side, result));
  }
  return warnings;
}
function settingWarnings(base, candidate) {
  const bothMock = base.core === "mock" && candidate.core === "mock";
  const keys = [.../* @__PURE__ */ new Set([...Object.keys(base.config), ...Object.keys(candidate.config)])];
  const differences = keys.filter((key) => !SEPARATELY_CHECKED.has(key)).filter((key) => bothMock || !MOCK_ONLY_SETTINGS.has(key)).filter((key) => canonical(setting(base, key)) !== canonical(setting(candidate, key))).map((key) => `${key} ${settingText(key, setting(base, key))} vs ${settingText(key, setting(candidate, key))}`);
  if (differences.length > 0)
    return [`different settings: ${differences.join(", ")}`];
  const seeds = [base.config.seed, candidate.config.seed];
  if (seeds[0] === seeds[1])
    return [];
  return [
    `different seeds: ${seeds[0]} vs ${seeds[1]}; the messages and mock fault draws differ, rerun with the same --seed for a like-for-like comparison`
  ];
}
function coreDifference(base, candidate) {
  if (base === candidate)
    return void 0;
  if (base === "mock" || candidate === "mock") {
    const real = base === "mock" ? candidate : base;
    return `different cores: ${base} vs ${candidate}; comparison mode, ${real} measured against the mock core`;
  }
  return `different cores: ${base} vs ${candidate}`;
}
function environmentWarnings(base, candidate) {
  const a = base.environment;
  const b = candidate.environment;
  if (!a || !b)
    return [];
  const warnings = [];
  const machine = MACHINE_FIELDS.filter((field) => a[field] !== void 0 && b[field] !== void 0 && a[field] !== b[field]).map((field) => `${field} ${a[field]} vs ${b[field]}`);
  if (machine.length > 0)
    warnings.push(`different machines: ${machine.join(", ")}`);
  if (a.node !== void 0 && b.node !== void 0 && a.node !== b.node) {
    warnings.push(`different Node.js versions: ${a.node} vs ${b.node}`);
  }
  return warnings;
}
function runWarnings(side, result) {
  const warnings = [];
  if (result.stoppedEarly) {
    warnings.push(`the ${side} run stopped early (${result.totals.pending} pending): its figures cover part of the workload`);
  }
  if (!result.audit.balanced) {
    warnings.push(`the ${side} run's audit did not balance (${result.audit.lost} lost): its counts do not add up`);
  }
  if (result.resources.generatorSaturated === true) {
    warnings.push(`the ${side} run's load generator was saturated: its figures describe swarm-stress, not the core`);
  }
  return warnings;
}
function setting(result, key) {
  const value = result.config[key];
  if (key === "queue" && typeof value === "string")
    return queueDriver(value);
  if (key === "types" && value !== null && typeof value === "object")
    return sendTypes(value);
  return value;
}
function queueDriver(queue) {
  return queueKindOf(queue) === "sqlite" ? "sqlite" : queue;
}
function sendTypes(types) {
  return Object.fromEntries(Object.entries(types).filter(([, weight]) => weight !== 0));
}
function canonical(value) {
  if (value === void 0)
    return "undefined";
  return JSON.stringify(value, (_key, inner) => inner !== null && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) : inner);
}
function settingText(key, value) {
  if (value === void 0)
    return "none";
  if (typeof value === "number" && DURATION_SETTINGS.has(key))
    return formatDuration(value);
  if (key === "delay" && isDistribution(value))
    return formatDistribution(value, formatDuration);
  if (key === "payloadSize" && isDistribution(value)) {
    return formatDistribution(value, (bytes) => `${Math.round(bytes)}B`);
  }
  if (key === "types" && value !== null && typeof value === "object") {
    return Object.entries(value).map(([type, weight]) => weight === 1 ? type : `${type}=${String(weight)}`).join(",");
  }
  if (typeof value === "boolean")
    return value ? "on" : "off";
  return typeof value === "object" ? canonical(value) : String(value);
}
function isDistribution(value) {
  return value !== null && typeof value === "object" && "kind" in value;
}

// dist/compare/verdict.js
var EPSILON = 1e-9;
function judge(base, candidate, unit, higherIsBetter, tolerance) {
  if (base === null || candidate === null)
    return { ratio: null, verdict: "n/a" };
  const ratio = base === 0 ? null : candidate / base;
  const failureShare = unit === "ratio";
  const change = failureShare ? relativeChange(1 - base, 1 - candidate) : relativeChange(base, candidate);
  if (Math.abs(change) <= tolerance + EPSILON)
    return { ratio, verdict: "same" };
  const rose = change > 0;
  return {
    ratio,
    verdict: rose === (failureShare ? !higherIsBetter : higherIsBetter) ? "better" : "worse"
  };
}
function relativeChange(base, candidate) {
  if (Math.abs(base) <= EPSILON) {
    return Math.abs(candidate) <= EPSILON ? 0 : Math.sign(candidate) * Number.POSITIVE_INFINITY;
  }
  return (candidate - base) / Math.abs(base);
}

// dist/compare/compare.js
function compareResults(base, candidate, options) {
  const open = base.load !== void 0 || candidate.load !== void 0;
  const compared = COMPARED_METRICS.filter((metric) => open || !metric.openLoad);
  const rows = compared.map((metric) => {
    const baseValue = readMetric(base, metric);
    const candidateValue = readMetric(candidate, metric);
    return {
      metric: metric.metric,
      label: metric.label,
      unit: metric.unit,
      higherIsBetter: metric.higherIsBetter,
      base: baseValue,
      candidate: candidateValue,
      ...judge(baseValue, candidateValue, metric.unit, metric.higherIsBetter, options.tolerance)
    };
  });
  return {
    schema: COMPARISON_SCHEMA,
    tolerance: options.tolerance,
    base: describeRun(base, options.baseLabel ?? "base"),
    candidate: describeRun(candidate, options.candidateLabel ?? "candidate"),
    rows,
    summary: countVerdicts(rows),
    warnings: comparisonWarnings(base, candidate)
  };
}
function describeRun(document, label) {
  return {
    label,
    schema: document.schema,
    scenario: document.config.scenario,
    core: document.core,
    startedAt: document.startedAt
  };
}
function countVerdicts(rows) {
  const summary = { better: 0, worse: 0, same: 0, "n/a": 0 };
  for (const row of rows)
    summary[row.verdict]++;
  return summary;
}

// dist/compare/compare-capacity.js
function confirmation(doc) {
  return doc.steps.filter((step) => step.phase === "confirm").at(-1);
}
function standingRate(doc) {
  const { verdict, sustainedRate } = doc.outcome;
  return verdict === "found" || verdict === "at maximum" ? sustainedRate : null;
}
function compareCapacities(base, candidate, options) {
  const row = (metric, label, unit, higherIsBetter, pick) => {
    const b = pick(base);
    const c = pick(candidate);
    return {
      metric,
      label,
      unit,
      higherIsBetter,
      base: b,
      candidate: c,
      ...judge(b, c, unit === "ms" ? "ms" : "msg/s", higherIsBetter, options.tolerance)
    };
  };
  const rows = [
    row("outcome.sustainedRate", "sustained rate", "msg/s", true, standingRate),
    row("outcome.firstFailingRate", "first failing rate", "msg/s", true, (d) => d.outcome.firstFailingRate),
    row("confirm.endToEnd.p50", "p50 at the rate found", "ms", false, (d) => confirmation(d)?.endToEnd.p50 ?? null),
    row("confirm.endToEnd.p99", "p99 at the rate found", "ms", false, (d) => confirmation(d)?.endToEnd.p99 ?? null)
  ];
  return {
    schema: COMPARISON_SCHEMA,
    tolerance: options.tolerance,
    base: describeRun(base, options.baseLabel ?? "base"),
    candidate: describeRun(candidate, options.candidateLabel ?? "candidate"),
    rows,
    summary: countVerdicts(rows),
    warnings: capacityWarnings(base, candidate)
  };
}
function capacityWarnings(base, candidate) {
  const warnings = [];
  const slo = (doc) => [...doc.search.slo].sort().join(", ") || "none";
  if (slo(base) !== slo(candidate)) {
    warnings.push(`different SLOs: ${slo(base)} vs ${slo(candidate)}`);
  }
  for (const [side, doc] of [
    ["base", base],
    ["candidate", candidate]
  ]) {
    if (standingRate(doc) === null) {
      warnings.push(`the ${side}'s search ended ${doc.outcome.verdict}: it has no rate to compare`);
    }
  }
  if (base.config.queue !== candidate.config.queue) {
    warnings.push(`different queues: ${base.config.queue} vs ${candidate.config.queue}`);
  }
  if (base.core !== candidate.core)
    warnings.push(`different cores: ${base.core} vs ${candidate.core}`);
  if (base.environment.hostname !== candidate.environment.hostname) {
    warnings.push(`different machines: ${base.environment.hostname} vs ${candidate.environment.hostname}`);
  }
  return warnings;
}

// dist/compare/tolerance.js
var DEFAULT_TOLERANCE = 0.05;
var MAX_TOLERANCE = 10;
var TOLERANCE_PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*(%?)$/;
function parseTolerance(text) {
  const trimmed = text.trim();
  const match = TOLERANCE_PATTERN.exec(trimmed);
  if (!match) {
    throw new ConfigError(`--tolerance: expected a change such as 5% or 0.05, got ${quoteShort(oneLineQuote(text))}`);
  }
  const number = Number(match[1]);
  const isPercent = match[2] === "%";
  const tooLarge = () => new ConfigError(`--tolerance: must be below 1000%, got ${quoteShort(trimmed)}`);
  if (!Number.isFinite(number))
    throw tooLarge();
  if (!isPercent && number >= 1) {
    throw new ConfigError(`--tolerance: "${trimmed}" is ambiguous; write ${trimmed}% for a percentage, or ${number * 100}% if you mean ${trimmed}\xD7`);
  }
  const tolerance = isPercent ? number / 100 : number;
  if (tolerance >= MAX_TOLERANCE)
    throw tooLarge();
  return tolerance;
}
function oneLineQuote(text) {
  return text.replace(/\s+/g, " ").trim();
}

// dist/report/compare-table.js
function formatComparison(comparison, options = {}) {
  const paint = painter(options.color ?? false);
  const sections = [
    runsSection(comparison, paint),
    warningSection(comparison, paint),
    rowsSection(comparison, paint),
    summaryLine(comparison, paint)
  ];
  return safeForTerminal(`${sections.filter((section) => section !== "").join("\n\n")}
`);
}
var VERDICT_STYLES = {
  better: "green",
  worse: "red",
  same: "dim",
  "n/a": "dim"
};
function runsSection(comparison, paint) {
  const describe = (side, run) => [
    side,
    run.label,
    paint("dim", `${run.scenario} \xB7 ${run.core} \xB7 ${run.startedAt}`)
  ];
  const rows = [describe("base", comparison.base), describe("candidate", comparison.candidate)];
  return `${paint("bold", "Comparison")}
${tableLines(null, rows, ["l", "l", "l"]).join("\n")}`;
}
function warningSection(comparison, paint) {
  if (comparison.warnings.length === 0)
    return "";
  const lines = comparison.warnings.map((warning) => `  ${paint("yellow", "!")} ${warning}`);
  return `${paint("bold", "Warnings")}
${lines.join("\n")}`;
}
function rowsSection(comparison, paint) {
  const rows = comparison.rows.map((row) => [
    row.label,
    valueText(row.base, row.unit),
    valueText(row.candidate, row.unit),
    row.ratio === null ? "-" : times(row.ratio),
    paint(VERDICT_STYLES[row.verdict], row.verdict)
  ]);
  const headers = ["metric", "base", "candidate", "ratio", "verdict"];
  const [header = "", ...lines] = tableLines(headers, rows, ["l", "r", "r", "r", "l"]);
  const groups = comparison.rows.map((row) => metricGroup(row.metric));
  const body = lines.flatMap((line, i) => i > 0 && groups[i] !== groups[i - 1] ? ["", line] : [line]);
  return [header, ...body].join("\n");
}
function summaryLine(comparison, paint) {
  const { better, worse, same } = comparison.summary;
  const tolerance = plainPercent(comparison.tolerance);
  const parts = [
    better > 0 ? paint("green", `${better} better`) : `${better} better`,
    worse > 0 ? paint("red", `${worse} worse`) : `${worse} worse`,
    `${same} same within \xB1${tolerance}`
  ];
  const hasRates = comparison.rows.some((row) => row.unit === "ratio");
  const rateNote = hasRates ? " (success rates: of the share that failed)" : "";
  const missing = comparison.summary["n/a"];
  const missingNote = missing > 0 ? `; ${missing} n/a (no value on one side)` : "";
  return `${parts.join(", ")}${rateNote}${missingNote}`;
}
function valueText(value, unit) {
  if (value === null)
    return "-";
  switch (unit) {
    case "ms":
      return `${ms(value)} ms`;
    case "msg/s":
      return `${rate(value)}/s`;
    case "ratio":
      return percent(value);
    case "MB":
      return mb(value);
    case "%":
      return `${count(value)}%`;
    case "count":
      return count(value);
    default:
      return `${rate(value)} ${unit}`;
  }
}

// dist/report/read-capacity.js
var capacityShape = once(() => buildCapacityShape(loadZod().z));
function buildCapacityShape(z) {
  const num = z.number();
  const latency = z.looseObject({ count: num, p50: num, p99: num, max: num });
  return z.looseObject({
    schema: z.string().regex(/^swarm-stress\/capacity@\d+$/),
    config: z.looseObject({ scenario: z.string(), queue: z.string() }),
    core: z.string(),
    startedAt: z.string(),
    search: z.looseObject({ slo: z.array(z.string()) }),
    steps: z.array(z.looseObject({ phase: z.string(), rate: num, endToEnd: latency, verdict: z.string() })),
    outcome: z.looseObject({
      verdict: z.string(),
      sustainedRate: num.nullable(),
      firstFailingRate: num.nullable()
    }),
    environment: z.looseObject({ hostname: z.string() })
  });
}
function isCapacityDocument(value) {
  return typeof value === "object" && value !== null && typeof value.schema === "string" && value.schema.startsWith("swarm-stress/capacity@");
}
function checkedCapacity(value, path) {
  const parsed = capacityShape().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new ConfigError(`${path} is not a whole capacity document: ${where}${issue?.message ?? "invalid"}`);
  }
  return value;
}
function readCapacityFile(path) {
  let data;
  try {
    data = JSON.parse(readInputFile(path, MAX_RESULT_FILE_BYTES));
  } catch {
    return void 0;
  }
  return isCapacityDocument(data) ? checkedCapacity(data, path) : void 0;
}

// dist/cli/compare-command.js
function registerCompareCommand(program, done, io) {
  program.command("compare").description(COMMANDS.compare.description).argument("<base>", "the result to compare against (a JSON file saved by `run` or `capacity`)").argument("<candidate>", "the result to judge against the base").option("--tolerance <change>", `change that still counts as the same, e.g. 5% or 0.05; success rates by their share of failures (default ${plainPercent(DEFAULT_TOLERANCE)})`).option("--json", "print the comparison as JSON on stdout instead of the table").option("--html <file>", "also write the comparison as an HTML report to this file").option("--fail-on-worse", "exit 1 when any figure is worse beyond the tolerance (for CI)").action(async (base, candidate, options) => done(await compareCommand(base, candidate, options, io)));
}
async function compareCommand(basePath, candidatePath, options, io) {
  const tolerance = options.tolerance === void 0 ? DEFAULT_TOLERANCE : parseTolerance(options.tolerance);
  checkFileRoles([
    { what: "the base", path: basePath, use: "input" },
    { what: "the candidate", path: candidatePath, use: "input" },
    { what: "the compare report", path: options.html, use: "output" }
  ]);
  if (options.html !== void 0) {
    checkOutputPath(options.html, "the compare report", { sparesResults: true });
  }
  if (sameFile(fileIdentity(basePath), fileIdentity(candidatePath))) {
    io.stderr.write("swarm-stress: warning: the base and the candidate are the same file\n");
  }
  const searches = [readCapacityFile(basePath), readCapacityFile(candidatePath)];
  if (searches[0] !== void 0 || searches[1] !== void 0) {
    return compareSearches(searches, [basePath, candidatePath], options, tolerance, io);
  }
  const base = readResult(basePath, io);
  const candidate = readResult(candidatePath, io);
  const comparison = compareResults(base, candidate, {
    tolerance,
    baseLabel: basePath,
    candidateLabel: candidatePath
  });
  if (options.html !== void 0) {
    const { renderCompareReport } = await import("./compare-report-62GCVQG7.js");
    const html = renderCompareReport(comparison, base, candidate);
    await writeOutputFile(options.html, html, "the compare report");
    io.stderr.write(`compare report saved to ${options.html}
`);
  }
  io.stdout.write(options.json ? `${JSON.stringify(comparison, null, 2)}
` : formatComparison(comparison, { color: useColor(io.stdout, io.env) }));
  return options.failOnWorse && hasWorse(comparison) ? ExitCode.Worse : ExitCode.Ok;
}
function compareSearches([base, candidate], [basePath, candidatePath], options, tolerance, io) {
  if (base === void 0 || candidate === void 0) {
    throw new ConfigError(`${base === void 0 ? basePath : candidatePath} is not a capacity document: compare two capacity searches, or two run results`);
  }
  if (options.html !== void 0) {
    throw new ConfigError("--html compares run results; for two capacity searches, open each one's own report");
  }
  const comparison = compareCapacities(base, candidate, {
    tolerance,
    baseLabel: basePath,
    candidateLabel: candidatePath
  });
  io.stdout.write(options.json ? `${JSON.stringify(comparison, null, 2)}
` : formatComparison(comparison, { color: useColor(io.stdout, io.env) }));
  return options.failOnWorse && hasWorse(comparison) ? ExitCode.Worse : ExitCode.Ok;
}
function readResult(path, io) {
  const loaded = readResultFile(path);
  if (loaded.warning !== void 0)
    io.stderr.write(`swarm-stress: ${loaded.warning}
`);
  return loaded.result;
}
function hasWorse(comparison) {
  return comparison.summary.worse > 0;
}
export {
  compareCommand,
  registerCompareCommand
};
