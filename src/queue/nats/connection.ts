import type { NatsConnection } from "@nats-io/transport-node";
import { RuntimeError } from "../../errors.js";
import { firstLine } from "../../util/first-line.js";
import { redactQueueUrl } from "../url-redaction.js";
import type { NatsQueueUrl } from "./url.js";

/**
 * How long a lost connection is tried again, s (a try every 500 ms): calls wait meanwhile, and
 * the queue fails with one `lost NATS at …` error when it runs out.
 */
export const NATS_RECONNECT_WINDOW_S = 5;

/**
 * The fault of a connection to the server at `target` whose reconnects failed: one line, the
 * same from the queue and from the run ledger beside it, whichever learns of it first.
 */
export function lostNats(target: string, closedWith: unknown): RuntimeError {
  const cause =
    closedWith instanceof Error ? describeNatsError(closedWith) : "the connection closed";
  return new RuntimeError(
    `lost NATS at ${target}: ${cause} (reconnects failed for ${NATS_RECONNECT_WINDOW_S} s)`,
  );
}

/** Longest wait to connect and find JetStream, ms: an unreachable server fails well within 5 s. */
export const NATS_CONNECT_TIMEOUT_MS = 2_500;

/**
 * Connects to the NATS server of `url` and checks that it runs JetStream. The client is
 * imported here, on first use, so that nothing else pays for loading it.
 *
 * @throws {RuntimeError} in one line naming NATS, the server and the cause, never the
 * password: `cannot connect to NATS at 127.0.0.1:4299: connection refused`.
 */
export async function connectNats(
  url: NatsQueueUrl,
  timeoutMs = NATS_CONNECT_TIMEOUT_MS,
): Promise<NatsConnection> {
  const { connect } = await import("@nats-io/transport-node");
  let connection: NatsConnection;
  try {
    connection = await withTimeout(
      connect({
        servers: url.target,
        ...(url.username === undefined ? {} : { user: url.username }),
        ...(url.password === undefined ? {} : { pass: url.password }),
        timeout: timeoutMs,
        // A run fails on a lost broker rather than stalling: the first connection is not
        // retried, later losses are, for a few seconds (the client queues what is sent
        // meanwhile), then the connection closes and the queue fails.
        reconnect: true,
        maxReconnectAttempts: NATS_RECONNECT_WINDOW_S * 2,
        reconnectTimeWait: 500,
        name: "swarm-stress",
      }),
      timeoutMs,
    );
  } catch (error) {
    throw new RuntimeError(`cannot connect to NATS at ${url.target}: ${describeNatsError(error)}`);
  }
  try {
    const { jetstreamManager } = await import("@nats-io/jetstream");
    await withTimeout(jetstreamManager(connection, { timeout: timeoutMs }), timeoutMs);
  } catch (error) {
    await connection.close().catch(() => {});
    const cause = describeNatsError(error);
    throw new RuntimeError(
      cause === NO_JETSTREAM
        ? `NATS at ${url.target} has no JetStream: start nats-server with -js`
        : `cannot reach JetStream on NATS at ${url.target}: ${cause}`,
    );
  }
  return connection;
}

const NO_JETSTREAM = "JetStream is not enabled (start nats-server with -js)";

/** One short line for what the NATS client threw, with any URL's password hidden. */
export function describeNatsError(error: unknown): string {
  const said = redactQueueUrl(firstLine(error));
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === "ECONNREFUSED" || /connection refused/i.test(said)) return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "no such host";
  if (/authorization violation|authentication/i.test(said)) {
    return "the server refused the user name or password (Authorization Violation)";
  }
  if (/jetstream (is )?not enabled|503|no responders/i.test(said)) return NO_JETSTREAM;
  if (/timeout|timed out/i.test(said)) return "no answer in time";
  return said === "" ? "unknown error" : said;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
