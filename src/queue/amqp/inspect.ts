import { ConfigError } from "../../errors.js";
import { type BrokerInspection, countErrors, DEAD_LETTER_SAMPLE } from "../broker-inspection.js";
import { brokerError, connectAmqp } from "./connection.js";
import { peekDeadLetters, queueInfo, queueNames } from "./topology.js";
import { type AmqpQueueUrl, parseAmqpQueueUrl } from "./url.js";

/**
 * What `queue inspect` shows of a RabbitMQ queue: the messages its work queue holds (RabbitMQ
 * counts those it has not delivered: with a run consuming, what the run holds is not among
 * them), its consumers, and its dead letters with the oldest ones read and put back. The work
 * queue's messages are never fetched: a fetched message comes back marked redelivered, which
 * the driver would count as a hand-out.
 *
 * @throws {ConfigError} for a malformed URL or a queue that does not exist.
 * @throws {RuntimeError} when RabbitMQ cannot be reached or refuses.
 */
export async function inspectAmqp(url: string | AmqpQueueUrl): Promise<BrokerInspection> {
  const parsed = typeof url === "string" ? parseAmqpQueueUrl(url) : url;
  const { model } = await connectAmqp(parsed);
  try {
    const names = queueNames(parsed);
    const work = await queueInfo(model, parsed, names.work);
    if (work === undefined) {
      throw new ConfigError(`no RabbitMQ queue "${parsed.queue}" at ${parsed.display}`);
    }
    const dead = (await queueInfo(model, parsed, names.dead))?.messageCount ?? 0;
    const first = dead > 0 ? await peekDeadLetters(model, parsed, DEAD_LETTER_SAMPLE) : [];
    return {
      broker: "RabbitMQ",
      queue: parsed.queue,
      server: parsed.display,
      held: work.messageCount,
      handedOut: undefined,
      consumers: work.consumerCount,
      deadLetters: { total: dead, byError: countErrors(first), first },
    };
  } catch (error) {
    throw brokerError(error, parsed);
  } finally {
    await model.close().catch(() => {});
  }
}
