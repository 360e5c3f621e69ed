import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/config/scenarios.js";
import { formatSummary } from "../../src/report/console.js";
import { formatScenarioList } from "../../src/report/scenario-list.js";
import { agents, latency, sampleResult } from "../fixtures/result.js";

/** Start of an ANSI colour code. */
const ESC = "\u001b[";

describe("formatSummary", () => {
  const text = formatSummary(sampleResult());

  it("shows the run header", () => {
    expect(text).toMatch(/scenario\s+realistic/);
    expect(text).toMatch(/core\s+mock/);
    expect(text).toMatch(/seed\s+4242/);
    expect(text).toMatch(/duration\s+12\.345 s/);
    expect(text).toMatch(/stopped early\s+no/);
    expect(text).toContain("delay uniform(500us, 2ms)");
  });

  it("shows the totals and rates", () => {
    expect(text).toMatch(/generated\s+900/);
    expect(text).toMatch(/delivered\s+880\s+97\.78%/);
    expect(text).toMatch(/dead-lettered\s+20/);
    expect(text).toMatch(/pending\s+0/);
    expect(text).toMatch(/duplicates\s+0/);
    expect(text).toMatch(/deliveries\s+1,234/);
    expect(text).toMatch(/failed attempts\s+61\s+4 timed out/);
    expect(text).toMatch(/retried\s+57/);
    expect(text).toMatch(/success rate\s+97\.78%/);
    expect(text).toMatch(/attempt success\s+95\.29%/);
    expect(text).toContain("72.9 msg/s");
    expect(text).toContain("100.0 dlv/s");
  });

  it("shows the latency table in ms with sensible precision", () => {
    expect(text).toMatch(/p50\s+p90\s+p95\s+p99\s+p99\.9\s+max/);
    expect(text).toMatch(
      /end-to-end\s+0\.625\s+25\.63\s+2\.500\s+5\.000\s+7\.500\s+48\.75\s+73\.13\s+97\.50\s+880/,
    );
    expect(text).toMatch(/queue wait\s+0\.031\s+3\.812\s+0\.123/);
    expect(text).toMatch(/delivery\s+0\.281/);
  });

  it("shows the per-type and per-agent tables", () => {
    expect(text).toMatch(/direct\s+450\s+440\s+10\s+0\s+440\s+30\s+97\.78%\s+1\.500\s+9\.250/);
    expect(text).toMatch(/broadcast\s+450/);
    expect(text).not.toMatch(/hard_onboard\s+\d/);
    expect(text).toMatch(/Agent-1\s+10\s+10\s+0\s+10\s+1\.500\s+9\.250/);
    expect(text).toMatch(/Agent-3\s+30/);
  });

  it("shows a core's connections when it keeps any, and nothing for one that does not", () => {
    expect(text).not.toContain("Connections");
    const connections = {
      opened: 12,
      openPeak: 10,
      connectMsAvg: 0.42,
      connectMsMax: 1.5,
      errors: { "HTTP 503": 3, ECONNRESET: 7 },
    };
    const shown = formatSummary({ ...sampleResult(), connections });
    expect(shown).toMatch(/opened\s+12, at most 10 at once/);
    expect(shown).toMatch(/connect time\s+0\.420 ms avg, 1\.500 ms max/);
    expect(shown).toMatch(/failed requests\s+7 ECONNRESET, 3 HTTP 503/);
  });

  it("leaves out the start-up rows of a result saved before they were measured", () => {
    const result = sampleResult();
    const { startUpMs: _, rssAtStartMB: __, ...resources } = result.resources;
    const older = formatSummary({ ...result, resources });
    expect(older).not.toMatch(/start-up|RSS at start/);
    expect(older).toMatch(/RSS\s+123\.4 MB peak/);
  });

  it("shows resources, queue, dead letters, warnings and the audit", () => {
    expect(text).toMatch(/start-up\s+98\.70 ms\s+to the run's start/);
    expect(text).toMatch(/RSS\s+123\.4 MB peak\s+98\.7 MB avg/);
    expect(text).toMatch(/RSS at start\s+61\.2 MB\s+before any message/);
    expect(text).toMatch(/heap\s+45\.6 MB peak\s+32\.1 MB avg/);
    expect(text).toMatch(/CPU\s+87% peak\s+41% avg/);
    expect(text).toMatch(/event-loop lag\s+3\.210 ms p99\s+17\.50 ms max/);
    expect(text).toMatch(/driver\s+memory/);
    expect(text).toMatch(/capacity\s+10,000/);
    expect(text).toMatch(/depth\s+321 peak, 45\.6 avg/);
    expect(text).toMatch(/saturation events\s+7/);
    expect(text).toMatch(/16\s+simulated failure/);
    expect(text).toMatch(/4\s+timed out/);
    expect(text).toContain("! the seed was chosen at random");
    expect(text).toContain(
      "Audit: BALANCED (generated 900 = delivered 880 + dead-lettered 20 + pending 0)",
    );
    expect(text).not.toContain("Chaos");
  });

  it("is plain text unless colour is asked for", () => {
    expect(text).not.toContain(ESC);
    const colored = formatSummary(sampleResult(), { color: true });
    expect(colored).toContain(ESC);
    // Colour codes must not break the alignment of the tables.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes
    expect(colored.replace(/\u001b\[[0-9;]*m/g, "")).toBe(text);
  });

  it("reports a failed audit with its problems", () => {
    const failed = formatSummary(
      sampleResult({
        audit: {
          balanced: false,
          lost: 3,
          duplicates: 1,
          problems: ["direct: generated 450 != delivered 437 + dead-lettered 10 + pending 0"],
        },
      }),
    );
    expect(failed).toContain("Audit: FAILED (lost 3, duplicates 1;");
    expect(failed).toContain("  - direct: generated 450 != delivered 437");
  });

  it("shows the receivers' side of the audit when the run verified receipts", () => {
    const receiver = {
      url: "http://127.0.0.1:9100",
      balanced: true,
      pairs: 1200,
      pairsDelivered: 1200,
      lostAtReceiver: 0,
      duplicatesAtReceiver: 0,
      receivedButFailed: 0,
      sample: { lostAtReceiver: [], duplicatesAtReceiver: [], receivedButFailed: [] },
    };
    const balanced = formatSummary(
      sampleResult({ audit: { balanced: true, lost: 0, duplicates: 0, problems: [], receiver } }),
    );
    expect(balanced).toContain(
      "  Receivers: BALANCED (1,200 deliveries counted, each received; http://127.0.0.1:9100)",
    );
    const failed = formatSummary(
      sampleResult({
        audit: {
          balanced: false,
          lost: 0,
          duplicates: 0,
          problems: ["2 delivery(ies) counted delivered that no agent received"],
          receiver: { ...receiver, balanced: false, lostAtReceiver: 2 },
        },
      }),
    );
    expect(failed).toContain(
      "  Receivers: FAILED (lost at receiver 2, duplicates 0, received but failed 0; http://127.0.0.1:9100)",
    );
    expect(failed).toContain("  - 2 delivery(ies) counted delivered that no agent received");
    const unread = formatSummary(
      sampleResult({
        audit: {
          balanced: false,
          lost: 0,
          duplicates: 0,
          problems: [],
          receiver: { ...receiver, balanced: false, unreadable: "ECONNREFUSED" },
        },
      }),
    );
    expect(unread).toContain("  Receivers: UNREAD (http://127.0.0.1:9100: ECONNREFUSED)");
    expect(formatSummary(sampleResult())).not.toContain("Receivers:");
  });

  it("shows chaos events by kind when chaos was on", () => {
    const chaotic = formatSummary(
      sampleResult({
        chaos: {
          enabled: true,
          events: { failureBurst: 3, latencySpike: 5, queueSaturation: 11, memoryPressure: 2 },
          total: 21,
        },
      }),
    );
    expect(chaotic).toMatch(/failure bursts\s+3/);
    expect(chaotic).toMatch(/latency spikes\s+5/);
    expect(chaotic).toMatch(/queue saturation\s+11/);
    expect(chaotic).toMatch(/memory pressure\s+2/);
    expect(chaotic).toMatch(/total\s+21/);
  });

  it("shows only the 10 busiest of many agents, with a note", () => {
    const many = formatSummary(sampleResult({ byAgent: agents(50) }));
    expect(many).toMatch(/Agent-50\s+500/);
    expect(many).toMatch(/Agent-41\s+410/);
    expect(many).not.toMatch(/Agent-40\s/);
    expect(many).not.toMatch(/Agent-1\s/);
    expect(many).toContain("10 busiest of 50 agents");
  });

  it("lists a few agents in natural order", () => {
    const some = formatSummary(sampleResult({ byAgent: agents(12) }));
    expect(some.indexOf("Agent-2 ")).toBeLessThan(some.indexOf("Agent-10 "));
    expect(some).not.toContain("busiest");
  });

  it("marks a stopped run and empty latencies", () => {
    const stopped = formatSummary(
      sampleResult({
        stoppedEarly: true,
        latency: {
          endToEnd: { ...latency(0, 0), count: 0 },
          queueWait: latency(0.001, 0.002),
          delivery: latency(2000, 3456.7),
        },
      }),
    );
    expect(stopped).toMatch(/stopped early\s+yes/);
    expect(stopped).toMatch(/end-to-end(\s+-){8}\s+0/);
    expect(stopped).toMatch(/delivery\s+500\.0\s+2,728\s+2,000/);
  });
});

describe("formatScenarioList", () => {
  const text = formatScenarioList(SCENARIOS);

  it("lists every scenario with its description and settings", () => {
    for (const scenario of SCENARIOS) {
      expect(text).toContain(scenario.name);
      expect(text).toContain(scenario.description);
    }
    expect(text).toMatch(/max-throughput[\s\S]*batch-size 100/);
    expect(text).toContain("success-rate 0.95");
    expect(text).toContain("chaos on");
  });

  it("keeps lines short enough for a terminal", () => {
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(110);
  });
});
