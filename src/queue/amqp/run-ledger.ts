import type * as Amqplib from "amqplib";
import type { SettledRecord } from "../../model/settled-record.js";
import { encodeOutcomes, firstOutcomes, type RunLedger, type SavedRun } from "../ledger.js";
import { type AmqpConnection, brokerError, connectAmqp } from "./connection.js";
import { queueInfo } from "./topology.js";
import type { AmqpQueueUrl } from "./url.js";

/** The `type` property of the ledger message that holds the configuration. */
const CONFIG_TYPE = "swarm-stress.run-config";

/**
 * The run ledger of a RabbitMQ queue `NAME`: a durable classic queue `NAME.run` of persistent
 * messages, the configuration (`type` {@link CONFIG_TYPE}) and one batch of outcomes each,
 * each published on a confirm channel and awaited: RabbitMQ confirms a persistent message on a
 * durable queue once it is written to disk. Reading takes every message unacknowledged and
 * gives them all back (`nack` with requeue): the ledger stays as it was for a later rerun.
 */
export class AmqpRunLedger implements RunLedger {
  private constructor(
    private readonly connection: AmqpConnection,
    private readonly url: AmqpQueueUrl,
    private readonly name: string,
    readonly describe: string,
  ) {}

  /** @throws {RuntimeError} when RabbitMQ cannot be reached or refuses. */
  static async open(url: AmqpQueueUrl): Promise<AmqpRunLedger> {
    // Each write is one small publish awaited alone: with Nagle's algorithm it would wait for
    // the broker's delayed ACK (about 40 ms) every time.
    const connection = await connectAmqp(url);
    const name = `${url.queue}.run`;
    return new AmqpRunLedger(connection, url, name, `RabbitMQ queue "${name}" at ${url.target}`);
  }

  async begin(config: string): Promise<void> {
    await this.guard(async (channel) => {
      await channel.assertQueue(this.name, { durable: true });
      await channel.purgeQueue(this.name);
      channel.publish("", this.name, Buffer.from(config), { persistent: true, type: CONFIG_TYPE });
      await channel.waitForConfirms();
    });
  }

  async saved(): Promise<SavedRun | undefined> {
    if ((await queueInfo(this.connection.model, this.url, this.name)) === undefined) {
      return undefined;
    }
    return this.guard(async (channel) => {
      let config: string | undefined;
      const batches: string[] = [];
      try {
        for (let got = await channel.get(this.name); got !== false; ) {
          const text = got.content.toString("utf8");
          if (got.properties.type === CONFIG_TYPE) config = text;
          else batches.push(text);
          got = await channel.get(this.name);
        }
      } finally {
        channel.nackAll(true);
      }
      return config === undefined ? undefined : { config, outcomes: firstOutcomes(batches) };
    });
  }

  async record(records: readonly SettledRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.guard(async (channel) => {
      channel.publish("", this.name, Buffer.from(encodeOutcomes(records)), { persistent: true });
      await channel.waitForConfirms();
    });
  }

  async forget(): Promise<void> {
    if ((await queueInfo(this.connection.model, this.url, this.name)) === undefined) return;
    await this.guard((channel) => channel.deleteQueue(this.name));
  }

  async close(): Promise<void> {
    await this.connection.model.close().catch(() => {});
  }

  /** A call on the confirm channel, its failure as one line naming RabbitMQ. */
  private async guard<T>(work: (channel: Amqplib.ConfirmChannel) => Promise<T>): Promise<T> {
    try {
      return await work(this.connection.channel);
    } catch (error) {
      throw brokerError(error, this.url);
    }
  }
}
