import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentsServer, startAgentsServer } from "../../src/agents/agents-server.js";
import { RECEIPTS_SCHEMA, type ReceiptsDocument } from "../../src/agents/receipts.js";
import { PairLedger } from "../../src/metrics/pair-ledger.js";
import type { RunResult } from "../../src/result/result.js";
import { auditReceivers } from "../../src/run/receiver-audit.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { serveAgents } from "../support/agents-serve.js";
import { requireBuiltCli, sleep, startCli } from "../support/built-cli.js";
import { cli, expectRefused } from "../support/cli-in-process.js";
import { hasRunState } from "../support/run-state.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "receiver-audit-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A port nothing listens on (one just let go). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The run flags every test here shares: a small swarm, fast, seeded. */
const SMALL = [
  "--agents",
  "4",
  "--messages-per-agent",
  "6",
  "--types",
  "direct,broadcast",
  "--batch-size",
  "8",
  "--interval",
  "0",
  "--seed",
  "3",
  "--retry-base-delay",
  "1ms",
  "--retry-max-delay",
  "20ms",
  "--json",
];

/** `swarm-stress run` against agents served by `agents serve ARGS`, verified. */
async function runAgainstServed(
  serveArgs: readonly string[],
  runArgs: readonly string[] = [],
): Promise<{ status: number | null; result: RunResult; stdout: string; stderr: string }> {
  const served = await serveAgents(["--agents", "4", "--port", "0", ...serveArgs]);
  try {
    const outcome = await cli(
      ["run", ...SMALL, "--core", served.core, "--verify", served.verify, ...runArgs],
      dir,
    );
    return { ...outcome, result: JSON.parse(outcome.stdout) as RunResult };
  } finally {
    expect((await served.stop()).status).toBe(0);
  }
}

