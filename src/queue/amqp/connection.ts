import { isIP } from "node:net";
import type * as Amqplib from "amqplib";
import { ConfigError, RuntimeError } from "../../errors.js";
import { firstLine } from "../../util/first-line.js";
import { redactQueueUrl } from "../url-redaction.js";
import type { AmqpQueueUrl } from "./url.js";

/** A connection and the confirm channel the driver publishes, consumes and acks on. */
export interface AmqpConnection {
  readonly model: Amqplib.ChannelModel;
  readonly channel: Amqplib.ConfirmChannel;
}

/** Longest wait for RabbitMQ to answer and open the connection: a run fails within 5 s. */
export const CONNECT_TIMEOUT_MS = 4_000;

/**
 * Connects and opens a confirm channel, loading amqplib on first use (never at start-up). A
 * heartbeat of 10 s makes a broker that vanished without closing the socket show within a
 * heartbeat or two instead of the kernel's minutes. Frames go out at once (no Nagle): the
 * driver waits on small publishes, confirms and acks, and Nagle's wait for the broker's
 * delayed ACK made a failure run (retries, dead letters) five times slower.
 *
 * @throws {RuntimeError} in one line naming RabbitMQ and the cause: unreachable, no answer
 * within {@link CONNECT_TIMEOUT_MS}, wrong user or password, no such vhost or no access to it.
 */
export async function connectAmqp(
  url: AmqpQueueUrl,
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<AmqpConnection> {
  const amqplib = await import("amqplib");
  const connecting = amqplib.connect(
    {
      protocol: url.tls ? "amqps" : "amqp",
      hostname: url.host,
      port: url.port,
      username: url.username,
      password: url.password,
      vhost: url.vhost,
      heartbeat: 10,
    },
    {
      timeout: timeoutMs,
      noDelay: true,
      // TLS names a server by host name only (RFC 6066); Node warns when given an address.
      ...(url.tls && isIP(url.host) === 0 ? { servername: url.host } : {}),
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), timeoutMs);
  });
  let model: Amqplib.ChannelModel;
  try {
    model = await Promise.race([connecting, timedOut]);
  } catch (error) {
    // A handshake that answers after we gave up must not leave a connection open.
    connecting.then((late) => late.close()).catch(() => {});
    throw connectError(error, url, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
  // Errors are reported through the close event and the calls that fail; without a listener,
  // an 'error' event would throw out of the event loop and end the process.
  model.on("error", () => {});
  try {
    const channel = await model.createConfirmChannel();
    channel.on("error", () => {});
    return { model, channel };
  } catch (error) {
    await model.close().catch(() => {});
    throw brokerError(error, url);
  }
}

class TimeoutError extends Error {}

/** A failed connect as one line naming RabbitMQ, the server and the cause; no password. */
function connectError(error: unknown, url: AmqpQueueUrl, timeoutMs: number): RuntimeError {
  const at = `RabbitMQ at ${url.target}`;
  const code = (error as { code?: unknown }).code;
  const text = firstLine(error);
  if (error instanceof TimeoutError || code === "ETIMEDOUT" || /timeout/i.test(text)) {
    return new RuntimeError(`${at} did not answer within ${timeoutMs / 1000} s`);
  }
  if (code === "ECONNREFUSED") return new RuntimeError(`cannot reach ${at}: connection refused`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new RuntimeError(`cannot reach ${at}: unknown host`);
  }
  if (/ACCESS.REFUSED/.test(text) && /login/i.test(text)) {
    return new RuntimeError(
      `${at} refused the login of user "${url.username}": wrong user name or password`,
    );
  }
  if (/ConnectionOpenOk|NOT_ALLOWED|vhost/i.test(text)) {
    return new RuntimeError(
      `${at} refused vhost "${url.vhost}" to user "${url.username}": no such vhost, or no permission on it`,
    );
  }
  if (/SSL|TLS|certificate|wrong version number/i.test(text)) {
    return new RuntimeError(
      `cannot reach ${at}: TLS failed (${/wrong version/.test(text) ? "amqps:// to a port without TLS?" : text.slice(0, 120)})`,
    );
  }
  if (/Frame size|Expected Connection|Unexpected frame|Unexpected/i.test(text)) {
    return new RuntimeError(`cannot reach ${at}: something answered there, but not as RabbitMQ`);
  }
  if (/closed abruptly|ECONNRESET|EPROTO|handshake/i.test(`${text} ${String(code)}`)) {
    return new RuntimeError(
      `cannot reach ${at}: the connection closed while opening it (${url.tls ? "amqps:// to a port without TLS?" : "not RabbitMQ, or it wants TLS (amqps://)?"})`,
    );
  }
  return new RuntimeError(`cannot reach ${at}: ${redactQueueUrl(text)}`);
}

/**
 * A channel or connection error from RabbitMQ as one line: the server's own words (`NOT_FOUND
 * - no queue ...`, `ACCESS_REFUSED - access to queue ... refused for user ...`) after
 * `RabbitMQ at HOST:PORT`. A queue declared before with other arguments is the user's input
 * clashing with what exists, a {@link ConfigError}; everything else is the environment's.
 */
export function brokerError(error: unknown, url: AmqpQueueUrl): Error {
  if (error instanceof RuntimeError || error instanceof ConfigError) return error;
  const text = firstLine(error);
  const said = /with message "(.*)"/.exec(text)?.[1] ?? text;
  const line = `RabbitMQ at ${url.target}: ${redactQueueUrl(said)}`;
  if (/PRECONDITION.FAILED/.test(said) && /inequivalent/.test(said)) {
    return new ConfigError(
      `${line}: queue "${url.queue}" exists with other settings; purge it (swarm-stress queue purge) or name another queue`,
    );
  }
  if (/ACCESS.REFUSED/.test(said)) {
    return new RuntimeError(
      `${line} (grant user "${url.username}" configure, write and read on the queue)`,
    );
  }
  return new RuntimeError(line);
}
