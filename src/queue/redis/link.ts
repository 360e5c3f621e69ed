/**
 * A connection to Redis that rides out an outage and then fails the run in one line.
 *
 * node-redis on its own does half of it: commands issued while it reconnects wait in its
 * offline queue, but commands already sent when the connection broke reject with whatever the
 * socket said (ECONNRESET, "Socket closed unexpectedly"), and once its reconnect strategy gives
 * up everything rejects with the raw cause and then with "The client is closed". A
 * {@link RedisLink} sends those commands again once the connection is back, so an outage
 * shorter than the retry window ({@link REDIS_RETRY_WINDOW_MS}) costs only time, and turns
 * every failure after it into one {@link RedisFault} naming the server, never its password.
 */
import { ErrorReply } from "./client-module.js";
import {
  type ConnectRedisOptions,
  connectRedis,
  discard,
  lostLine,
  REDIS_RETRY_WINDOW_MS,
  type RedisConnection,
} from "./connection.js";
import { RedisFault, RedisFaultLatch, stateLostLine } from "./fault.js";
import { parseRedisQueueUrl, type RedisQueueUrl, redactQueueUrl } from "./url.js";

/** What a command may take as arguments. */
export type RedisArgument = string | Buffer;

/** node-redis' per-command options (reply type mapping). */
export type RedisCommandOptions = Parameters<RedisConnection["sendCommand"]>[1];

/** Options of {@link RedisLink.connect}. */
export interface RedisLinkOptions
  extends Pick<ConnectRedisOptions, "connectTimeoutMs" | "retryWindowMs" | "clientName"> {
  /**
   * Shared with the other connections of the same run, so that a fault one of them finds
   * (Redis gone, the run's keys gone) fails all of them with the same error. Default: its own.
   */
  readonly latch?: RedisFaultLatch;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 2_500;
/** Pause before sending again when Redis answers but cannot serve yet (loading its data). */
const BUSY_PAUSE_MS = 50;
/** Longest wait for replies still due when the link closes; then it is cut. */
const CLOSE_GRACE_MS = 1_000;
/**
 * Error replies that mean "not now" rather than "no": a restarted Redis answers LOADING while
 * it reads its data back, a replica being promoted MASTERDOWN or TRYAGAIN.
 */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN)\b/;

/**
 * One Redis connection of a run. {@link send} waits out a lost connection for the retry window
 * and sends again what the break cut off; when the window runs out, or a caller found the
 * run's keys gone ({@link stateLost}), the shared latch trips and every pending and later call
 * of every link on it rejects with that one {@link RedisFault}.
 *
 * A command cut off by the break may have run before it: sending it again is safe for what
 * the queue and the run store send (reads, settles that ignore stale tokens, writes of the
 * same value, scripts that remember their last request), and at worst hands a message out
 * twice, which at-least-once delivery already allows.
 */
export class RedisLink {
  private closed = false;
  /** Calls waiting for the connection to come back. */
  private readonly waiting = new Set<() => void>();

  private constructor(
    private readonly client: RedisConnection,
    /** The server, for messages: never printed with its password. */
    readonly target: RedisQueueUrl,
    /** The run's first fault, shared with its other links. */
    readonly latch: RedisFaultLatch,
    private readonly patienceMs: number,
    private readonly windowMs: number,
  ) {
    // One listener for every waiting call: a listener each would trip Node's leak warning.
    client.on("ready", () => this.wake());
    latch.onTrip(() => this.wake());
  }

  /** True while the connection stands and no fault failed the run. */
  get up(): boolean {
    return this.client.isReady && this.latch.error === undefined && !this.closed;
  }

