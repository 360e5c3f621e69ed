import type { SettledRecord } from "../../model/settled-record.js";
import { encodeOutcomes, firstOutcomes, type RunLedger, type SavedRun } from "../ledger.js";
import { connectRedis, type RedisConnection } from "./connection.js";
import type { RedisQueueUrl } from "./url.js";

/**
 * The run ledger of a queue on Redis (a Redis Streams queue or a BullMQ one), in two keys
 * under one hash tag: `BASE:config` (string, the configuration) and `BASE:outcomes` (list, one
 * JSON batch of outcomes per entry). As durable as the Redis server's persistence makes every
 * write: with `appendonly yes` and `appendfsync always` a crash of Redis too loses nothing.
 */
export class RedisRunLedger implements RunLedger {
  private constructor(
    private readonly client: RedisConnection,
    private readonly base: string,
    readonly describe: string,
  ) {}

  /** Connect to the server of `url`; `base` is the key prefix, `what` names the queue kind. */
  static async open(url: RedisQueueUrl, base: string, what: string): Promise<RedisRunLedger> {
    const client = await connectRedis(url, { clientName: "swarm-stress-run-ledger" });
    return new RedisRunLedger(client, base, `${what} ${url.stream} at ${url.target}`);
  }

  async begin(config: string): Promise<void> {
    await this.client.multi().del(this.outcomesKey).set(this.configKey, config).exec();
  }

  async saved(): Promise<SavedRun | undefined> {
    const config = await this.client.get(this.configKey);
    if (config === null) return undefined;
    const batches = await this.client.lRange(this.outcomesKey, 0, -1);
    return { config, outcomes: firstOutcomes(batches) };
  }

  async record(records: readonly SettledRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.client.rPush(this.outcomesKey, encodeOutcomes(records));
  }

  async forget(): Promise<void> {
    await this.client.del([this.configKey, this.outcomesKey]);
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => {});
  }

  private get configKey(): string {
    return `${this.base}:config`;
  }

  private get outcomesKey(): string {
    return `${this.base}:outcomes`;
  }
}
