import { describe, expect, it } from "vitest";
import type { Message } from "../../src/model/message.js";
import { MessageGenerator } from "../../src/workload/generator.js";

const base = {
  agents: 5,
  messagesPerAgent: 40,
  types: { direct: 1, broadcast: 1, hard_onboard: 1, soft_onboard: 1 },
  payloadSize: { kind: "fixed", value: 32 },
  seed: 7,
} as const;

function drain(generator: MessageGenerator): Message[] {
  const out: Message[] = [];
  for (let m = generator.next(1000); m; m = generator.next(1000)) out.push(m);
  return out;
}

describe("MessageGenerator", () => {
  it("makes agents x messagesPerAgent messages, each agent sending its share", () => {
    const messages = drain(new MessageGenerator(base));
    expect(messages).toHaveLength(200);
    const bySender = new Map<string, number>();
    for (const m of messages) bySender.set(m.sender, (bySender.get(m.sender) ?? 0) + 1);
    expect([...bySender.values()]).toEqual([40, 40, 40, 40, 40]);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i));
  });

  it("gives the same stream for the same seed and a different one for another seed", () => {
    const shape = (m: Message) => [m.type, m.sender, m.recipients.join("|"), m.payload.length];
    const a = drain(new MessageGenerator(base)).map(shape);
    const b = drain(new MessageGenerator(base)).map(shape);
    const c = drain(new MessageGenerator({ ...base, seed: 8 })).map(shape);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("addresses broadcasts to every other agent and direct messages to one other agent", () => {
    for (const m of drain(new MessageGenerator(base))) {
      expect(m.recipients).not.toContain(m.sender);
      expect(m.addressedTo).toBe(m.recipients);
      if (m.type === "broadcast") expect(m.recipients).toHaveLength(4);
      else expect(m.recipients).toHaveLength(1);
    }
  });

  it("ranks onboarding above everyday traffic", () => {
    const messages = drain(new MessageGenerator(base));
    const priority = (type: string) => messages.find((m) => m.type === type)?.priority ?? -1;
    expect(priority("hard_onboard")).toBeGreaterThan(priority("direct"));
    expect(priority("soft_onboard")).toBeGreaterThan(priority("direct"));
    expect(priority("hard_onboard")).toBeGreaterThan(priority("soft_onboard"));
  });

  it("follows the type weights", () => {
    const generator = new MessageGenerator({
      ...base,
      agents: 10,
      messagesPerAgent: 2000,
      types: { direct: 3, broadcast: 1 },
    });
    const messages = drain(generator);
    const direct = messages.filter((m) => m.type === "direct").length / messages.length;
    expect(direct).toBeGreaterThan(0.72);
    expect(direct).toBeLessThan(0.78);
    expect(messages.some((m) => m.type === "hard_onboard")).toBe(false);
  });

  it("draws payload sizes from the distribution and stamps the scheduled time", () => {
    const generator = new MessageGenerator({
      ...base,
      payloadSize: { kind: "uniform", min: 10, max: 20 },
    });
    const first = generator.next(123.5);
    expect(first?.scheduledAt).toBe(123.5);
    expect(first?.attempts).toBe(0);
    const sizes = drain(generator).map((m) => m.payload.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20);
    expect(new Set(sizes).size).toBeGreaterThan(5);
  });

  it("is lazy: it holds nothing but its position", () => {
    const generator = new MessageGenerator({ ...base, agents: 10, messagesPerAgent: 10_000_000 });
    expect(generator.total).toBe(100_000_000);
    expect(generator.generated).toBe(0);
    generator.next(0);
    expect(generator.generated).toBe(1);
    expect(generator.done).toBe(false);
  });
});
