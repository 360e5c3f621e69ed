import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INSTRUMENTS, RUN_ID_ATTRIBUTE } from "../../../src/metrics/otlp/instruments.js";
import type { RunResult } from "../../../src/result/result.js";
import { StressTestRunner } from "../../../src/run/runner.js";
import { requireBuiltCli, runCli } from "../../support/built-cli.js";
import { cli, expectRefused } from "../../support/cli-in-process.js";
import { OtlpReceiver } from "./otlp-receiver.js";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "otlp-export-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run with failures: retries and (with 3 attempts at 50%) dead letters. */
const FAILING_RUN = [
  "run",
  "--agents",
  "4",
  "--messages-per-agent",
  "40",
  "--success-rate",
  "0.5",
  "--interval",
  "10ms",
  "--seed",
  "7",
  "--json",
  "--no-progress",
];

async function runJson(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const outcome = await cli(args, dir, env);
  expect(outcome.status, outcome.stderr).toBe(0);
  return { result: JSON.parse(outcome.stdout) as RunResult, stderr: outcome.stderr };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("--otlp", () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterEach(() => receiver.close());

  it("exports final counters equal to the result's totals, and latency histograms with its counts", async () => {
    const { result, stderr } = await runJson([...FAILING_RUN, "--otlp", receiver.url]);
    const { totals, latency } = result;
    expect(totals.failed).toBeGreaterThan(0);
    expect(totals.retried).toBeGreaterThan(0);
    expect(totals.deadLettered).toBeGreaterThan(0);
    expect(result.warnings.filter((line) => line.includes("OTLP"))).toEqual([]);

    expect(receiver.total(INSTRUMENTS.generated.name)).toBe(totals.generated);
    expect(receiver.total(INSTRUMENTS.delivered.name)).toBe(totals.delivered);
    expect(receiver.total(INSTRUMENTS.deadLettered.name)).toBe(totals.deadLettered);
    expect(receiver.total(INSTRUMENTS.retried.name)).toBe(totals.retried);
    expect(receiver.total(INSTRUMENTS.failed.name)).toBe(totals.failed);

    const endToEnd = receiver.metric(INSTRUMENTS.endToEnd.name);
    const delivery = receiver.metric(INSTRUMENTS.delivery.name);
    expect(endToEnd.kind).toBe("exponentialHistogram");
    expect(delivery.kind).toBe("exponentialHistogram");
    expect(endToEnd.unit).toBe("ms");
    expect(receiver.count(INSTRUMENTS.endToEnd.name)).toBe(latency.endToEnd.count);
    expect(receiver.count(INSTRUMENTS.delivery.name)).toBe(latency.delivery.count);

    // Per type, the points add up to the result's slices.
    const types = receiver.attributeValues(INSTRUMENTS.delivered.name, "swarm_stress.message_type");
    expect([...types].sort()).toEqual(Object.keys(result.byType).sort());

    for (const gauge of ["depth", "rss", "cpu", "eventLoopLag"] as const) {
      expect(receiver.metric(INSTRUMENTS[gauge].name).kind).toBe("gauge");
    }

    const runId = stderr.match(/as run (\S+)/)?.[1];
    expect(runId).toBeDefined();
    expect(receiver.attributeValues(INSTRUMENTS.generated.name, RUN_ID_ATTRIBUTE)).toEqual(
      new Set([runId]),
    );
    expect(receiver.resources.at(-1)).toMatchObject({
      "service.name": "swarm-stress",
      [RUN_ID_ATTRIBUTE]: runId,
      "swarm_stress.scenario": "default",
      "swarm_stress.role": "standalone",
    });
    expect(receiver.resources.at(-1)?.["host.name"]).toEqual(expect.any(String));
    expect(receiver.resources.at(-1)?.["service.instance.id"]).toEqual(expect.any(String));
  });

  it("names at most 100 agents apart with --otlp-agent-attribute, the rest as other", async () => {
    const { result } = await runJson([
      "run",
      "--agents",
      "120",
      "--messages-per-agent",
      "2",
      "--types",
      "direct",
      "--interval",
      "0ms",
      "--batch-size",
      "100",
      "--json",
      "--no-progress",
      "--otlp",
      receiver.url,
      "--otlp-agent-attribute",
    ]);
    const agents = receiver.attributeValues(INSTRUMENTS.generated.name, "swarm_stress.agent");
    expect(agents.size).toBe(101);
    expect(agents.has("other")).toBe(true);
    expect(receiver.total(INSTRUMENTS.generated.name)).toBe(result.totals.generated);
    expect(receiver.total(INSTRUMENTS.delivered.name)).toBe(result.totals.delivered);
  });

  it("sends the headers OTEL_EXPORTER_OTLP_HEADERS names, and never shows or saves them", async () => {
    requireBuiltCli();
    const saved = join(dir, "with-headers.json");
    const outcome = await runCli(
      ["run", "--agents", "2", "--messages-per-agent", "5", "--no-progress", "-o", saved],
      dir,
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        // The variable's own form: comma-separated, values URL-encoded.
        OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20s3cret-token,x-tenant=swarm",
      },
    );
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(receiver.lastHeaders.authorization).toBe("Bearer s3cret-token");
    expect(receiver.lastHeaders["x-tenant"]).toBe("swarm");
    const text = readFileSync(saved, "utf8");
    expect(outcome.stdout + outcome.stderr + text).not.toContain("s3cret");
    const result = JSON.parse(text) as RunResult;
    expect(receiver.total(INSTRUMENTS.delivered.name)).toBe(result.totals.delivered);
  });

  it("is turned on by OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    const { result } = await runJson(
      ["run", "--agents", "2", "--messages-per-agent", "5", "--json", "--no-progress"],
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    );
    expect(receiver.total(INSTRUMENTS.delivered.name)).toBe(result.totals.delivered);
  });
});

