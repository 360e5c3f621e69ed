/**
 * Whether a PostgreSQL answers for the PostgreSQL tests, decided once per test file:
 * `POSTGRES_URL` when set, else root on 127.0.0.1:5432, database `test` (trust auth, as .ci/run
 * sets it up). The tests use queues under `swarm-stress-test.` with a random suffix and delete
 * what they made, so other queues there are never touched.
 */
import { randomBytes } from "node:crypto";
import { createConnection } from "node:net";

/** The database the tests use. */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? "postgres://root@127.0.0.1:5432/test";

/** A queue name no other test uses. */
export function freshQueueName(label = "q"): string {
  return `swarm-stress-test.${label}.${randomBytes(6).toString("hex")}`;
}

/** `POSTGRES_URL` pointed at `queue`, with extra query parameters. */
export function queueUrl(queue: string, extra = ""): string {
  return `${POSTGRES_URL.replace(/\?.*$/, "")}?queue=${encodeURIComponent(queue)}${extra}`;
}

function hostAndPort(): { host: string; port: number } {
  const match = /^postgres(?:ql)?:\/\/(?:.*@)?(\[[^\]]+\]|[^:/?]+)(?::(\d+))?/.exec(POSTGRES_URL);
  return {
    host: (match?.[1] ?? "127.0.0.1").replace(/^\[|\]$/g, ""),
    port: Number(match?.[2] ?? 5432),
  };
}

/**
 * Sends PostgreSQL's SSLRequest and waits for its one-byte answer (`S` or `N`), 1 s at most: a
 * raw socket rather than the client, so that "no PostgreSQL" is said quickly and without
 * loading pg.
 */
function probe(): Promise<boolean> {
  const { host, port } = hostAndPort();
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1_000);
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80_877_103, 4);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (data) => done(data[0] === 0x4e || data[0] === 0x53));
    socket.on("error", () => done(false));
  });
}

/** True when a PostgreSQL answered; when none did, a warning says why the tests skip. */
export const postgresAvailable: boolean = await probe();

if (!postgresAvailable) {
  const { host, port } = hostAndPort();
  console.warn(
    `\n!!! SKIPPING the PostgreSQL queue tests: no PostgreSQL answered at ${host}:${port}.\n` +
      "!!! Start one (apt-get install -y postgresql, a cluster on 127.0.0.1 with trust auth, a database test)\n" +
      "!!! or point POSTGRES_URL at one (postgres://USER:PASSWORD@HOST:PORT/DB). .ci/run starts one itself.\n",
  );
}
