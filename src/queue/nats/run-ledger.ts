import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { SettledRecord } from "../../model/settled-record.js";
import { encodeOutcomes, firstOutcomes, type RunLedger, type SavedRun } from "../ledger.js";
import { connectNats } from "./connection.js";
import { API_TIMEOUT_MS, isNotFound, oldestRecords } from "./store.js";
import type { NatsQueueUrl } from "./url.js";

/** The first record of a ledger stream: the configuration; every later one is outcomes. */
const CONFIG = "c";

/**
 * The run ledger of a NATS queue `NAME`: stream `NAME_RUN` (limits retention, file storage),
 * subject `swarm-stress.NAME.run`, whose records are the configuration (`c` + JSON) and then
 * one batch of outcomes each. Each write is a JetStream publish, acknowledged once the server
 * stored it (with a single server's default `sync_interval`, fsync'd within two minutes: an
 * OS crash of the server host may lose the latest; `sync_interval: always` does not).
 */
export class NatsRunLedger implements RunLedger {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly stream: string,
    private readonly subject: string,
    readonly describe: string,
  ) {}

  /** @throws {RuntimeError} when NATS or JetStream cannot be reached. */
  static async open(url: NatsQueueUrl): Promise<NatsRunLedger> {
    const nc = await connectNats(url);
    try {
      const { jetstream, jetstreamManager } = await import("@nats-io/jetstream");
      const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS });
      const stream = `${url.stream}_RUN`;
      return new NatsRunLedger(
        nc,
        jsm,
        jetstream(nc, { timeout: API_TIMEOUT_MS }),
        stream,
        `swarm-stress.${url.stream}.run`,
        `NATS stream ${stream} at ${url.target}`,
      );
    } catch (error) {
      await nc.close().catch(() => {});
      throw error;
    }
  }

  async begin(config: string): Promise<void> {
    await this.forget();
    await this.jsm.streams.add({
      name: this.stream,
      subjects: [this.subject],
      retention: "limits",
      storage: "file",
      num_replicas: 1,
      description: "swarm-stress run ledger: configuration and outcomes",
    } as never);
    await this.publish(`${CONFIG}${config}`);
  }

  async saved(): Promise<SavedRun | undefined> {
    let records: Uint8Array[];
    try {
      records = await oldestRecords(this.jsm, this.stream, Number.POSITIVE_INFINITY);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const [first, ...rest] = records.map((data) => this.decoder.decode(data));
    if (first === undefined || !first.startsWith(CONFIG)) return undefined;
    return { config: first.slice(CONFIG.length), outcomes: firstOutcomes(rest) };
  }

  async record(records: readonly SettledRecord[]): Promise<void> {
    if (records.length > 0) await this.publish(encodeOutcomes(records));
  }

  async forget(): Promise<void> {
    await this.jsm.streams.delete(this.stream).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }

  async close(): Promise<void> {
    await this.nc.close().catch(() => {});
  }

  private async publish(text: string): Promise<void> {
    await this.js.publish(this.subject, this.encoder.encode(text), {
      expect: { streamName: this.stream },
    });
  }
}
