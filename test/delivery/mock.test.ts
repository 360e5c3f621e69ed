import { createHook } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CHAOS_WINDOW, Chaos } from "../../src/delivery/chaos.js";
import type { DeliveryOutcome } from "../../src/delivery/delivery-core.js";
import { MockCore } from "../../src/delivery/mock.js";
import type { Message } from "../../src/model/message.js";
import { MessageGenerator } from "../../src/workload/generator.js";

const fixed = (ms: number) => ({ kind: "fixed", value: ms }) as const;

function messages(count: number, seed = 1): Message[] {
  const generator = new MessageGenerator({
    agents: 4,
    messagesPerAgent: Math.ceil(count / 4),
    types: { direct: 1 },
    payloadSize: fixed(8),
    seed,
  });
  const out: Message[] = [];
  for (let m = generator.next(0); m && out.length < count; m = generator.next(0)) out.push(m);
  return out;
}

async function outcomes(core: MockCore, batch: Message[]): Promise<DeliveryOutcome[]> {
  return Promise.all(batch.map((m) => core.deliver(m, m.recipients[0] as string)));
}

describe("MockCore", () => {
  it("answers synchronously when there is no delay", () => {
    const core = new MockCore({ seed: 1, delay: fixed(0), successRate: 1 });
    const [message] = messages(1);
    const answer = core.deliver(message as Message, "Agent-2");
    expect(answer).toEqual({ status: "delivered" });
  });

  it("succeeds at about the configured rate", async () => {
    const core = new MockCore({ seed: 1, delay: fixed(0), successRate: 0.8 });
    const results = await outcomes(core, messages(20_000));
    const ok = results.filter((o) => o.status === "delivered").length / results.length;
    expect(ok).toBeGreaterThan(0.78);
    expect(ok).toBeLessThan(0.82);
    expect(results.find((o) => o.status === "failed")).toEqual({
      status: "failed",
      reason: "mock: simulated failure",
    });
  });

  it("decides each attempt the same way for the same seed, whatever the call order", async () => {
    const batch = messages(2000);
    const a = await outcomes(new MockCore({ seed: 9, delay: fixed(0), successRate: 0.5 }), batch);
    const reversed = [...batch].reverse();
    const b = (
      await outcomes(new MockCore({ seed: 9, delay: fixed(0), successRate: 0.5 }), reversed)
    ).reverse();
    const c = await outcomes(new MockCore({ seed: 10, delay: fixed(0), successRate: 0.5 }), batch);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("decides a retry afresh: the next attempt of a failed message can succeed", async () => {
    const core = new MockCore({ seed: 2, delay: fixed(0), successRate: 0.5 });
    const batch = messages(200);
    const first = await outcomes(core, batch);
    for (const m of batch) m.attempts++;
    const second = await outcomes(core, batch);
    expect(second).not.toEqual(first);
  });

  it("waits the configured delay, even below a millisecond", async () => {
    const core = new MockCore({ seed: 1, delay: fixed(0.2), successRate: 1 });
    const [message] = messages(1);
    const rounds = 200;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await core.deliver(message as Message, "Agent-2");
    const perDelivery = (performance.now() - started) / rounds;
    expect(perDelivery).toBeGreaterThanOrEqual(0.2);
    // Far below setTimeout's 1 ms floor; generous for a shared machine.
    expect(perDelivery).toBeLessThan(0.9);
  });

  it("holds ballast during a memory-pressure window and only then", () => {
    const chaos = new Chaos(4);
    const held: number[] = [];
    for (let ordinal = 0; ordinal < 200 * CHAOS_WINDOW; ordinal += CHAOS_WINDOW) {
      chaos.effectFor(ordinal);
      held.push(chaos.ballastBytes);
    }
    const windows = held.filter((bytes) => bytes > 0).length;
    expect(windows).toBe(chaos.events().memoryPressure);
    expect(windows).toBeGreaterThan(0);
    expect(windows).toBeLessThan(200);
    chaos.release();
  });

  it("under chaos, fails whole bursts and counts each kind of event", async () => {
    const chaos = new Chaos(4);
    const core = new MockCore({ seed: 4, delay: fixed(0), successRate: 1, chaos });
    const results = await outcomes(core, messages(20_000));
    const events = chaos.events();
    expect(events.failureBurst).toBeGreaterThan(0);
    expect(events.latencySpike).toBeGreaterThan(0);
    expect(events.memoryPressure).toBeGreaterThan(0);
    const burstFailures = results.filter(
      (o) => o.status === "failed" && o.reason === "mock: failure burst",
    ).length;
    expect(burstFailures).toBe(events.failureBurst * CHAOS_WINDOW);
    chaos.release();
    expect(chaos.ballastBytes).toBe(0);
  });

  it("performs no file or network I/O while delivering", async () => {
    const ioTypes =
      /^(FSREQ|FILEHANDLE|TCP|UDP|PIPE|GETADDRINFO|GETNAMEINFO|TTY|PROCESS|SHUTDOWN|WRITE|HTTP|TLS|STATWATCHER|FSEVENT|ZLIB)/;
    const seen: string[] = [];
    const hook = createHook({
      init(_id, type) {
        if (ioTypes.test(type)) seen.push(type);
      },
    });
    const core = new MockCore({
      seed: 1,
      delay: fixed(0.05),
      successRate: 0.9,
      chaos: new Chaos(1),
    });
    const batch = messages(500);
    hook.enable();
    try {
      await outcomes(core, batch);
    } finally {
      hook.disable();
    }
    expect(seen).toEqual([]);
  });

  it("imports no I/O module anywhere in its dependency graph", () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const start = resolve(here, "../../src/delivery/mock.ts");
    const forbidden =
      /from "node:(fs|net|http|https|http2|dgram|child_process|tls|dns|worker_threads)(\/promises)?"/;
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, "utf8");
      expect(source, file).not.toMatch(forbidden);
      for (const [, spec] of source.matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)) {
        visit(resolve(dirname(file), `${spec}.ts`));
      }
    };
    visit(start);
    expect(seen.size).toBeGreaterThan(3);
  });
});
