import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReceipts } from "../../src/agents/receipts.js";
import { serveAgents } from "../support/agents-serve.js";
import { cli, expectRefused } from "../support/cli-in-process.js";

const dir = mkdtempSync(join(tmpdir(), "agents-serve-"));

describe("swarm-stress agents serve", () => {
  it("serves A2A agents with their cards and receipts until stopped, then exits 0", async () => {
    const served = await serveAgents(["--agents", "3", "--port", "0"]);
    expect(served.line).toMatch(/^3 A2A agents on http:\/\/127\.0\.0\.1:\d+: --core 'a2a:/);
    expect(served.core).toMatch(/^a2a:http:\/\/127\.0\.0\.1:\d+\/agents\/\{agent\}$/);
    const card = await fetch(
      `${served.core.slice(4).replace("{agent}", "Agent-2")}/.well-known/agent-card.json`,
      { headers: { "A2A-Version": "1.0" } },
    );
    expect(card.status).toBe(200);
    expect(((await card.json()) as { name: string }).name).toBe("Agent-2");
    const legacy = await fetch(
      `${served.core.slice(4).replace("{agent}", "Agent-2")}/.well-known/agent-card.json`,
    );
    expect(((await legacy.json()) as { protocolVersion?: string }).protocolVersion).toBe("0.3");
    const receipts = parseReceipts(await (await fetch(`${served.verify}/receipts`)).text());
    expect(receipts.agents).toEqual({});
    const unknown = await fetch(`${served.core.slice(4).replace("{agent}", "Agent-9")}`, {
      method: "POST",
      body: "{}",
    });
    expect(unknown.status).toBe(404);
    expect(await served.stop()).toEqual({ status: 0, stderr: "" });
  });

  it("serves HTTP receivers that answer 2xx and keep receipts by message id", async () => {
    const served = await serveAgents(["--agents", "2", "--port", "0", "--protocol", "http"]);
    const url = served.core.slice("http:".length).replace("{agent}", "Agent-1");
    const post = (body: unknown) =>
      fetch(url, { method: "POST", body: JSON.stringify(body) }).then((r) => r.status);
    expect(await post({ id: "m-1", attempt: 1 })).toBe(200);
    expect(await post({ id: "m-1", attempt: 2 })).toBe(200);
    expect(await post({ nothing: true })).toBe(400);
    const receipts = parseReceipts(await (await fetch(`${served.verify}/receipts`)).text());
    expect(receipts.agents).toEqual({
      "Agent-1": { received: { "m-1": 2 }, completed: { "m-1": 2 } },
    });
    expect((await served.stop()).status).toBe(0);
  });

  it("fails deliveries at the seeded rate, as 500 or 429", async () => {
    const served = await serveAgents([
      "--agents",
      "2",
      "--port",
      "0",
      "--protocol",
      "http",
      "--success-rate",
      "0%",
      "--seed",
      "7",
    ]);
    const url = served.core.slice("http:".length).replace("{agent}", "Agent-2");
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const response = await fetch(url, {
        method: "POST",
        body: JSON.stringify({ id: `m-${i}`, attempt: 1 }),
      });
      statuses.add(response.status);
    }
    expect([...statuses].sort()).toEqual([429, 500]);
    const receipts = parseReceipts(await (await fetch(`${served.verify}/receipts`)).text());
    expect(Object.keys(receipts.agents["Agent-2"]?.received ?? {})).toHaveLength(20);
    expect(receipts.agents["Agent-2"]?.completed).toEqual({});
    expect((await served.stop()).status).toBe(0);
  });

  it("says in one line, exit 3, that its port is in use", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    const { port } = taken.address() as AddressInfo;
    try {
      const outcome = await cli(["agents", "serve", "--port", String(port)], dir);
      expect(outcome.status).toBe(3);
      expect(outcome.stderr).toBe(
        `swarm-stress: agents serve: cannot listen on 127.0.0.1: port ${port} is in use (--port 0 takes a free one)\n`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("refuses bad flags in one line, exit 2", async () => {
    await expectRefused(["agents", "serve", "--agents", "0"], dir, /--agents: expected 1 to/);
    await expectRefused(["agents", "serve", "--agents", "x"], dir, /--agents: expected a whole/);
    await expectRefused(["agents", "serve", "--port", "70000"], dir, /--port: expected 0 to/);
    await expectRefused(
      ["agents", "serve", "--protocol", "grpc"],
      dir,
      /--protocol: expected a2a or http/,
    );
    await expectRefused(
      ["agents", "serve", "--delay", "uniform(2ms)"],
      dir,
      /--delay: invalid distribution/,
    );
    await expectRefused(
      ["agents", "serve", "--success-rate", "2"],
      dir,
      /--success-rate: expected 0 to 1/,
    );
    await expectRefused(["agents", "serve", "--seed", "-1"], dir, /--seed: expected a whole/);
  });
});