  /**
   * Connects as {@link connectRedis} does (failing fast, in one line, when Redis is not there
   * now); a connection lost later is retried for the window.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when the connection cannot be made.
   */
  static async connect(
    url: string | RedisQueueUrl,
    options: RedisLinkOptions = {},
  ): Promise<RedisLink> {
    const target = typeof url === "string" ? parseRedisQueueUrl(url) : url;
    const latch = options.latch ?? new RedisFaultLatch();
    const windowMs = options.retryWindowMs ?? REDIS_RETRY_WINDOW_MS;
    const client = await connectRedis(target, {
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.clientName === undefined ? {} : { clientName: options.clientName }),
      retryWindowMs: windowMs,
      onGiveUp: (error) => latch.trip(new RedisFault(error.message, "lost")),
    });
    // A call gives up by itself at this point even if node-redis' attempts never end (each
    // may take up to the connect timeout).
    const patienceMs =
      windowMs + 2 * (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) + 1_000;
    return new RedisLink(client, target, latch, patienceMs, windowMs);
  }

  /**
   * Sends one command. Replies as node-redis gives them; an error reply of Redis (a script's
   * own error, a wrong key type) rejects as that {@link ErrorReply}, for the caller to read.
   * A lost connection is waited out and the command sent again.
   *
   * @throws {RedisFault} once the run's Redis is gone for good or has lost the run's keys, or
   * when the link was closed.
   */
  async send<T>(args: readonly RedisArgument[], options?: RedisCommandOptions): Promise<T> {
    let failingSince: number | undefined;
    for (;;) {
      this.check();
      try {
        return (await this.client.sendCommand(args, options)) as T;
      } catch (error) {
        if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) throw error;
        this.check();
        failingSince ??= Date.now();
        await this.untilBack(failingSince, error);
      }
    }
  }

  /**
   * {@link send} for callers that expect no error reply: one is a {@link RedisFault} naming
   * the server and what it said (out of memory, a read-only replica), never a raw client error.
   */
  async sendCommand(args: readonly RedisArgument[]): Promise<unknown> {
    try {
      return await this.send(args);
    } catch (error) {
      if (!(error instanceof ErrorReply)) throw error;
      throw new RedisFault(refusedLine(this.target, error), "refused");
    }
  }

  /**
   * The run's keys are gone from a Redis that answers: trip the latch with the one line that
   * says so (unless a fault tripped it first) and return the latched fault, for the caller to
   * throw.
   */
  stateLost(): RedisFault {
    return this.latch.trip(new RedisFault(stateLostLine(this.target), "state-lost"));
  }

  /**
   * Disconnects: waits a moment for replies still due while the connection stands, else cuts
   * it at once, so that closing never waits for a Redis that is gone. Calls still waiting
   * reject. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    if (this.latch.error !== undefined || !this.client.isReady) {
      discard(this.client);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    await Promise.race([this.client.close().catch(() => {}), grace]);
    clearTimeout(timer);
    discard(this.client);
  }

  /** Throws what every call throws now: the run's fault, or that the link is closed. */
  private check(): void {
    const fault = this.latch.error;
    if (fault !== undefined) throw fault;
    if (this.closed) {
      throw new RedisFault(`the connection to Redis at ${this.target.target} was closed`, "closed");
    }
  }

  /**
   * Resolves when the connection is back (at once if it never went: a busy reply), when the
   * run failed, or when the link closed. A call failing for longer than node-redis could
   * possibly keep retrying trips the latch itself, so no call waits for ever.
   */
  private untilBack(since: number, cause: unknown): Promise<void> {
    const giveUpAt = since + this.patienceMs;
    if (Date.now() >= giveUpAt) {
      throw this.latch.trip(new RedisFault(lostLine(this.target, cause, this.windowMs), "lost"));
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const pause = this.client.isReady ? BUSY_PAUSE_MS : giveUpAt - Date.now();
      const timer = setTimeout(done, pause);
      this.waiting.add(done);
    });
  }

  private wake(): void {
    for (const done of [...this.waiting]) done();
  }
}

/** `Redis at HOST:PORT refused a command: OOM command not allowed ...`, password hidden. */
function refusedLine(target: RedisQueueUrl, error: ErrorReply): string {
  const said = redactQueueUrl(error.message.split("\n")[0] ?? "");
  return `Redis at ${target.target} refused a command: ${said}`;
}
