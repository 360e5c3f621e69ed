import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TIMED_OUT } from "../../src/delivery/delivery-core.js";
import { HTTP_HEADERS_ENV, headersFromEnv } from "../../src/delivery/http/headers.js";
import { HttpCore } from "../../src/delivery/http/http-core.js";
import { retryAfterMs } from "../../src/delivery/http/retry-after.js";
import { fill, parseHttpTarget } from "../../src/delivery/http/target.js";
import type { RunnerOptions } from "../../src/run/options.js";
import { StressTestRunner } from "../../src/run/runner.js";
import { directMessage } from "../support/direct-message.js";

/** One request as the receiving server saw it. */
interface Received {
  readonly agent: string;
  readonly id: string;
  readonly attempt: number;
  readonly status: number;
  readonly authorization: string | undefined;
}

/**
 * Receivers with a behaviour each, keyed by agent: the server is the independent witness of
 * what the harness counts, keeping a receipt of every request.
 */
type Behaviour = (body: { attempt: number }, response: ServerResponse) => number | undefined;

const behaviours = new Map<string, Behaviour>();
const received: Received[] = [];
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = "";
    request.on("data", (chunk) => {
      text += String(chunk);
    });
    request.on("end", () => {
      const agent = decodeURIComponent(request.url?.split("/").at(-1) ?? "");
      const body = JSON.parse(text) as { id: string; attempt: number };
      const status = (behaviours.get(agent) ?? (() => 200))(body, response);
      received.push({
        agent,
        id: body.id,
        attempt: body.attempt,
        status: status ?? 0,
        authorization: request.headers.authorization,
      });
      if (status !== undefined) response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  behaviours.clear();
  received.length = 0;
  delete process.env[HTTP_HEADERS_ENV];
});

function run(overrides: Partial<RunnerOptions> = {}) {
  return new StressTestRunner({
    core: `http:${base}/agents/{agent}`,
    agents: 3,
    messagesPerAgent: 10,
    types: ["direct"],
    batchSize: 10,
    interval: 0,
    maxAttempts: 3,
    retryBaseDelay: "1ms",
    retryMaxDelay: "1s",
    seed: 2,
    ...overrides,
  }).run();
}

