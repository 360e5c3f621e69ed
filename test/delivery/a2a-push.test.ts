/**
 * The A2A core's push mode against real SDK agents (`agents serve`'s, on loopback): each
 * delivery's `SendMessage` is answered at once, and the delivery settles when the agent's push
 * notification of the task's end reaches the webhook the core serves, in A2A 1.0 and 0.3.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AgentsServer, startAgentsServer } from "../../src/agents/agents-server.js";
import { PUSH_TOKEN_HEADER, PushWebhook } from "../../src/delivery/a2a/push-webhook.js";
import type { RunResult } from "../../src/result/result.js";
import type { RunnerOptions } from "../../src/run/options.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { cli, expectRefused } from "../support/cli-in-process.js";

const AGENTS = ["Agent-1", "Agent-2", "Agent-3"];

let server: AgentsServer;
let dir = "";

beforeAll(async () => {
  server = await startAgentsServer({ names: AGENTS, protocol: "a2a" });
  dir = mkdtempSync(join(tmpdir(), "a2a-push-"));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => server.reset());

/** A push-mode run against the agents, its receipts verified. */
function run(overrides: Partial<RunnerOptions> = {}): Promise<RunResult> {
  return new StressTestRunner({
    core: server.core,
    verify: server.url,
    a2aMode: "push",
    agents: 3,
    messagesPerAgent: 8,
    types: ["direct", "broadcast"],
    batchSize: 8,
    interval: 0,
    maxAttempts: 3,
    retryBaseDelay: "1ms",
    retryMaxDelay: "50ms",
    timeout: "5s",
    seed: 4,
    ...overrides,
  }).run();
}

