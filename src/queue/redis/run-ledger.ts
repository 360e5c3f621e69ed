import type { SettledRecord } from "../../model/settled-record.js";
import { encodeOutcomes, firstOutcomes, type RunLedger, type SavedRun } from "../ledger.js";
import { RedisLink } from "./link.js";
import type { RedisQueueUrl } from "./url.js";

/**
 * The run ledger of a queue on Redis (a Redis Streams queue or a BullMQ one), in two keys
 * under one hash tag: `BASE:config` (string, the configuration) and `BASE:outcomes` (list, one
 * JSON batch of outcomes per entry). As durable as the Redis server's persistence makes every
 * write: with `appendonly yes` and `appendfsync always` a crash of Redis too loses nothing.
 *
 * On a {@link RedisLink}, as the queue is: an outage shorter than the retry window costs only
 * time (a batch cut off by the break is sent again; a batch kept twice reads back once, see
 * `firstOutcomes`), a longer one fails the run in the queue's own line, never a raw socket error.
 */
export class RedisRunLedger implements RunLedger {
  private constructor(
    private readonly link: RedisLink,
    private readonly base: string,
    readonly describe: string,
  ) {}

  /** Connect to the server of `url`; `base` is the key prefix, `what` names the queue kind. */
  static async open(url: RedisQueueUrl, base: string, what: string): Promise<RedisRunLedger> {
    const link = await RedisLink.connect(url, { clientName: "swarm-stress-run-ledger" });
    return new RedisRunLedger(link, base, `${what} ${url.stream} at ${url.target}`);
  }

  async begin(config: string): Promise<void> {
    // Outcomes first: a crash between the two leaves no configuration, so nothing to resume,
    // which is right for a run that has handed nothing over yet.
    await this.link.sendCommand(["DEL", this.outcomesKey]);
    await this.link.sendCommand(["SET", this.configKey, config]);
  }

  async saved(): Promise<SavedRun | undefined> {
    const config = (await this.link.sendCommand(["GET", this.configKey])) as string | null;
    if (config === null) return undefined;
    const batches = (await this.link.sendCommand(["LRANGE", this.outcomesKey, "0", "-1"])) as
      | string[]
      | null;
    return { config, outcomes: firstOutcomes(batches ?? []) };
  }

  async record(records: readonly SettledRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.link.sendCommand(["RPUSH", this.outcomesKey, encodeOutcomes(records)]);
  }

  async forget(): Promise<void> {
    await this.link.sendCommand(["DEL", this.configKey, this.outcomesKey]);
  }

  async close(): Promise<void> {
    await this.link.close().catch(() => {});
  }

  private get configKey(): string {
    return `${this.base}:config`;
  }

  private get outcomesKey(): string {
    return `${this.base}:outcomes`;
  }
}