describe("the HTTP core", () => {
  it("counts 2xx delivered, retries 503 after its Retry-After, dead-letters a 400 at once", async () => {
    behaviours.set("Agent-2", (body, response) => {
      if (body.attempt > 1) return 204;
      response.setHeader("retry-after", "0");
      return 503;
    });
    behaviours.set("Agent-3", () => 400);
    const result = await run();
    expect(result.audit.balanced).toBe(true);
    const to = (agent: string) => received.filter((r) => r.agent === agent);
    const ok = received.filter((r) => r.status >= 200 && r.status < 300);
    // The receivers' receipts: each message the harness counts delivered arrived, once, with 2xx.
    expect(result.totals.delivered).toBe(ok.length);
    expect(new Set(ok.map((r) => r.id)).size).toBe(ok.length);
    expect(to("Agent-2").filter((r) => r.status === 503)).toHaveLength(to("Agent-2").length / 2);
    expect(result.totals.retried).toBe(to("Agent-2").length / 2);
    // Every request to Agent-3 was a message's only attempt: a 400 does not heal.
    expect(to("Agent-3").every((r) => r.attempt === 1)).toBe(true);
    expect(result.totals.deadLettered).toBe(to("Agent-3").length);
    expect(result.deadLetters.byReason).toEqual({ "HTTP 400": to("Agent-3").length });
    // The pool's own account: what failed, by kind, and sockets reused, not one per request.
    expect(result.connections?.errors).toEqual({
      "HTTP 503": to("Agent-2").length / 2,
      "HTTP 400": to("Agent-3").length,
    });
    expect(result.connections?.opened).toBeGreaterThan(0);
    expect(result.connections?.opened).toBeLessThan(received.length);
    expect(result.connections?.openPeak).toBeLessThanOrEqual(result.config.concurrency);
  });

  it("times out a receiver that does not answer, and closes its request", async () => {
    behaviours.set("Agent-1", () => undefined);
    const result = await run({ timeout: "50ms", maxAttempts: 1, messagesPerAgent: 2 });
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.timedOut).toBe(received.filter((r) => r.agent === "Agent-1").length);
    expect(result.totals.timedOut).toBeGreaterThan(0);
    expect(result.connections?.errors.timeout).toBe(result.totals.timedOut);
    expect(result.totals.delivered + result.totals.deadLettered).toBe(6);
  });

  it("counts a request past its deadline as timed out when read, though its timer has not run yet", async () => {
    behaviours.set("Agent-1", () => undefined);
    const core = new HttpCore({
      target: parseHttpTarget(`http:${base}/{agent}`),
      concurrency: 1,
      timeoutMs: 20,
      headers: {},
    });
    const message = directMessage(1, { addressedTo: ["Agent-1"], recipients: ["Agent-1"] });
    try {
      const answer = core.deliver(message, "Agent-1");
      // The event loop held past the deadline: the request's own timer cannot have run, as
      // when a busy run's processor gave up on the call first and the run ended.
      const heldUntil = performance.now() + 40;
      while (performance.now() < heldUntil) {}
      expect(core.connections().errors).toEqual({ timeout: 1 });
      expect(await answer).toBe(TIMED_OUT);
      expect(core.connections().errors).toEqual({ timeout: 1 });
    } finally {
      core.close();
    }
  });

  it("sends the headers of SWARM_STRESS_HTTP_HEADERS and keeps them out of the result", async () => {
    process.env[HTTP_HEADERS_ENV] = JSON.stringify({ Authorization: "Bearer s3cret-token" });
    const result = await run({ messagesPerAgent: 2 });
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.authorization === "Bearer s3cret-token")).toBe(true);
    expect(JSON.stringify(result)).not.toContain("s3cret-token");
  });

  it("fails a connection to nobody as a failure to try again, with its code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await run({
      core: `http:http://127.0.0.1:${port}/{agent}`,
      messagesPerAgent: 1,
      maxAttempts: 2,
    });
    expect(result.totals.retried).toBe(3);
    expect(Object.keys(result.deadLetters.byReason)[0]).toMatch(/^ECONNREFUSED/);
    expect(result.connections?.errors).toEqual({ ECONNREFUSED: 6 });
  });
});

describe("the HTTP core's settings", () => {
  it("takes an http or https URL template, never one with credentials", () => {
    expect(parseHttpTarget("http:https://hooks.example/{agent}")).toEqual({
      template: "https://hooks.example/{agent}",
      secure: true,
    });
    expect(() => parseHttpTarget("http:ftp://x/{agent}")).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseHttpTarget("http:not a url")).toThrow(/http:URL/);
    expect(() => parseHttpTarget("http:http://me:pw@x/{agent}")).toThrow(
      /credentials.*SWARM_STRESS_HTTP_HEADERS/,
    );
    expect(fill("http://x/{agent}/{type}", "Agent 1/2", "direct")).toBe(
      "http://x/Agent%201%2F2/direct",
    );
  });

  it("reads Retry-After as seconds or a date", () => {
    const now = Date.parse("2026-12-03T06:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Thu, 03 Dec 2026 06:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Thu, 03 Dec 2026 05:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it("takes headers as a JSON object of text, and never shows their values in an error", () => {
    expect(headersFromEnv({})).toEqual({});
    expect(headersFromEnv({ [HTTP_HEADERS_ENV]: '{"X-Key":"v"}' })).toEqual({ "X-Key": "v" });
    expect(() => headersFromEnv({ [HTTP_HEADERS_ENV]: "Bearer secret" })).toThrow(
      /^SWARM_STRESS_HTTP_HEADERS is not JSON/,
    );
    expect(() => headersFromEnv({ [HTTP_HEADERS_ENV]: '{"a":1}' })).toThrow(/object of text/);
    try {
      headersFromEnv({ [HTTP_HEADERS_ENV]: "Bearer secret" });
    } catch (error) {
      expect(String(error)).not.toContain("secret");
    }
  });
});