describe("the A2A core in push mode", () => {
  it.each([
    ["1.0", "SendMessage"],
    ["0.3", "message/send"],
  ] as const)(
    "settles each delivery at its push (A2A %s, %s answered at once)",
    async (a2aVersion, method) => {
      const result = await run({ a2aVersion });
      expect(result.audit.balanced).toBe(true);
      expect(result.totals.delivered).toBe(24);
      expect(result.audit.receiver).toMatchObject({
        balanced: true,
        lostAtReceiver: 0,
        duplicatesAtReceiver: 0,
        receivedButFailed: 0,
      });
      expect(result.audit.receiver?.pairsDelivered).toBe(result.totals.deliveries);
      expect(server.methods).toEqual(new Map([[method, result.totals.attempts]]));
      // Two pushes a task: the task working (the answer at once), then its end.
      expect(await pushesSettled(2 * result.totals.attempts)).toEqual({
        sent: 2 * result.totals.attempts,
        failed: 0,
      });
      expect(result.connections?.errors).toEqual({});
    },
  );

  it("waits for the push, not the answer: latency takes in the agent's work", async () => {
    for (const agent of AGENTS) server.behave(agent, { delay: { kind: "fixed", value: 150 } });
    const result = await run({ messagesPerAgent: 2, types: ["direct"] });
    expect(result.totals.delivered).toBe(6);
    expect(result.latency.delivery.min).toBeGreaterThanOrEqual(145);
    expect(result.latency.endToEnd.min).toBeGreaterThanOrEqual(145);
  });

  it("retries a task pushed as failed or rejected", async () => {
    server.behave("Agent-2", { failUntilAttempt: 1 });
    server.behave("Agent-3", { failUntilAttempt: 1, failState: "rejected" });
    const result = await run({ a2aVersion: "0.3", types: ["direct"] });
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.delivered).toBe(24);
    // Each first attempt to Agent-2 or Agent-3 failed (one or the other), then the second went.
    const errors = result.connections?.errors ?? {};
    expect(Object.keys(errors).sort()).toEqual(["task failed", "task rejected"]);
    expect((errors["task failed"] ?? 0) + (errors["task rejected"] ?? 0)).toBe(
      result.totals.failed,
    );
    expect(result.totals.retried).toBe(result.totals.failed);
    expect(result.audit.receiver?.balanced).toBe(true);
  });

  it("times out a delivery whose push never comes; the agent did complete it", async () => {
    server.behave("Agent-1", { losesPushes: true });
    const result = await run({ types: ["direct"], timeout: "300ms", maxAttempts: 1 });
    const timedOut = result.totals.timedOut;
    expect(timedOut).toBeGreaterThan(0);
    expect(result.totals.delivered).toBe(24 - timedOut);
    // (The run may end before the core's own timer counts the last one: the kind, not the count.)
    expect(Object.keys(result.connections?.errors ?? {})).toEqual(["timeout"]);
    // The receivers' side sees what the harness could not: the work was done.
    expect(result.audit.receiver?.receivedButFailed).toBe(timedOut);
    expect(result.audit.balanced).toBe(false);
  });

  it("dead-letters at once for an agent whose card offers no push notifications", async () => {
    const stub = await cardOnly();
    try {
      const port = (stub.address() as AddressInfo).port;
      const result = await run({
        core: `a2a:http://127.0.0.1:${port}/agents/{agent}`,
        verify: undefined,
        types: ["direct"],
        messagesPerAgent: 1,
      });
      expect(result.totals.retried).toBe(0);
      expect(result.deadLetters.byReason).toEqual({
        "agent card offers no push notifications (see --a2a-mode)": 3,
      });
    } finally {
      stub.closeAllConnections();
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});

describe("the push webhook", () => {
  const webhook = new PushWebhook("1.0");
  beforeAll(() => webhook.start());
  afterAll(() => webhook.close());

  const post = (url: string, token: string | undefined, body: unknown) =>
    fetch(url, {
      method: "POST",
      headers: token === undefined ? {} : { [PUSH_TOKEN_HEADER]: token },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const status = (state: string) => ({
    statusUpdate: { taskId: "t1", contextId: "c1", status: { state } },
  });

  it("takes a push with the delivery's token only, and settles at the final one", async () => {
    const wait = webhook.expect();
    expect(wait.config.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/push\/\w+$/);
    expect((await post(wait.config.url, undefined, status("TASK_STATE_COMPLETED"))).status).toBe(
      401,
    );
    expect((await post(wait.config.url, "forged", status("TASK_STATE_COMPLETED"))).status).toBe(
      401,
    );
    expect((await post(wait.config.url, wait.config.token, "{not json")).status).toBe(400);
    expect(
      (await post(wait.config.url, wait.config.token, status("TASK_STATE_WORKING"))).status,
    ).toBe(204);
    expect(webhook.waiting).toBe(1);
    expect(
      (await post(wait.config.url, wait.config.token, status("TASK_STATE_FAILED"))).status,
    ).toBe(204);
    expect(await wait.outcome).toEqual({
      outcome: { status: "failed", reason: "task failed" },
      kind: "task failed",
    });
    expect(webhook.waiting).toBe(0);
    // Settled: a later push is too late, whatever it says.
    expect(
      (await post(wait.config.url, wait.config.token, status("TASK_STATE_COMPLETED"))).status,
    ).toBe(410);
    expect(webhook.pushes()).toEqual({ accepted: 2, refused: 2, late: 1, malformed: 1 });
  });

  it("reads A2A 0.3 pushes (the bare event) for a 0.3 run", async () => {
    const legacy = new PushWebhook("0.3");
    await legacy.start();
    try {
      const wait = legacy.expect();
      const event = {
        kind: "status-update",
        taskId: "t1",
        contextId: "c1",
        final: true,
        status: { state: "completed" },
      };
      expect((await post(wait.config.url, wait.config.token, event)).status).toBe(204);
      expect(await wait.outcome).toEqual({ outcome: { status: "delivered" } });
    } finally {
      await legacy.close();
    }
  });
});

describe("push mode on the command line", () => {
  it("delivers with --a2a-mode push and refuses it without --timeout, exit 2", async () => {
    const outcome = await cli(
      [
        "run",
        ...["--core", server.core, "--verify", server.url, "--a2a-mode", "push"],
        ...["--agents", "3", "--messages-per-agent", "4", "--types", "direct"],
        ...["--interval", "0", "--timeout", "5s", "--json"],
      ],
      dir,
    );
    expect(outcome.status, outcome.stderr).toBe(0);
    const result = JSON.parse(outcome.stdout) as RunResult;
    expect(result.config.a2aMode).toBe("push");
    expect(result.totals.delivered).toBe(12);
    expect(result.audit.receiver?.balanced).toBe(true);
    await expectRefused(
      ["run", "--core", server.core, "--a2a-mode", "push", "--messages-per-agent", "1"],
      dir,
      /^swarm-stress: settings: a2aMode push needs a timeout \(--timeout\)/,
    );
  });
});

/**
 * The agents' push tally once `count` pushes have been answered (or 2 s have passed): the
 * webhook settles a delivery before its answer reaches the agent, so the run may end first.
 */
async function pushesSettled(count: number): Promise<{ sent: number; failed: number }> {
  for (let waited = 0; waited < 2000; waited += 10) {
    const { sent, failed } = server.pushes();
    if (sent + failed >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return server.pushes();
}

/** A server whose agents have a card (JSON-RPC 1.0, no push notifications) and nothing else. */
async function cardOnly(): Promise<Server> {
  const stub = createServer((request, response) => {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}${(request.url ?? "").replace(/\/\.well-known.*$/, "")}`;
    const card = {
      name: "stub",
      description: "no push",
      version: "1.0.0",
      supportedInterfaces: [{ url, protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
      capabilities: { streaming: false, pushNotifications: false },
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [],
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(card));
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  return stub;
}