describe("--otlp on a resumed run", () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterEach(() => receiver.close());

  it("is taken from the resuming caller, and counts the outcomes restored from the file", async () => {
    const queue = `sqlite:${join(dir, "resumed.db")}`;
    const settings = {
      agents: 2,
      messagesPerAgent: 100,
      types: ["direct" as const],
      batchSize: 10,
      interval: "20ms",
      successRate: 0.7,
      seed: 3,
      queue,
    };
    const stop = new AbortController();
    const first = await new StressTestRunner({
      ...settings,
      signal: stop.signal,
      onProgress: (snapshot) => {
        if (snapshot.delivered >= 40) stop.abort();
      },
    }).run();
    expect(first.totals.pending).toBeGreaterThan(0);
    // Outcomes the resumed run restores from the file rather than sees happen.
    expect(first.totals.delivered).toBeGreaterThan(0);

    const resumed = await new StressTestRunner({ queue, resume: true, otlp: receiver.url }).run();
    expect(resumed.warnings.join()).not.toMatch(/otlp/i);
    expect(resumed.audit.balanced).toBe(true);
    expect(resumed.totals.generated).toBe(200);
    expect(receiver.total(INSTRUMENTS.generated.name)).toBe(resumed.totals.generated);
    expect(receiver.total(INSTRUMENTS.delivered.name)).toBe(resumed.totals.delivered);
    expect(receiver.total(INSTRUMENTS.deadLettered.name)).toBe(resumed.totals.deadLettered);
  });
});

describe("--otlp to a collector that is not there", () => {
  it("leaves the run and its figures intact, with one warning", async () => {
    const url = `http://user:secret@127.0.0.1:${await closedPort()}`;
    const started = performance.now();
    const { result, stderr } = await runJson([...FAILING_RUN, "--otlp", url]);
    const tookMs = performance.now() - started;
    const warnings = result.warnings.filter((line) => line.includes("OTLP"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^OTLP export to http:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/v1\/metrics failed/,
    );
    // The password shows nowhere: not in the result (its config included), not on stderr.
    expect(JSON.stringify(result)).not.toContain("secret");
    expect(stderr).not.toContain("secret");
    expect(result.config.otlp).toMatch(/^http:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/$/);
    expect(warnings[0]).not.toContain("\n");
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.generated).toBe(160);
    expect(result.totals.delivered + result.totals.deadLettered).toBe(160);
    // The final export is given up on within a few seconds at most.
    expect(tookMs - result.durationMs).toBeLessThan(4000);
  });
});

describe("--otlp to a collector that never answers", () => {
  it("gives each export up after a second, and the run ends with one warning", async () => {
    const silent = createHttpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as { port: number };
      const started = performance.now();
      const { result } = await runJson([...FAILING_RUN, "--otlp", `http://127.0.0.1:${port}`]);
      const tookMs = performance.now() - started;
      const warnings = result.warnings.filter((line) => line.includes("OTLP"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/failed .*timed out/);
      expect(result.audit.balanced).toBe(true);
      expect(tookMs - result.durationMs).toBeLessThan(4000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("a malformed OTLP URL", () => {
  it("is refused in one line, exit 2, as a flag", async () => {
    await expectRefused(["run", "--otlp", "localhost:4318"], dir, /--otlp: expected an http/);
  });

  it("is refused in one line, exit 2, from OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    const outcome = await cli(["run", "--no-progress"], dir, {
      OTEL_EXPORTER_OTLP_ENDPOINT: "not a url",
    });
    expect(outcome.status).toBe(2);
    expect(outcome.stderr.trimEnd()).toMatch(
      /^swarm-stress: OTEL_EXPORTER_OTLP_ENDPOINT: expected/,
    );
  });
});
