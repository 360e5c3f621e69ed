/**
 * Whether a Redis answers for the Redis tests, decided once per test file: `REDIS_URL` when set,
 * else 127.0.0.1:6379. The tests use database 15 of it and streams under `swarm-stress-test:`
 * with a random suffix, and purge what they made, so other data there is never touched.
 */
import { randomBytes } from "node:crypto";
import { createConnection } from "node:net";

/** The server the tests use, database 15 unless `REDIS_URL` names one. */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/15";

/** Where the tests' streams start. */
export const TEST_STREAM_PREFIX = "swarm-stress-test:";

/** A stream name no other test uses. */
export function freshStream(label = "q"): string {
  return `${TEST_STREAM_PREFIX}${label}:${randomBytes(6).toString("hex")}`;
}

/** `REDIS_URL` pointed at `stream`. */
export function streamUrl(stream: string): string {
  const base = REDIS_URL.replace(/\?.*$/, "");
  return `${base}?stream=${encodeURIComponent(stream)}`;
}

/** Host and port of {@link REDIS_URL}, for the availability check. */
function hostAndPort(): { host: string; port: number } {
  const match = /^rediss?:\/\/(?:.*@)?(\[[^\]]+\]|[^:/?]+)(?::(\d+))?/.exec(REDIS_URL);
  const host = (match?.[1] ?? "127.0.0.1").replace(/^\[|\]$/g, "");
  return { host, port: Number(match?.[2] ?? 6379) };
}

/**
 * Sends PING and waits for PONG, 1 s at most. A raw socket rather than the client: the check
 * must say "no Redis" quickly whatever the client's retry settings.
 */
function ping(): Promise<boolean> {
  if (REDIS_URL.startsWith("rediss:")) return Promise.resolve(true); // the tests will tell
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
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      answer += data.toString();
      // NOAUTH still means a Redis is there; the tests will say what is wrong with the URL.
      if (answer.includes("\r\n")) done(/^(\+PONG|-NOAUTH)/.test(answer));
    });
    socket.on("error", () => done(false));
  });
}

/** True when a Redis answered; when none did, a warning says why the Redis tests skip. */
export const redisAvailable: boolean = await ping();

if (!redisAvailable) {
  console.warn(
    `\n!!! SKIPPING the Redis queue tests: no Redis answered PING at ${hostAndPort().host}:${hostAndPort().port}.\n` +
      "!!! Start one (apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1)\n" +
      "!!! or point REDIS_URL at one (redis://HOST:PORT/DB). .ci/run starts one itself.\n",
  );
}
