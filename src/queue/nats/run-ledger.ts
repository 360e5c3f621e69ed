import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RuntimeError } from "../../errors.js";
import type { SettledRecord } from "../../model/settled-record.js";
import { encodeOutcomes, firstOutcomes, type RunLedger, type SavedRun } from "../ledger.js";
import { connectNats, lostNats, NATS_RECONNECT_WINDOW_S } from "./connection.js";
import { API_TIMEOUT_MS, isNotFound, oldestRecords } from "./store.js";
import type { NatsQueueUrl } from "./url.js";

/** The first record of a ledger stream: the configuration; every later one is outcomes. */
const CONFIG = "c";

/** Pause between tries of a write the server refused while its connection still stood. */
const RETRY_MS = 250;

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
  /** Set once the connection is lost for good; resolves then. */
  private lost: RuntimeError | undefined;
  private readonly closed: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly stream: string,
    private readonly subject: string,
    readonly describe: string,
    target: string,
  ) {
    this.closed = nc.closed().then((error) => {
      this.lost = lostNats(target, error);
    });
  }

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
        url.target,
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

  /**
   * Publish one record. A server on its way down refuses JetStream calls ("jetstream is not
   * enabled") before it drops the connection, so a refused write is tried again for as long
   * as the queue waits out a lost connection: the run then fails with the queue's own
   * `lost NATS at …` line, whichever of the two learns of it first, not with the refusal. A
   * record written twice is harmless: a resumed run takes the first outcome of each message.
   */
  private async publish(text: string): Promise<void> {
    const data = this.encoder.encode(text);
    const giveUpAt = Date.now() + (NATS_RECONNECT_WINDOW_S + 1) * 1000;
    for (;;) {
      try {
        await this.js.publish(this.subject, data, { expect: { streamName: this.stream } });
        return;
      } catch (error) {
        if (this.lost !== undefined) throw this.lost;
        if (Date.now() >= giveUpAt) throw error;
      }
      await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, RETRY_MS))]);
      if (this.lost !== undefined) throw this.lost;
    }
  }
}
