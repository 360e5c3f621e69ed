/**
 * Whether a RabbitMQ answers for the RabbitMQ tests, decided once per test file: `AMQP_URL`
 * when set, else guest/guest on 127.0.0.1:5672, default vhost. The tests use queues under
 * `swarm-stress-test.` with a random suffix and delete what they made, so other queues there
 * are never touched.
 */

import { randomBytes } from "node:crypto";
import { createConnection } from "node:net";
import { atMostAtOnce } from "./at-most-at-once.js";

/** The server the tests use. */
export const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";

/** A queue name no other test uses. */
export function freshQueueName(label = "q"): string {
  return `swarm-stress-test.${label}.${randomBytes(6).toString("hex")}`;
}

/** `AMQP_URL` pointed at `queue`, with extra query parameters. */
export function queueUrl(queue: string, extra = ""): string {
  return `${AMQP_URL.replace(/\?.*$/, "")}?queue=${encodeURIComponent(queue)}${extra}`;
}

/** Purges {@link madeQueues} runs side by side. */
const PURGES_AT_ONCE = 6;

/**
 * Fresh queue URLs for one test file, and the deletion of every queue they named: a file calls
 * `purgeMade` once at the end.
 */
export function madeQueues(purge: (url: string) => Promise<unknown>): {
  fresh: (label?: string, extra?: string) => string;
  purgeMade: () => Promise<void>;
} {
  const made: string[] = [];
  return {
    fresh(label, extra = "") {
      const queue = freshQueueName(label);
      made.push(queue);
      return queueUrl(queue, extra);
    },
    async purgeMade() {
      // A few at a time: each is a connection and a handful of channels, most of it waiting on
      // the broker.
      await atMostAtOnce(made.splice(0), PURGES_AT_ONCE, (queue) => purge(queueUrl(queue)));
    },
  };
}

function hostAndPort(): { host: string; port: number } {
  const match = /^amqps?:\/\/(?:.*@)?(\[[^\]]+\]|[^:/?]+)(?::(\d+))?/.exec(AMQP_URL);
  return {
    host: (match?.[1] ?? "127.0.0.1").replace(/^\[|\]$/g, ""),
    port: Number(match?.[2] ?? 5672),
  };
}

/**
 * Sends the AMQP 0-9-1 protocol header and waits for the server's first frame (its
 * Connection.Start, frame type 1), 1 s at most: a raw socket rather than the client, so that
 * "no RabbitMQ" is said quickly and without loading amqplib.
 */
function probe(): Promise<boolean> {
  if (AMQP_URL.startsWith("amqps:")) return Promise.resolve(true); // the tests will tell
  const { host, port } = hostAndPort();
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1_000);
    socket.on("connect", () => socket.write(Buffer.from("AMQP\x00\x00\x09\x01", "latin1")));
    socket.on("data", (data) => done(data[0] === 1));
    socket.on("error", () => done(false));
  });
}

/** True when a RabbitMQ answered; when none did, a warning says why the RabbitMQ tests skip. */
export const amqpAvailable: boolean = await probe();

if (!amqpAvailable) {
  const { host, port } = hostAndPort();
  console.warn(
    `\n!!! SKIPPING the RabbitMQ queue tests: no RabbitMQ answered at ${host}:${port}.\n` +
      "!!! Start one (apt-get install -y rabbitmq-server && RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached)\n" +
      "!!! or point AMQP_URL at one (amqp://USER:PASSWORD@HOST:PORT/VHOST). .ci/run starts one itself.\n",
  );
}
