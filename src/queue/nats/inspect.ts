import type { JetStreamManager, StreamInfo } from "@nats-io/jetstream";
import { ConfigError, RuntimeError } from "../../errors.js";
import { type BrokerInspection, countErrors, DEAD_LETTER_SAMPLE } from "../broker-inspection.js";
import type { DeadLetter } from "../driver.js";
import { decodeDeadLetter } from "./codec.js";
import { connectNats, describeNatsError } from "./connection.js";
import { natsNames } from "./names.js";
import { API_TIMEOUT_MS, isNotFound, oldestRecords } from "./store.js";
import { type NatsQueueUrl, parseNatsQueueUrl } from "./url.js";

/**
 * What `queue inspect` shows of a NATS JetStream queue: the messages its work stream holds,
 * how many of them its lane consumers have handed out and not had acknowledged (a run's leases,
 * or a crashed run's until their AckWait passes), and its dead letters, the oldest read by
 * sequence. Only reads: nothing is created, fetched or acknowledged.
 *
 * @throws {ConfigError} for a malformed URL or a queue that does not exist.
 * @throws {RuntimeError} when NATS cannot be reached or fails.
 */
export async function inspectNats(url: string | NatsQueueUrl): Promise<BrokerInspection> {
  const parsed = typeof url === "string" ? parseNatsQueueUrl(url) : url;
  const nc = await connectNats(parsed);
  try {
    const { jetstreamManager } = await import("@nats-io/jetstream");
    const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS });
    const names = natsNames(parsed.stream);
    const work = await streamInfo(jsm, names.stream);
    if (work === undefined) {
      throw new ConfigError(`no NATS queue ${parsed.stream} at ${parsed.display}`);
    }
    let handedOut = 0;
    let consumers = 0;
    for await (const consumer of jsm.consumers.list(names.stream)) {
      handedOut += consumer.num_ack_pending;
      // A lane consumer a run pulls from has its pull requests waiting.
      if (consumer.num_waiting > 0) consumers++;
    }
    const dead = await streamInfo(jsm, names.deadStream);
    const first: DeadLetter[] =
      dead === undefined
        ? []
        : (await oldestRecords(jsm, names.deadStream, DEAD_LETTER_SAMPLE)).map(decodeDeadLetter);
    return {
      broker: "NATS JetStream",
      queue: parsed.stream,
      server: parsed.display,
      held: work.state.messages,
      handedOut,
      consumers,
      deadLetters: { total: dead?.state.messages ?? 0, byError: countErrors(first), first },
    };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RuntimeError) throw error;
    throw new RuntimeError(`NATS at ${parsed.target}: ${describeNatsError(error)}`);
  } finally {
    await nc.close().catch(() => {});
  }
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
