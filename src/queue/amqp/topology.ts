import type * as Amqplib from "amqplib";
import { ConfigError } from "../../errors.js";
import type { DeadLetter } from "../driver.js";
import { decodeMessage } from "./codec.js";
import { brokerError } from "./connection.js";
import type { AmqpQueueUrl } from "./url.js";

/**
 * Highest priority the work queue keeps apart (`x-max-priority`): RabbitMQ advises at most 10,
 * since every level costs the queue. Higher priorities are handed out above lower ones by the
 * driver itself; the broker's own order only matters for messages it still holds unsent.
 */
export const MAX_BROKER_PRIORITY = 10;

/** The two queues of one driver queue: work (ready and delayed) and dead letters. */
export interface QueueNames {
  readonly work: string;
  readonly dead: string;
}

/** Queue names for the URL's `queue=NAME`. */
export function queueNames(url: Pick<AmqpQueueUrl, "queue">): QueueNames {
  return { work: url.queue, dead: `${url.queue}.dead` };
}

/** What the queues held when they were declared. */
export interface DeclaredQueues {
  /** Ready messages in the work queue (unacknowledged ones are not counted by RabbitMQ). */
  readonly held: number;
  readonly deadLettered: number;
  /** Consumers already on the work queue: another process holds it. */
  readonly consumers: number;
}

/**
 * Declares the work and dead-letter queues, durable, of the URL's type. The work queue
 * dead-letters to the dead-letter queue (through the default exchange), so what RabbitMQ
 * itself dead-letters (a reject by another tool) lands with the driver's own dead letters.
 * Classic queues get `x-max-priority`; quorum queues on RabbitMQ 3.x take no priorities.
 *
 * @throws {ConfigError} when a queue exists with other arguments.
 * @throws {RuntimeError} when RabbitMQ refuses (no permission) or fails.
 */
export async function declareQueues(
  channel: Amqplib.Channel,
  url: AmqpQueueUrl,
): Promise<DeclaredQueues> {
  const names = queueNames(url);
  const type = { "x-queue-type": url.queueType };
  try {
    const dead = await channel.assertQueue(names.dead, { durable: true, arguments: type });
    const work = await channel.assertQueue(names.work, {
      durable: true,
      arguments: {
        ...type,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": names.dead,
        ...(url.queueType === "classic" ? { "x-max-priority": MAX_BROKER_PRIORITY } : {}),
      },
    });
    return {
      held: work.messageCount,
      deadLettered: dead.messageCount,
      consumers: work.consumerCount,
    };
  } catch (error) {
    throw brokerError(error, url);
  }
}

/**
 * Refuses queues an earlier run left messages or dead letters in, or that another process
 * consumes, as the Redis and SQLite drivers refuse theirs: runs never mix.
 *
 * @throws {ConfigError} saying what the queue holds and how to clear it.
 */
export function refuseEarlierRun(declared: DeclaredQueues, url: AmqpQueueUrl): void {
  const what = `RabbitMQ queue "${url.queue}" at ${url.target}`;
  if (declared.consumers > 0) {
    throw new ConfigError(
      `${what} is in use by ${declared.consumers} other consumer(s): stop them or use another queue`,
    );
  }
  if (declared.held > 0) {
    throw new ConfigError(
      `${what} still holds ${declared.held} message(s) from an earlier run: resume that run (run --resume), purge it (swarm-stress queue purge URL) or use another queue`,
    );
  }
  if (declared.deadLettered > 0) {
    throw new ConfigError(
      `${what} holds ${declared.deadLettered} dead letter(s) from an earlier run: purge it (swarm-stress queue purge URL) or use another queue`,
    );
  }
}

/**
 * Up to `limit` dead letters, oldest first, left where they are: each is fetched unacknowledged
 * on a channel of its own, which is then closed, so RabbitMQ puts them all back in place.
 */
export async function peekDeadLetters(
  model: Amqplib.ChannelModel,
  url: AmqpQueueUrl,
  limit: number,
): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  if (!(limit >= 1)) return letters;
  const channel = await model.createChannel();
  channel.on("error", () => {});
  try {
    const dead = queueNames(url).dead;
    while (letters.length < limit) {
      const got = await channel.get(dead, { noAck: false });
      if (got === false) break;
      const decoded = decodeMessage(got.content);
      letters.push({ message: decoded.message, error: decoded.deadError ?? deathReason(got) });
    }
    return letters;
  } catch (error) {
    throw brokerError(error, url);
  } finally {
    await channel.close().catch(() => {});
  }
}

/** Why RabbitMQ itself dead-lettered a message the driver did not (its `x-death` header). */
function deathReason(message: Amqplib.Message): string {
  const deaths = message.properties.headers?.["x-death"] as { reason?: unknown }[] | undefined;
  return `dead-lettered by RabbitMQ (${String(deaths?.[0]?.reason ?? "unknown reason")})`;
}

/**
 * Deletes both queues and what they hold; returns how many messages they held. Queues that do
 * not exist count as empty. A work queue with a consumer (a run using it) is refused.
 *
 * @throws {ConfigError} when a consumer holds the work queue.
 */
export async function deleteQueues(
  model: Amqplib.ChannelModel,
  url: AmqpQueueUrl,
): Promise<number> {
  let deleted = 0;
  const names = queueNames(url);
  // Quorum queues refuse delete's if-unused flag (closing the whole connection), so a queue in
  // use is told by its consumers first.
  const consumers = await queueInfo(model, url, names.work);
  if (consumers !== undefined && consumers.consumerCount > 0) {
    throw new ConfigError(
      `RabbitMQ queue "${names.work}" at ${url.target} is in use by ${consumers.consumerCount} consumer(s): stop the run using it first`,
    );
  }
  for (const name of [names.work, names.dead]) {
    if ((await queueInfo(model, url, name)) === undefined) continue;
    const channel = await model.createChannel();
    channel.on("error", () => {});
    try {
      deleted += (await channel.deleteQueue(name)).messageCount;
    } catch (error) {
      throw brokerError(error, url);
    } finally {
      await channel.close().catch(() => {});
    }
  }
  return deleted;
}

/** What RabbitMQ says of queue `name`, or undefined when there is none. */
export async function queueInfo(
  model: Amqplib.ChannelModel,
  url: AmqpQueueUrl,
  name: string,
): Promise<Amqplib.Replies.AssertQueue | undefined> {
  // A check of a queue that is not there closes its channel: a channel of its own.
  const channel = await model.createChannel();
  channel.on("error", () => {});
  try {
    return await channel.checkQueue(name);
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) return undefined;
    throw brokerError(error, url);
  } finally {
    await channel.close().catch(() => {});
  }
}
