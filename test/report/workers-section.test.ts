import { describe, expect, it } from "vitest";
import { formatSummary } from "../../src/report/console.js";
import { renderRunReport } from "../../src/report/html/run-report.js";
import type { WorkerStats } from "../../src/result/result.js";
import { latency, sampleResult } from "../fixtures/result.js";

const worker = (id: string, status: WorkerStats["status"], delivered: number): WorkerStats => ({
  id,
  host: "host-a",
  pid: 4242,
  status,
  reports: 7,
  delivered,
  deadLettered: 3,
  deliveries: delivered + 11,
  failed: 5,
  duplicates: 1,
  latency: latency(1.5, 9.75, delivered),
  histogram: "",
  rssPeakMB: 123.4,
  cpuPeakPct: 87.6,
  clockCorrectionMs: 0,
});

describe("the workers of a distributed run", () => {
  const result = sampleResult({
    workers: [worker("host-a-1-x", "finished", 500), worker("host-b-2-<y>", "lost", 380)],
  });

  it("get a row each in the summary, a lost one marked", () => {
    const text = formatSummary(result);
    expect(text).toContain("Workers (2; their own counts");
    expect(text).toMatch(
      /host-a-1-x +finished +7 +500 +3 +511 +5 +1 +1\.500 +9\.750 +123\.4 MB +88%/,
    );
    expect(text).toMatch(/host-b-2-<y> +lost +7 +380 /);
  });

  it("get a table in the HTML report, their names escaped", () => {
    const html = renderRunReport(result);
    expect(html).toContain('id="workers"');
    expect(html).toContain("host-b-2-&lt;y&gt;");
    expect(html).toContain('<span class="mark fail">lost</span>');
  });

  it("leave no trace in a run of one process", () => {
    const plain = sampleResult();
    expect(formatSummary(plain)).not.toContain("Workers");
    expect(renderRunReport(plain)).not.toContain('id="workers"');
  });
});
