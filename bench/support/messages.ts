import type { Message } from "../../src/model/message.js";
import { resolveConfig } from "../../src/run/resolve-config.js";
import { MessageGenerator } from "../../src/workload/generator.js";

/** The first `count` messages of a built-in scenario, made by the generator (not timed). */
export function sampleMessages(scenario: "firehose" | "default", count: number): Message[] {
  const config = resolveConfig({ scenario, seed: 1, messagesPerAgent: count });
  const generator = new MessageGenerator(config);
  const at = Date.now();
  const messages: Message[] = [];
  for (let message = generator.next(at); message && messages.length < count; ) {
    messages.push(message);
    message = generator.next(at);
  }
  return messages;
}

/** `items` cut into runs of `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