describe("--verify against agents serve", () => {
  it("over A2A: every delivery counted was received once, and the receiver audit balances", async () => {
    const { status, result, stderr } = await runAgainstServed(["--protocol", "a2a"]);
    expect(status, stderr).toBe(0);
    const receiver = result.audit.receiver;
    expect(receiver).toMatchObject({
      balanced: true,
      lostAtReceiver: 0,
      duplicatesAtReceiver: 0,
      receivedButFailed: 0,
    });
    expect(receiver?.pairsDelivered).toBe(result.totals.deliveries);
    expect(result.audit.balanced).toBe(true);
  });

  it("over HTTP with failing agents: retried deliveries are not duplicates", async () => {
    const { status, result, stderr } = await runAgainstServed(
      ["--protocol", "http", "--success-rate", "80%", "--seed", "5"],
      ["--max-attempts", "10"],
    );
    expect(status, stderr).toBe(0);
    expect(result.totals.failed).toBeGreaterThan(0);
    expect(result.audit.receiver).toMatchObject({ balanced: true, lostAtReceiver: 0 });
    expect(result.audit.receiver?.pairs).toBe(result.audit.receiver?.pairsDelivered);
  });

  it("over A2A 0.3 in stream mode too", async () => {
    const { status, result, stderr } = await runAgainstServed(
      ["--protocol", "a2a"],
      ["--a2a-version", "0.3", "--a2a-mode", "stream"],
    );
    expect(status, stderr).toBe(0);
    expect(result.audit.receiver).toMatchObject({ balanced: true, lostAtReceiver: 0 });
    expect(result.audit.receiver?.pairsDelivered).toBe(result.totals.deliveries);
  });

  it("the console says the receivers' side", async () => {
    const served = await serveAgents(["--agents", "4", "--port", "0", "--protocol", "http"]);
    try {
      const outcome = await cli(
        [
          "run",
          ...SMALL.filter((arg) => arg !== "--json"),
          "--core",
          served.core,
          "--verify",
          served.verify,
        ],
        dir,
      );
      expect(outcome.status, outcome.stderr).toBe(0);
      expect(outcome.stdout).toMatch(/Receivers: BALANCED \(\d+ deliveries counted/);
    } finally {
      await served.stop();
    }
  });

  it("refuses a bad --verify in one line (exit 2), an unreadable one before the run (exit 3)", async () => {
    await expectRefused(
      ["run", "--verify", "ftp://x"],
      dir,
      /--verify: expected the agents server's http/,
    );
    await expectRefused(
      [
        "run",
        "--verify",
        "http://127.0.0.1:1",
        "--queue",
        "redis://127.0.0.1:6379",
        "--workers",
        "1",
      ],
      dir,
      /--verify: a distributed run/,
    );
    const port = await freePort();
    const unreadable = await cli(["run", ...SMALL, "--verify", `http://127.0.0.1:${port}`], dir);
    expect(unreadable.status).toBe(3);
    expect(unreadable.stderr.trim()).toBe(
      `swarm-stress: --verify: cannot read http://127.0.0.1:${port}/receipts: ECONNREFUSED`,
    );
  });
});

describe("the receiver audit catches what the receivers disagree with", () => {
  let server: AgentsServer;

  beforeAll(async () => {
    server = await startAgentsServer({
      names: ["Agent-1", "Agent-2", "Agent-3", "Agent-4"],
      protocol: "a2a",
    });
  });

  afterAll(async () => {
    await server.close();
  });

  const run = (): Promise<RunResult> =>
    new StressTestRunner({
      core: server.core,
      verify: server.url,
      agents: 4,
      messagesPerAgent: 6,
      types: ["direct", "broadcast"],
      batchSize: 8,
      interval: 0,
      seed: 3,
    }).run();

  it("an agent that answers done without keeping the message: lost at the receiver", async () => {
    server.reset();
    server.behave("Agent-2", { dropRate: 0.5 });
    const result = await run();
    const receiver = result.audit.receiver;
    expect(receiver?.lostAtReceiver).toBeGreaterThan(0);
    expect(receiver?.duplicatesAtReceiver).toBe(0);
    expect(receiver?.sample.lostAtReceiver.every((pair) => pair.recipient === "Agent-2")).toBe(
      true,
    );
    expect(result.audit.balanced).toBe(false);
    expect(result.audit.problems.join("\n")).toMatch(/no agent received \(lost at the receiver\)/);
  });

  it("exits 1 from the command line, the difference said in the audit's problems", async () => {
    server.reset();
    server.behave("Agent-1", { dropRate: 1 });
    const outcome = await cli(
      [
        "run",
        ...SMALL.filter((arg) => arg !== "--json"),
        "--core",
        server.core,
        "--verify",
        server.url,
      ],
      dir,
    );
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toMatch(/Receivers: FAILED \(lost at receiver [1-9]/);
    expect(outcome.stdout).toMatch(
      /- \d+ delivery\(ies\) counted delivered that no agent received/,
    );
  });

  it("an agent that takes a message twice: a duplicate at the receiver", async () => {
    server.reset();
    server.behave("Agent-3", { duplicateRate: 0.5 });
    const result = await run();
    const receiver = result.audit.receiver;
    expect(receiver?.duplicatesAtReceiver).toBeGreaterThan(0);
    expect(receiver?.lostAtReceiver).toBe(0);
    expect(receiver?.receivedButFailed).toBe(0);
    expect(result.audit.balanced).toBe(false);
  });

  it("a second run against the same agents balances: receipts count from the run's start", async () => {
    server.reset();
    expect((await run()).audit.receiver?.balanced).toBe(true);
    const again = await run();
    expect(again.audit.receiver?.balanced).toBe(true);
    expect(again.audit.balanced).toBe(true);
  });
});

describe("auditReceivers", () => {
  const receipts = (
    agents: Record<string, { received: Record<string, number>; completed: Record<string, number> }>,
  ): ReceiptsDocument => ({ schema: RECEIPTS_SCHEMA, agents });

  it("a timed-out attempt the agent completed late: received but failed", () => {
    const ledger = new PairLedger();
    ledger.attempt("m0", "Agent-1", false);
    ledger.attempt("m0", "Agent-1", true);
    ledger.attempt("m1", "Agent-1", false);
    const audit = auditReceivers(
      "http://x",
      ledger,
      receipts({}),
      receipts({ "Agent-1": { received: { m0: 2, m1: 1 }, completed: { m0: 2, m1: 1 } } }),
    );
    expect(audit).toMatchObject({
      balanced: false,
      pairs: 2,
      pairsDelivered: 1,
      lostAtReceiver: 0,
      duplicatesAtReceiver: 0,
      receivedButFailed: 2,
    });
    expect(audit.sample.receivedButFailed.map((pair) => pair.id)).toEqual(["m0", "m1"]);
  });

  it("a failure the agent answered as such, then a success: balanced", () => {
    const ledger = new PairLedger();
    ledger.attempt("m0", "Agent-1", false);
    ledger.attempt("m0", "Agent-1", true);
    const audit = auditReceivers(
      "http://x",
      ledger,
      receipts({ "Agent-1": { received: { m0: 5 }, completed: { m0: 5 } } }),
      receipts({ "Agent-1": { received: { m0: 7 }, completed: { m0: 6 } } }),
    );
    expect(audit.balanced).toBe(true);
  });
});

describe("--agents-local: the run starts its own agents and verifies them", () => {
  it.each([
    ["a2a", ["--a2a-mode", "push", "--timeout", "5s"]],
    ["http", []],
  ] as const)(
    "over %s: delivers to them, the receivers' side balances",
    async (protocol, extra) => {
      const outcome = await cli(
        ["run", ...SMALL, "--agents-local", protocol, "--success-rate", "80%", ...extra],
        dir,
      );
      expect(outcome.status, outcome.stderr).toBe(0);
      const result = JSON.parse(outcome.stdout) as RunResult;
      expect(result.config.agentsLocal).toBe(protocol);
      expect(result.config.core).toMatch(
        new RegExp(`^${protocol}:http://127\\.0\\.0\\.1:\\d+/agents/\\{agent\\}$`),
      );
      expect(result.config.verify).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The agents fail a fifth of the attempts, as the mock core would, and are retried.
      expect(result.totals.failed).toBeGreaterThan(0);
      expect(result.totals.delivered).toBe(result.totals.generated);
      expect(result.audit.receiver).toMatchObject({ balanced: true, lostAtReceiver: 0 });
      expect(result.audit.receiver?.pairsDelivered).toBe(result.totals.deliveries);
    },
  );

  it("a resumed run starts new agents in place of the first part's", async () => {
    requireBuiltCli();
    const file = join(dir, "local-agents.db");
    const queue = ["--queue", `sqlite:${file}`, "--no-progress", "--json"];
    const first = startCli(
      [
        "run",
        ...["--agents", "3", "--messages-per-agent", "200", "--types", "direct"],
        ...["--concurrency", "2", "--interval", "0", "--delay", "2ms", "--seed", "5"],
        ...["--agents-local", "a2a", ...queue],
      ],
      dir,
    );
    for (let waited = 0; !hasRunState(file) && waited < 10_000; waited += 10) await sleep(10);
    await sleep(300);
    first.child.kill("SIGKILL");
    await first.exited;
    // Only the killed part needs a process of its own.
    const resumed = await cli(["run", "--resume", ...queue], dir);
    expect(resumed.status, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout) as RunResult;
    expect(result.warnings.join()).toMatch(/resumed an interrupted run/);
    expect(result.config.agentsLocal).toBe("a2a");
    expect(result.totals.delivered).toBe(600);
    expect(result.audit.receiver).toMatchObject({ lostAtReceiver: 0, duplicatesAtReceiver: 0 });
  }, 30_000);

  it("refuses a core, receipts URL or workers of its own in one line, exit 2", async () => {
    await expectRefused(
      ["run", "--agents-local", "a2a", "--core", "http:http://127.0.0.1:1/{agent}"],
      dir,
      /^swarm-stress: --agents-local: delivers to the agents it starts; leave out --core/,
    );
    await expectRefused(
      ["run", ...SMALL, "--agents-local", "http", "--verify", "http://127.0.0.1:1"],
      dir,
      /--agents-local: verifies the receipts of the agents it starts; leave out --verify/,
    );
    await expectRefused(["run", "--agents-local", "grpc"], dir, /--agents-local/);
  });
});
