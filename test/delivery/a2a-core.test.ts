import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TaskState } from "@a2a-js/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HTTP_HEADERS_ENV } from "../../src/delivery/http/headers.js";
import type { OutcomeRecord } from "../../src/metrics/outcome-log.js";
import type { RunResult } from "../../src/result/result.js";
import type { RunnerOptions } from "../../src/run/options.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { type A2aAgents, startA2aAgents } from "../fixtures/a2a-agents.js";
import { cli, expectRefused } from "../support/cli-in-process.js";

const AGENTS = ["Agent-1", "Agent-2", "Agent-3"];

let agents: A2aAgents;
let dir = "";
let records = 0;

beforeAll(async () => {
  agents = await startA2aAgents(AGENTS);
  dir = mkdtempSync(join(tmpdir(), "a2a-core-"));
});

afterAll(async () => {
  await agents.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  agents.reset();
  delete process.env[HTTP_HEADERS_ENV];
});

/** A run against the agents, recording each message's outcome; the result and the records. */
async function run(
  overrides: Partial<RunnerOptions> = {},
): Promise<{ result: RunResult; outcomes: OutcomeRecord[] }> {
  const record = join(dir, `outcomes-${++records}.ndjson`);
  const result = await new StressTestRunner({
    core: `a2a:${agents.base}/{agent}`,
    agents: 3,
    messagesPerAgent: 10,
    types: ["direct", "broadcast"],
    batchSize: 10,
    interval: 0,
    maxAttempts: 3,
    retryBaseDelay: "1ms",
    retryMaxDelay: "100ms",
    timeout: "5s",
    seed: 2,
    record,
    ...overrides,
  }).run();
  const outcomes = readFileSync(record, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as OutcomeRecord);
  return { result, outcomes };
}

/**
 * The (message, recipient) pairs the harness says were delivered: every recipient of a
 * delivered message, and those a dead-lettered message did reach, as `id@agent`.
 */
function deliveredPairs(outcomes: readonly OutcomeRecord[]): string[] {
  return outcomes.flatMap((o) =>
    o.recipients
      .filter((agent) => o.outcome === "delivered" || !o.failedRecipients?.includes(agent))
      .map((agent) => `${o.id}@${agent}`),
  );
}

/** The pairs the agents say they completed, once per time they completed it. */
function completedPairs(): string[] {
  return [...agents.completed].flatMap(([agent, receipts]) =>
    [...receipts].flatMap(([id, times]) => Array.from({ length: times }, () => `${id}@${agent}`)),
  );
}

