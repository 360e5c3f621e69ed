/**
 * Misbehaving agents of `agents serve`: which agents misbehave, a flapping agent's periods on
 * its own clock, a run against a dead and a flapping agent that still accounts for every
 * message, the receivers' receipts agreeing, and runs against dropping and duplicating agents
 * whose receipts `--verify` catches disagreeing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Decider } from "../../src/agents/behaviour.js";
import { planChaos } from "../../src/agents/chaos-agents.js";
import type { ReceiptsDocument } from "../../src/agents/receipts.js";
import type { RunResult } from "../../src/result/result.js";
import { serveAgents } from "../support/agents-serve.js";
import type { Outcome } from "../support/built-cli.js";
import { cli, expectRefused } from "../support/cli-in-process.js";

const NAMES = Array.from({ length: 10 }, (_, i) => `Agent-${i + 1}`);
const NO_CHAOS = {
  dead: 0,
  flapping: 0,
  flapPeriodMs: 1000,
  slow: 0,
  slowDelay: { kind: "fixed", value: 0 },
  dropping: 0,
  dropRate: 0.1,
  duplicating: 0,
  duplicateRate: 0.1,
} as const;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "swarm-chaos-agents-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("planChaos", () => {
  it("takes the misbehaving agents from the end: dead, flapping, slow, dropping, duplicating", () => {
    const plan = planChaos(
      NAMES,
      {
        ...NO_CHAOS,
        dead: 1,
        flapping: 2,
        slow: 2,
        slowDelay: { kind: "fixed", value: 50 },
        dropping: 1,
        dropRate: 0.25,
        duplicating: 2,
        duplicateRate: 0.005,
      },
      { failureRate: 0.1 },
    );
    expect([...plan.behaviours]).toEqual([
      ["Agent-10", { failureRate: 0.1, dead: true }],
      ["Agent-8", { failureRate: 0.1, flapPeriodMs: 1000 }],
      ["Agent-9", { failureRate: 0.1, flapPeriodMs: 1000 }],
      ["Agent-6", { failureRate: 0.1, delay: { kind: "fixed", value: 50 } }],
      ["Agent-7", { failureRate: 0.1, delay: { kind: "fixed", value: 50 } }],
      ["Agent-5", { failureRate: 0.1, dropRate: 0.25 }],
      ["Agent-3", { failureRate: 0.1, duplicateRate: 0.005 }],
      ["Agent-4", { failureRate: 0.1, duplicateRate: 0.005 }],
    ]);
    expect(plan.said).toBe(
      "Agent-10 dead (never answer); Agent-8..Agent-9 flapping (up, then failing, every 1000 ms); Agent-6..Agent-7 slow; Agent-5 dropping (25% of messages answered done, no receipt kept); Agent-3..Agent-4 duplicating (0.5% of messages taken twice)",
    );
    expect(planChaos(NAMES, NO_CHAOS, {}).said).toBeUndefined();
    expect(() => planChaos(NAMES, { ...NO_CHAOS, dead: 6, slow: 5 }, {})).toThrow(RangeError);
    expect(() =>
      planChaos(NAMES, { ...NO_CHAOS, dead: 6, dropping: 3, duplicating: 2 }, {}),
    ).toThrow(RangeError);
  });
});

describe("a flapping agent", () => {
  it("is up for a period, then fails everything for as long, then is up again", () => {
    let now = 1_000;
    const decider = new Decider(1, () => now);
    const fails = (at: number) => {
      now = 1_000 + at;
      return decider.decide({ flapPeriodMs: 100 }, "Agent-1", `m${at}`, 1).fails;
    };
    expect([0, 99, 100, 199, 200, 299, 300].map(fails)).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
      true,
    ]);
  });
});

describe("a run against dead and flapping agents", () => {
  it("times out at the dead agent, retries the flapping one, and the receipts agree", async () => {
    const served = await serveAgents([
      ...["--agents", "4", "--port", "0", "--protocol", "http"],
      ...["--dead-agents", "1", "--flapping-agents", "1", "--flap-period", "150ms"],
    ]);
    try {
      const outcome = await cli(
        [
          "run",
          ...["--agents", "4", "--messages-per-agent", "20", "--types", "direct"],
          // An answer later than the timeout is a receipt the harness failed (the audit's
          // receivedButFailed): the agents' process runs at the suite's low priority, so the
          // timeout leaves it 400 ms, not 200, to answer on a busy machine.
          ...["--interval", "10ms", "--timeout", "400ms", "--max-attempts", "4"],
          ...["--retry-base-delay", "50ms", "--retry-max-delay", "200ms"],
          ...["--core", served.core, "--verify", served.verify, "--json"],
        ],
        dir,
      );
      const result = JSON.parse(outcome.stdout) as RunResult;
      // Agent-4 never answers: every delivery to it times out, and its messages run out of
      // attempts; Agent-3's fail while it is down (500 or 429), and are retried.
      expect(result.totals.timedOut).toBeGreaterThan(0);
      expect(result.deadLetters.byReason["timed out"]).toBeGreaterThan(0);
      expect(result.totals.delivered + result.totals.deadLettered).toBe(result.totals.generated);
      expect(result.audit).toMatchObject({ balanced: true, lost: 0 });
      expect(result.audit.receiver).toMatchObject({
        lostAtReceiver: 0,
        duplicatesAtReceiver: 0,
        receivedButFailed: 0,
      });
      const receipts = (await (
        await fetch(`${served.verify}/receipts`)
      ).json()) as ReceiptsDocument;
      expect(Object.keys(receipts.agents["Agent-4"]?.received ?? {}).length).toBeGreaterThan(0);
      expect(receipts.agents["Agent-4"]?.completed ?? {}).toEqual({});
      expect(outcome.status, outcome.stderr).toBe(0);
    } finally {
      const stopped = await served.stop();
      expect(stopped.stderr).toMatch(
        /^misbehaving: Agent-4 dead \(never answer\); Agent-3 flapping/m,
      );
    }
  }, 30_000);

  it("refuses more misbehaving agents than the swarm has, or a period of nothing, in one line", async () => {
    await expectRefused(
      ["agents", "serve", "--agents", "3", "--dead-agents", "2", "--slow-agents", "2"],
      dir,
      /4 agents asked for, but --agents is 3/,
    );
    await expectRefused(["agents", "serve", "--flap-period", "0s"], dir, /--flap-period: must be/);
    await expectRefused(["agents", "serve", "--dead-agents", "x"], dir, /--dead-agents: expected/);
    await expectRefused(
      ["agents", "serve", "--agents", "2", "--dropping-agents", "2", "--duplicating-agents", "1"],
      dir,
      /3 agents asked for, but --agents is 2/,
    );
    await expectRefused(
      ["agents", "serve", "--drop-rate", "150%"],
      dir,
      /--drop-rate: expected 0 to 1/,
    );
    await expectRefused(
      ["agents", "serve", "--duplicate-rate", "lots"],
      dir,
      /^swarm-stress: --duplicate-rate: /,
    );
  });
});

describe("agents that drop or duplicate on purpose", () => {
  /** A verified run against `agents serve ARGS`: its exit code, result, and the server's stderr. */
  async function caught(
    serveArgs: readonly string[],
    runArgs: readonly string[] = [],
  ): Promise<{ status: number | null; result: RunResult; said: string }> {
    const served = await serveAgents(["--agents", "4", "--port", "0", ...serveArgs]);
    let outcome: Outcome;
    let stopped: Awaited<ReturnType<typeof served.stop>>;
    try {
      outcome = await cli(
        [
          "run",
          ...["--agents", "4", "--messages-per-agent", "10", "--types", "direct,broadcast"],
          ...["--interval", "0", "--seed", "7", "--timeout", "5s"],
          ...["--core", served.core, "--verify", served.verify, "--json", ...runArgs],
        ],
        dir,
      );
    } finally {
      stopped = await served.stop();
    }
    expect(stopped.status).toBe(0);
    const result = JSON.parse(outcome.stdout) as RunResult;
    return { status: outcome.status, result, said: stopped.stderr };
  }

  it("a dropping agent: every message counted, but some lost at the receiver, exit 1", async () => {
    const { status, result, said } = await caught(
      ["--protocol", "a2a", "--dropping-agents", "1", "--drop-rate", "50%"],
      ["--a2a-mode", "push"],
    );
    expect(said).toMatch(/^misbehaving: Agent-4 dropping \(50% of messages answered done/m);
    // The harness's own account balances: the agent said done to every delivery.
    expect(result.totals.delivered).toBe(result.totals.generated);
    expect(result.audit.lost).toBe(0);
    const receiver = result.audit.receiver;
    expect(receiver?.lostAtReceiver).toBeGreaterThan(0);
    expect(receiver?.lostAtReceiver).toBeLessThan(receiver?.pairsDelivered ?? 0);
    expect(receiver?.sample.lostAtReceiver.every((pair) => pair.recipient === "Agent-4")).toBe(
      true,
    );
    expect(receiver).toMatchObject({ balanced: false, duplicatesAtReceiver: 0 });
    expect(result.audit.balanced).toBe(false);
    expect(status).toBe(1);
  });

  it("a duplicating agent: some messages taken twice, exit 1", async () => {
    const { status, result, said } = await caught([
      ...["--protocol", "http", "--duplicating-agents", "2", "--duplicate-rate", "30%"],
    ]);
    expect(said).toMatch(/^misbehaving: Agent-3\.\.Agent-4 duplicating \(30% of messages/m);
    expect(result.totals.delivered).toBe(result.totals.generated);
    const receiver = result.audit.receiver;
    expect(receiver?.duplicatesAtReceiver).toBeGreaterThan(0);
    expect(
      receiver?.sample.duplicatesAtReceiver.every((pair) =>
        ["Agent-3", "Agent-4"].includes(pair.recipient),
      ),
    ).toBe(true);
    expect(receiver).toMatchObject({ balanced: false, lostAtReceiver: 0 });
    expect(result.audit.balanced).toBe(false);
    expect(status).toBe(1);
  });
});
