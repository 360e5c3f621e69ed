import {
  readResultFile
} from "./chunk-FZE36S7M.js";
import {
  evaluateThresholds
} from "./chunk-NSOH5ZOS.js";
import "./chunk-PNLX2EAO.js";
import {
  thresholdsFor
} from "./chunk-JWV35FVX.js";
import "./chunk-CPDNQIBT.js";
import "./chunk-FGMWFILK.js";
import {
  formatThresholdTable,
  verdictCode
} from "./chunk-427QE2FD.js";
import {
  checkFileRoles
} from "./chunk-EONON7L2.js";
import {
  collect
} from "./chunk-EBXN3DO2.js";
import {
  useColor
} from "./chunk-QAA4TCKH.js";
import "./chunk-BYJNKJCJ.js";
import "./chunk-SSGSMYJ7.js";
import {
  checkOutputPath,
  writeOutputFile
} from "./chunk-R2YFIYUW.js";
import "./chunk-PU4L2BJ7.js";
import "./chunk-3BIR62C5.js";
import "./chunk-SQPFNCAQ.js";
import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import "./chunk-URGUNIOF.js";
import "./chunk-ZX2PIGHC.js";
import "./chunk-SP4OURFW.js";
import "./chunk-PJUSC7PT.js";
import "./chunk-JP37R37F.js";
import "./chunk-J7LXEMII.js";
import "./chunk-XQMIZCX6.js";
import "./chunk-34TKQEUL.js";
import "./chunk-EFPR5QAB.js";
import "./chunk-ASG4BG2V.js";
import "./chunk-DDCKLXIA.js";
import "./chunk-ORGCXR74.js";
import "./chunk-KZNHWGSP.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import "./chunk-FP2YP6UV.js";
import "./chunk-XXDQU5QZ.js";
import "./chunk-SKMD6Q72.js";
import "./chunk-QWIFIVGU.js";
import "./chunk-5J5BT47B.js";
import "./chunk-NVC7T5PM.js";
import "./chunk-HO7RTZVS.js";
import "./chunk-7RRR65MG.js";
import "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ANFZG24T.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import "./chunk-4OEG5RSY.js";

// dist/cli/report-command.js
function registerReportCommand(program, done, io) {
  program.command("report").description(COMMANDS.report.description).argument("<result>", "a result saved by `swarm-stress run` (JSON)").option("-o, --out <file>", "where to write the HTML report (default: the result's name .html)").option("--threshold <expr>", "judge the result by this threshold instead of its own, repeatable; exit 1 if one fails", collect).option("--junit <file>", "also write the thresholds and the audit as JUnit XML").action(async (path, options) => done(await reportCommand(path, options, io)));
}
async function reportCommand(path, options, io) {
  const loaded = readResultFile(path);
  if (loaded.warning)
    io.stderr.write(`swarm-stress: warning: ${loaded.warning}
`);
  const out = options.out ?? `${path.replace(/\.json$/i, "")}.html`;
  checkFileRoles([
    { what: "the result read", path, use: "input" },
    { what: "the HTML report", path: out, use: "output" },
    { what: "the JUnit report", path: options.junit, use: "output" }
  ]);
  checkOutputPath(out, "the HTML report", { sparesResults: true });
  if (options.junit !== void 0) {
    checkOutputPath(options.junit, "the JUnit report", { sparesResults: true });
  }
  const result = options.threshold ? rejudge(loaded.result, options.threshold) : loaded.result;
  const { renderRunReport } = await import("./run-report-67FGWEQN.js");
  await writeOutputFile(out, renderRunReport(result), "the HTML report");
  io.stderr.write(`HTML report saved to ${out}
`);
  if (options.junit !== void 0) {
    const { formatJunit } = await import("./junit-R6LE4MEN.js");
    await writeOutputFile(options.junit, formatJunit(result), "the JUnit report");
    io.stderr.write(`JUnit report saved to ${options.junit}
`);
  }
  if (!options.threshold)
    return ExitCode.Ok;
  io.stdout.write(formatThresholdTable(result, { color: useColor(io.stdout, io.env) }));
  return verdictCode(result);
}
function rejudge(result, expressions) {
  const thresholds = thresholdsFor({ ...result.config, thresholds: expressions });
  return { ...result, thresholds: evaluateThresholds(thresholds, result) };
}
export {
  registerReportCommand,
  reportCommand
};
