/**
 * Whether a NATS server answers for the NATS tests, decided once per test file: `NATS_URL` when
 * set, else nats://127.0.0.1:4222. The tests use queues named `sst_<random>`, purged after, so
 * other streams there are never touched.
 */
import { randomBytes } from "node:crypto";
import { createConnection } from "node:net";

/** The server the tests use. */
export const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";

/** A queue name no other test uses (a NATS queue name is at most 32 characters). */
export function freshNatsStream(label = "q"): string {
  return `sst_${label.slice(0, 8)}_${randomBytes(6).toString("hex")}`;
}

/** `NATS_URL` pointed at queue `stream`. */
export function natsStreamUrl(stream: string): string {
  return `${NATS_URL.replace(/\?.*$/, "")}?stream=${stream}`;
}

function hostAndPort(): { host: string; port: number } {
  const match = /^nats:\/\/(?:.*@)?(\[[^\]]+\]|[^:/?]+)(?::(\d+))?/.exec(NATS_URL);
  const host = (match?.[1] ?? "127.0.0.1").replace(/^\[|\]$/g, "");
  return { host, port: Number(match?.[2] ?? 4222) };
}

/**
 * Waits for the INFO line a NATS server sends on connect, and checks it runs JetStream, 1 s at
 * most. A raw socket rather than the client: the check must say "no NATS" quickly.
 */
function hello(): Promise<boolean> {
  const { host, port } = hostAndPort();
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let answer = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1_000);
    socket.on("data", (data) => {
      answer += data.toString();
      if (answer.includes("\r\n")) done(/^INFO .*"jetstream":\s*true/.test(answer));
    });
    socket.on("error", () => done(false));
  });
}

/** True when a NATS server with JetStream answered; when none did, a warning says why the tests skip. */
export const natsAvailable: boolean = await hello();

if (!natsAvailable) {
  console.warn(
    `\n!!! SKIPPING the NATS queue tests: no NATS server with JetStream answered at ${hostAndPort().host}:${hostAndPort().port}.\n` +
      "!!! Start one (apt-get install -y nats-server && nats-server -js -a 127.0.0.1 -sd /tmp/nats &)\n" +
      "!!! or point NATS_URL at one (nats://HOST:PORT). .ci/run starts one itself.\n",
  );
}