describe("the A2A core", () => {
  it("delivers to real agents: the audit balances and the agents' receipts match exactly", async () => {
    const { result, outcomes } = await run();
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.delivered).toBe(30);
    // Every delivered (message, recipient) reached its agent once, and no other did.
    expect(completedPairs().sort()).toEqual(deliveredPairs(outcomes).sort());
    expect(result.totals.deliveries).toBe(completedPairs().length);
    // One card per agent, fetched once; keep-alive sockets, not one per request.
    expect(agents.cardsServed()).toBe(3);
    expect(agents.methods).toEqual(new Map([["SendMessage", result.totals.attempts]]));
    expect(result.connections?.opened).toBeGreaterThan(0);
    expect(result.connections?.opened).toBeLessThan(result.totals.attempts);
    expect(result.connections?.openPeak).toBeLessThanOrEqual(result.config.concurrency);
    expect(result.connections?.errors).toEqual({});
  });

  it("retries a failed task and dead-letters one that keeps failing, with the agent's reason", async () => {
    agents.behave("Agent-2", { failUntilAttempt: 1 });
    agents.behave("Agent-3", { failureRate: 1 });
    const { result, outcomes } = await run({ types: ["direct"], maxAttempts: 2 });
    expect(result.audit.balanced).toBe(true);
    const sentTo = (agent: string) => outcomes.filter((o) => o.recipients.includes(agent));
    // Agent-2 failed each first attempt and completed each second one.
    expect(agents.received.get("Agent-2")?.size).toBe(sentTo("Agent-2").length);
    expect([...(agents.received.get("Agent-2")?.values() ?? [])].every((n) => n === 2)).toBe(true);
    // Agent-3 failed them all: two attempts each, then the dead letters.
    expect(result.totals.deadLettered).toBe(sentTo("Agent-3").length);
    expect(result.deadLetters.byReason).toEqual({
      "task failed: simulated failure": sentTo("Agent-3").length,
    });
    expect(result.totals.retried).toBe(sentTo("Agent-2").length + sentTo("Agent-3").length);
    expect(result.connections?.errors).toEqual({ "task failed": result.totals.failed });
    expect(completedPairs().sort()).toEqual(deliveredPairs(outcomes).sort());
  });

  it("counts a rejected task as failed, and a plain message in reply as delivered", async () => {
    agents.behave("Agent-1", { failureRate: 1, failState: TaskState.TASK_STATE_REJECTED });
    agents.behave("Agent-2", { replyWithMessage: true });
    const { result, outcomes } = await run({ types: ["direct"], maxAttempts: 1 });
    expect(result.audit.balanced).toBe(true);
    expect(Object.keys(result.deadLetters.byReason)).toEqual(["task rejected: simulated failure"]);
    expect(result.totals.delivered).toBe(
      outcomes.filter((o) => !o.recipients.includes("Agent-1")).length,
    );
    expect(completedPairs().sort()).toEqual(deliveredPairs(outcomes).sort());
  });

  it("dead-letters at once on a JSON-RPC error that no retry heals, and retries one that may", async () => {
    agents.behave("Agent-1", { rpcError: { code: -32601, message: "Method not found" } });
    agents.behave("Agent-2", { rpcError: { code: -32603, message: "Internal error" } });
    const { result, outcomes } = await run({ types: ["direct"], maxAttempts: 2 });
    expect(result.audit.balanced).toBe(true);
    const to = (agent: string) => outcomes.filter((o) => o.recipients.includes(agent));
    expect(to("Agent-1").every((o) => o.attempts === 1)).toBe(true);
    expect(to("Agent-2").every((o) => o.attempts === 2)).toBe(true);
    expect(result.deadLetters.byReason).toEqual({
      "JSON-RPC -32601: Method not found": to("Agent-1").length,
      "JSON-RPC -32603: Internal error": to("Agent-2").length,
    });
    expect(result.connections?.errors).toEqual({
      "JSON-RPC -32601": to("Agent-1").length,
      "JSON-RPC -32603": 2 * to("Agent-2").length,
    });
  });

  it("retries an agent's HTTP 503 and dead-letters its HTTP 400 at once, as the HTTP core does", async () => {
    agents.behave("Agent-1", { httpStatus: 503 });
    agents.behave("Agent-2", { httpStatus: 400 });
    const { result, outcomes } = await run({ types: ["direct"], maxAttempts: 2 });
    expect(result.audit.balanced).toBe(true);
    const to = (agent: string) => outcomes.filter((o) => o.recipients.includes(agent));
    expect(to("Agent-1").every((o) => o.attempts === 2)).toBe(true);
    expect(to("Agent-2").every((o) => o.attempts === 1)).toBe(true);
    expect(result.deadLetters.byReason).toEqual({
      "HTTP 503": to("Agent-1").length,
      "HTTP 400": to("Agent-2").length,
    });
    expect(result.connections?.errors).toEqual({
      "HTTP 503": 2 * to("Agent-1").length,
      "HTTP 400": to("Agent-2").length,
    });
  });

  it("times out an agent slower than --timeout and lets its request go", async () => {
    // Far apart, so that on a loaded machine only the slow agent's calls pass the timeout.
    agents.behave("Agent-1", { serviceMs: 1500 });
    const { result, outcomes } = await run({
      types: ["direct"],
      timeout: "300ms",
      maxAttempts: 1,
      messagesPerAgent: 2,
    });
    expect(result.audit.balanced).toBe(true);
    const slow = outcomes.filter((o) => o.recipients.includes("Agent-1"));
    expect(result.totals.timedOut).toBe(slow.length);
    expect(result.totals.timedOut).toBeGreaterThan(0);
    expect(result.connections?.errors).toEqual({ timeout: slow.length });
    expect(result.totals.delivered).toBe(outcomes.length - slow.length);
    // The agent still finishes what it was sent: wait for it, so the next test's receipts are
    // its own.
    const finished = () => agents.completed.get("Agent-1")?.size ?? 0;
    for (let waited = 0; finished() < slow.length && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(finished()).toBe(slow.length);
  });

  it.each([
    ["1.0", "blocking", "SendMessage"],
    ["0.3", "blocking", "message/send"],
    ["1.0", "stream", "SendStreamingMessage"],
    ["0.3", "stream", "message/stream"],
  ] as const)("speaks A2A %s in %s mode (%s)", async (a2aVersion, a2aMode, method) => {
    agents.behave("Agent-3", { failUntilAttempt: 1 });
    const { result, outcomes } = await run({ a2aVersion, a2aMode, messagesPerAgent: 4 });
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.delivered).toBe(12);
    expect(agents.methods).toEqual(new Map([[method, result.totals.attempts]]));
    expect(completedPairs().sort()).toEqual(deliveredPairs(outcomes).sort());
    expect(result.connections?.errors).toEqual({ "task failed": result.totals.failed });
  });

  it("fails deliveries to an agent nobody serves as failures to try again, with the code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { result } = await run({
      core: `a2a:http://127.0.0.1:${port}/agents/{agent}`,
      types: ["direct"],
      messagesPerAgent: 1,
      maxAttempts: 2,
    });
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.retried).toBe(3);
    expect(Object.keys(result.deadLetters.byReason)).toHaveLength(1);
    expect(Object.keys(result.deadLetters.byReason)[0]).toMatch(/^ECONNREFUSED/);
    expect(result.connections?.errors).toEqual({ ECONNREFUSED: 6 });
  });

  it("dead-letters at once for an agent whose card is not there", async () => {
    const { result } = await run({
      core: `a2a:${agents.base}/nobody-{agent}`,
      types: ["direct"],
      messagesPerAgent: 1,
    });
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.retried).toBe(0);
    expect(result.deadLetters.byReason).toEqual({ "agent card: HTTP 404": 3 });
  });

  it("dead-letters at once for an agent whose card offers no interface of the version asked for", async () => {
    const only10 = await startA2aAgents(AGENTS, ["1.0"]);
    try {
      const { result } = await run({
        core: `a2a:${only10.base}/{agent}`,
        a2aVersion: "0.3",
        types: ["direct"],
        messagesPerAgent: 1,
      });
      expect(result.audit.balanced).toBe(true);
      expect(result.deadLetters.byReason).toEqual({
        "agent card offers no JSON-RPC interface for A2A 0.3 (see --a2a-version)": 3,
      });
      expect(only10.received.size).toBe(0);
    } finally {
      await only10.close();
    }
  });

  it("sends the headers of SWARM_STRESS_HTTP_HEADERS and keeps them out of the result", async () => {
    process.env[HTTP_HEADERS_ENV] = JSON.stringify({ "X-Api-Key": "s3cret-token" });
    const { result } = await run({ messagesPerAgent: 1, types: ["direct"] });
    expect(result.totals.delivered).toBe(3);
    expect(JSON.stringify(result)).not.toContain("s3cret-token");
  });
});

