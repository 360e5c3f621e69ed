import {
  RESULTS_DIR,
  checkResultPath,
  saveResult
} from "./chunk-SSGSMYJ7.js";
import "./chunk-R2YFIYUW.js";
import {
  STOP_SIGNALS,
  stopOnSignals
} from "./chunk-PU4L2BJ7.js";
import {
  holdProcessExit
} from "./chunk-3BIR62C5.js";
import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import {
  makeDirectories
} from "./chunk-SP4OURFW.js";
import "./chunk-PJUSC7PT.js";
import {
  count,
  ms,
  rate
} from "./chunk-DDCKLXIA.js";
import {
  letYoungGenerationGrow
} from "./chunk-KZNHWGSP.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import {
  groupDigits
} from "./chunk-WFQQAGZ5.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/cli/bench-command.js
import { readdirSync } from "node:fs";
import { mkdir, rmdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

// dist/report/bench-table.js
var COLUMNS = [
  { header: ["", "row"], cell: (row) => row.name, left: true },
  { header: ["", "messages"], cell: (row) => count(row.messages) },
  { header: ["", "msg/s"], cell: (row) => rate(row.messagesPerSec) },
  { header: ["p50", "ms"], cell: (row) => ms(row.p50Ms) },
  { header: ["p95", "ms"], cell: (row) => ms(row.p95Ms) },
  { header: ["p99", "ms"], cell: (row) => ms(row.p99Ms) },
  { header: ["RSS", "peak MB"], cell: (row) => row.rssPeakMB.toFixed(1) },
  { header: ["RSS", "avg MB"], cell: (row) => row.rssAvgMB.toFixed(1) },
  { header: ["CPU", "peak %"], cell: (row) => row.cpuPeakPct.toFixed(0) },
  { header: ["CPU", "avg %"], cell: (row) => row.cpuAvgPct.toFixed(0) },
  { header: ["", "success"], cell: (row) => `${(row.successRate * 100).toFixed(2)}%` },
  { header: ["depth", "peak"], cell: (row) => count(row.depthPeak) },
  { header: ["depth", "avg"], cell: (row) => decimal(row.depthAvg) },
  { header: ["overhead", "\xB5s/msg"], cell: (row) => decimal(row.overheadUsPerMessage) },
  {
    header: ["ceiling", "msg/s"],
    cell: (row) => row.ceilingPerSec === null ? "-" : rate(row.ceilingPerSec)
  },
  {
    header: ["of", "ceiling"],
    cell: (row) => row.ofCeiling === null ? "-" : `${(row.ofCeiling * 100).toFixed(1)}%`
  }
];
function formatBenchTable(suite) {
  const headers = [0, 1].map((line2) => COLUMNS.map((column) => column.header[line2] ?? ""));
  const body = suite.rows.map((row) => COLUMNS.map((column) => column.cell(row)));
  const all = [...headers, ...body];
  const widths = COLUMNS.map((_, c) => Math.max(...all.map((cells) => (cells[c] ?? "").length)));
  const line = (cells) => `  ${cells.map((cell, c) => {
    const width = widths[c] ?? 0;
    return COLUMNS[c]?.left ? cell.padEnd(width) : cell.padStart(width);
  }).join("  ")}`.trimEnd();
  const lines = all.map(line);
  if (suite.rows.length === 0)
    lines.push("  (no row finished)");
  const footer = [
    "",
    `  core ${suite.core} \xB7 seed ${suite.seed} \xB7 ${suite.rows.length} rows in ${seconds(suite.durationMs)}${suite.stoppedEarly ? " \xB7 stopped early" : ""}`,
    "  latency is end-to-end; ceiling: what the row's batch size, interval, concurrency and mean",
    "  mock delay allow for direct messages without failures (- for other cores)",
    ...suite.rows.flatMap(notes)
  ];
  return `${[...lines, ...footer].join("\n")}
`;
}
function notes(row) {
  const found = [];
  if (!row.auditBalanced)
    found.push(`  ! ${row.name}: the audit FAILED (see its result file)`);
  if (row.generatorSaturated) {
    found.push(`  ! ${row.name}: the load generator was saturated; it, not the core, set the pace`);
  }
  if (row.stoppedEarly)
    found.push(`  ! ${row.name}: stopped early; its figures are partial`);
  return found;
}
function decimal(value) {
  if (!Number.isFinite(value))
    return "-";
  return value >= 100 ? count(value) : value.toFixed(2);
}
function seconds(durationMs) {
  return `${(durationMs / 1e3).toFixed(1)} s`;
}

// dist/cli/bench-command.js
var BENCH_SUMMARY_FILE = "summary.json";
var MAX_SUFFIX = 1e3;
function registerBenchCommand(program, done, io) {
  program.command("bench").description(COMMANDS.bench.description).option("--core <core>", '"mock" or the path of a delivery core module (default mock)').option("--only <rows>", "comma-separated rows: small,medium,large,max-throughput,...").option("-o, --out <dir>", "save the results here instead of results/bench-<time>/").option("--json", "print the suite summary as JSON on stdout (saved only with --out)").option("--no-progress", "no line on stderr as each row finishes").action(async (options) => done(await benchCommand(options, io)));
}
async function benchCommand(options, io) {
  const { runBenchSuite, selectBenchCases } = await import("./bench-suite-BUWU2FUN.js");
  const only = options.only === void 0 ? void 0 : parseRowList(options.only);
  const cases = selectBenchCases(only);
  if (options.core !== void 0 && options.core.trim() === "") {
    throw new ConfigError('--core: expected "mock" or the path of a core module');
  }
  const save = !options.json || options.out !== void 0;
  const claimed = save ? await claimDirectory(options.out) : void 0;
  const dir = claimed?.path;
  let finished = 0;
  const controller = new AbortController();
  let stoppedWith;
  let coreExited;
  const releaseInterrupts = stopOnSignals((signal) => {
    stoppedWith ??= STOP_SIGNALS[signal];
    controller.abort();
  }, io.stderr);
  const releaseExit = holdProcessExit((code) => {
    stoppedWith ??= ExitCode.Fault;
    coreExited ??= `the delivery core called process.exit(${code ?? ""}) during the suite, which stopped it`;
    controller.abort();
  });
  let suite;
  try {
    letYoungGenerationGrow();
    suite = await runBenchSuite({
      ...options.core === void 0 ? {} : { core: options.core },
      ...only === void 0 ? {} : { only },
      signal: controller.signal,
      onRow: async (row, result) => {
        if (dir !== void 0)
          await saveResult(result, join(dir, `${row.name}.json`));
        finished++;
        if (options.progress && !options.json) {
          io.stderr.write(`${progressLine(row, finished, cases.length)}
`);
        }
      }
    });
  } catch (error) {
    if (claimed?.created)
      await rmdir(claimed.path).catch(() => {
      });
    throw error;
  } finally {
    releaseInterrupts();
    releaseExit();
  }
  const summaryText = `${JSON.stringify(suite.summary, null, 2)}
`;
  if (dir !== void 0)
    await writeFile(join(dir, BENCH_SUMMARY_FILE), summaryText);
  io.stdout.write(options.json ? summaryText : formatBenchTable(suite.summary));
  if (dir !== void 0)
    io.stderr.write(`results saved to ${dir}
`);
  if (coreExited !== void 0)
    io.stderr.write(`swarm-stress: ${coreExited}
`);
  if (stoppedWith !== void 0)
    return stoppedWith;
  return suite.summary.rows.every((row) => row.auditBalanced) ? ExitCode.Ok : ExitCode.AuditFailed;
}
function parseRowList(text) {
  const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0)
    throw new ConfigError("--only: expected row names such as small,large");
  return names;
}
function progressLine(row, finished, total) {
  const rate2 = groupDigits(row.messagesPerSec, 0);
  const time = (row.durationMs / 1e3).toFixed(1);
  return `bench: ${row.name} done (${finished}/${total}): ${rate2} msg/s in ${time} s`;
}
async function claimDirectory(out) {
  const base = out ?? join(RESULTS_DIR, `bench-${fileTimestamp(/* @__PURE__ */ new Date())}`);
  checkResultPath(join(base, BENCH_SUMMARY_FILE));
  try {
    await makeDirectories(dirname(base));
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      try {
        await mkdir(candidate);
        return { path: candidate, created: true };
      } catch (error) {
        if (error.code !== "EEXIST")
          throw error;
        if (n === 1 && out !== void 0 && isEmptyDirectory(candidate)) {
          return { path: candidate, created: false };
        }
      }
    }
  } catch (error) {
    throw new ConfigError(`cannot save the results to "${base}": ${error.message}`);
  }
  throw new ConfigError(`cannot save the results: ${base} and ${MAX_SUFFIX - 1} variants exist`);
}
function isEmptyDirectory(path) {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}
function fileTimestamp(time) {
  return time.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}
export {
  BENCH_SUMMARY_FILE,
  benchCommand,
  registerBenchCommand
};
