/**
 * Whether a NATS server answers for the NATS tests, decided once per test file: `NATS_URL` when
 * set, else nats://127.0.0.1:4222. The tests use queues named `sst_<random>`, purged after, so
 * other streams there are never touched.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

/** The nats-server binary, for servers of a test's own (with a password, to kill), or undefined. */
export const NATS_SERVER: string | undefined = [
  "/usr/sbin/nats-server",
  "/usr/bin/nats-server",
  "/usr/local/bin/nats-server",
].find((path) => spawnSync(path, ["--version"]).status === 0);

if (NATS_SERVER === undefined) {
  console.warn(
    "\n!!! SKIPPING the NATS password and outage tests: no nats-server binary (apt-get install -y nats-server).\n",
  );
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The password of a server {@link startNatsServer} starts with one (user `swarm`). */
export const NATS_TEST_PASSWORD = "s3cret-nats-pw";

/** A NATS server with JetStream of the test's own. */
export interface OwnNatsServer {
  readonly port: number;
  /** Resolves once it answers on its port. */
  readonly ready: Promise<void>;
  /** Kill it, wait until it has exited (it writes its store until then), remove its store. */
  stop(): Promise<void>;
}

/**
 * Starts an {@link OwnNatsServer} on a free port, its store in a temporary directory; with
 * `password`, it wants user `swarm`, password {@link NATS_TEST_PASSWORD}; without `jetstream`,
 * it runs none.
 */
export async function startNatsServer(password = false, jetstream = true): Promise<OwnNatsServer> {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), "nats-own-"));
  const args = ["-a", "127.0.0.1", "-p", String(port)];
  if (password) args.push("--user", "swarm", "--pass", NATS_TEST_PASSWORD);
  if (jetstream) args.push("-js", "-sd", dir);
  const server = spawn(NATS_SERVER as string, args, { stdio: "ignore" });
  const ready = (async () => {
    for (let tries = 0; tries < 100; tries++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: "127.0.0.1", port });
        socket.on("connect", () => resolve(true));
        socket.on("error", () => resolve(false));
        socket.on("close", () => socket.destroy());
      }).then((ok) => ok);
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nats-server did not start on port ${port}`);
  })();
  return {
    port,
    ready,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