describe("the A2A core on the command line", () => {
  it("runs `run --core a2a:URL` in-process and delivers to every agent", async () => {
    const outcome = await cli(
      [
        "run",
        "--core",
        `a2a:http://127.0.0.1:${agents.port}/agents/{agent}`,
        "--agents",
        "3",
        "--messages-per-agent",
        "5",
        "--types",
        "direct",
        "--interval",
        "0",
        "--a2a-version",
        "0.3",
        "--json",
      ],
      dir,
    );
    expect(outcome.status, outcome.stderr).toBe(0);
    const result = JSON.parse(outcome.stdout) as RunResult;
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.delivered).toBe(15);
    expect(result.config.a2aVersion).toBe("0.3");
    expect(agents.methods.get("message/send")).toBe(15);
    expect(completedPairs()).toHaveLength(15);
  });

  it("refuses a malformed a2a: URL or version in one line, exit 2", async () => {
    await expectRefused(
      ["run", "--core", "a2a:not a url", "--messages-per-agent", "1"],
      dir,
      /--core a2a:not a url: expected a2a:URL with an http:\/\/ or https:\/\/ URL/,
    );
    await expectRefused(
      ["run", "--core", "a2a:ftp://x/{agent}", "--messages-per-agent", "1"],
      dir,
      /expected a2a:URL/,
    );
    await expectRefused(
      ["run", "--core", "a2a:http://me:pw@x/{agent}", "--messages-per-agent", "1"],
      dir,
      /credentials.*SWARM_STRESS_HTTP_HEADERS/,
    );
    await expectRefused(["run", "--a2a-version", "2.0"], dir, /--a2a-version/);
  });
});
