/**
 * A Redis server of the test's own, on a free port, that the test may stop, restart empty or
 * restart with its data: for what Redis going away does to a run. Never the shared Redis on
 * 6379, which other tests and engineers use.
 *
 * When `redis-server` is not installed, {@link redisServerInstalled} is false and a warning
 * says why the tests that need one skip.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The binary, from `REDIS_SERVER` or the PATH. */
const BINARY = process.env.REDIS_SERVER ?? "redis-server";

/** True when `redis-server` runs here. */
export const redisServerInstalled: boolean =
  spawnSync(BINARY, ["--version"], { encoding: "utf8" }).status === 0;

if (!redisServerInstalled) {
  console.warn(
    `\n!!! SKIPPING the tests of Redis going away: no ${BINARY} to start and stop.\n` +
      "!!! Install one (apt-get install -y redis-server) or point REDIS_SERVER at the binary.\n",
  );
}

/**
 * Ports this process handed out: a test that stopped its server for good must not see another
 * test's server come up on the same port, which the OS may well offer again once it is free.
 */
const handedOut = new Set<number>();

/** A port nothing listens on now and this process never handed out: taken from the OS, then freed. */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * One `redis-server` process at a time on a fixed port, without persistence of its own
 * (`--save "" --appendonly no`), so that a restart comes back empty unless the test saved
 * first ({@link PrivateRedis.restartWithData}).
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), "swarm-stress-redis-"));

  private constructor(
    readonly port: number,
    private readonly password: string | undefined,
  ) {}

  /**
   * Starts a server on a free port (asking for `password` when given) and waits until it
   * answers.
   */
  static async start(options: { readonly password?: string } = {}): Promise<PrivateRedis> {
    // Another process may take the free port before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const server = new PrivateRedis(await freePort(), options.password);
      try {
        await server.launch();
        return server;
      } catch (error) {
        await server.dispose();
        if (attempt === 3) throw error;
      }
    }
  }

  /** `redis://[:PASSWORD@]127.0.0.1:PORT/0`, with `?stream=NAME` when given. */
  url(stream?: string): string {
    const auth = this.password === undefined ? "" : `:${this.password}@`;
    const base = `redis://${auth}127.0.0.1:${this.port}/0`;
    return stream === undefined ? base : `${base}?stream=${encodeURIComponent(stream)}`;
  }

  /** Kills the server (SIGKILL: no chance to save) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  }

  /** Stops the server and starts a new, empty one on the same port. */
  async restartEmpty(): Promise<void> {
    await this.stop();
    rmSync(join(this.dir, "dump.rdb"), { force: true });
    await this.launch();
  }

  /**
   * Saves the data and shuts the server down (`SHUTDOWN SAVE`: every command it answered is in
   * the file), waits `downMs`, and starts it again on the same port with that data: a restart
   * or failover that keeps the data, as persistence would.
   */
  async restartWithData(downMs: number): Promise<void> {
    const child = this.child;
    if (child === undefined) throw new Error("the test Redis is not running");
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await shutdownSave(this.port, this.password);
    await exited;
    this.child = undefined;
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.launch();
  }

  /** Stops the server and deletes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const child = spawn(
      BINARY,
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--dir",
        this.dir,
        ...(this.password === undefined ? [] : ["--requirepass", this.password]),
      ],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    this.child = child;
    let log = "";
    child.stdout?.on("data", (chunk) => {
      log = (log + String(chunk)).slice(-2_000);
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`redis-server on ${this.port} exited at start: ${log.trim()}`);
      }
      // NOAUTH: up, and asking for the password it was given.
      if (/^[+-](PONG|NOAUTH)/.test(await command(this.port, "PING").catch(() => ""))) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * Sends one inline command on a raw socket and resolves with the first reply line (or "" when
 * the server closed the connection without one, as SHUTDOWN does).
 */
export function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${line} on ${port}`));
    }, 5_000);
    socket.on("connect", () => socket.write(`${line}\r\n`));
    socket.on("data", (data) => {
      answer += data.toString();
      if (answer.includes("\r\n")) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer.split("\r\n")[0] ?? "");
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Sends `SHUTDOWN SAVE` (after AUTH with `password`) and resolves when the server hangs up. */
function shutdownSave(port: number, password: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const auth = password === undefined ? "" : `AUTH ${password}\r\n`;
    socket.on("connect", () => socket.write(`${auth}SHUTDOWN SAVE\r\n`));
    socket.on("close", () => resolve());
    socket.on("error", reject);
  });
}
