import type { ReceiverAudit, RunResult } from "../../result/result.js";
import { count, mb, ms, percent, rate } from "../numbers.js";
import { runVerdict } from "../run-verdict.js";
import { escapeHtml } from "./escape.js";
import { share } from "./format.js";
import { element, join, type Markup, markup } from "./markup.js";
import { environmentText, runFacts, workloadText } from "./run-identity.js";

/** The top of the run report: what ran, whether it passed, its key figures, audit, machine. */
export function runHeader(result: RunResult): Markup {
  return markup(`<header class="report-head">
<div>
<div class="eyebrow">swarm-stress run report</div>
<h1>${escapeHtml(result.config.scenario)}</h1>
<div class="meta">${escapeHtml(runFacts(result))}</div>
<div class="meta">${escapeHtml(workloadText(result.config))}</div>
</div>
${verdictBlock(result).html}
${keyFigures(result).html}
${auditLine(result).html}
<p class="wide meta">Environment: ${escapeHtml(environmentText(result.environment))}</p>
</header>`);
}

function verdictBlock(result: RunResult): Markup {
  const verdict = runVerdict(result);
  const badge = verdict.passed
    ? '<span class="badge big pass">✓ PASS</span>'
    : '<span class="badge big fail">✗ FAIL</span>';
  const stopped = verdict.stoppedEarly
    ? `<div><span class="badge warn">${escapeHtml(verdict.stoppedEarly)}</span></div>`
    : "";
  const reasons =
    verdict.failures.length > 0
      ? `<ul class="reasons">${verdict.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`
      : "";
  return markup(`<div class="verdict" data-verdict="${verdict.passed ? "pass" : "fail"}">
${badge}${stopped}${reasons}
</div>`);
}

function figure(value: string, label: string): string {
  return `<div class="figure"><span class="value">${escapeHtml(value)}</span><span class="label">${escapeHtml(label)}</span></div>`;
}

function keyFigures(result: RunResult): Markup {
  const { totals, latency } = result;
  const latencyFigure = (value: number) => (latency.endToEnd.count === 0 ? "-" : `${ms(value)} ms`);
  const ofGenerated = share(totals.delivered, totals.generated);
  const figures = [
    figure(
      count(totals.delivered),
      `delivered of ${count(totals.generated)}${ofGenerated ? ` (${ofGenerated})` : ""}`,
    ),
    figure(rate(result.throughput.messagesPerSec), "messages settled / s"),
    figure(latencyFigure(latency.endToEnd.p50), "end-to-end p50"),
    figure(latencyFigure(latency.endToEnd.p99), "end-to-end p99"),
    figure(percent(result.attemptSuccessRate), `of ${count(totals.attempts)} attempts succeeded`),
    figure(count(totals.deadLettered), "dead-lettered"),
    figure(count(totals.retried), "retries"),
    figure(mb(result.resources.rssPeakMB), "peak RSS"),
  ];
  return markup(`<div class="wide figures">\n${figures.join("\n")}\n</div>`);
}

function auditLine(result: RunResult): Markup {
  const { audit, totals } = result;
  const equation = `generated ${count(totals.generated)} = delivered ${count(totals.delivered)} + dead-lettered ${count(totals.deadLettered)} + pending ${count(totals.pending)}`;
  const duplicates = `${count(audit.duplicates)} duplicate${audit.duplicates === 1 ? "" : "s"}`;
  const receivers = receiverText(audit.receiver);
  if (audit.balanced) {
    return element(
      "p",
      "wide status-line",
      join([
        markup('<span class="ok">Audit balanced</span> '),
        `${equation}; ${duplicates}.${receivers}`,
      ]),
    );
  }
  const problems = audit.problems.map((problem) => element("li", "", problem));
  return element(
    "div",
    "wide status-line",
    join([
      markup('<span class="bad">Audit failed</span> '),
      `${count(audit.lost)} lost, ${duplicates}; ${equation}.${receivers}`,
      problems.length > 0 ? element("ul", "", join(problems)) : "",
    ]),
  );
}

/** The receivers' side of the audit (`--verify`) as a sentence, or nothing without it. */
function receiverText(receiver: ReceiverAudit | undefined): string {
  if (receiver === undefined) return "";
  if (receiver.unreadable !== undefined) {
    return ` Receipts of ${receiver.url} unread: ${receiver.unreadable}.`;
  }
  return ` Receipts of ${receiver.url}: ${count(receiver.pairsDelivered)} deliveries counted; lost at receiver ${count(receiver.lostAtReceiver)}, duplicates at receiver ${count(receiver.duplicatesAtReceiver)}, received but failed ${count(receiver.receivedButFailed)}.`;
}
