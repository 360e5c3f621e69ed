import type * as PgBossModule from "pg-boss";
import { ConfigError, RuntimeError } from "../../errors.js";
import { firstLine } from "../../util/first-line.js";
import { redactQueueUrl } from "../url-redaction.js";
import { SessionPool } from "./session-pool.js";
import type { PostgresQueueUrl } from "./url.js";

/** The pg-boss instance class, as the package exports it. */
export type PgBoss = PgBossModule.PgBoss;

/** Longest wait for PostgreSQL to accept a connection: a run fails within 5 s. */
export const CONNECT_TIMEOUT_MS = 4_000;

/** Connections the driver's pool keeps: its calls are few and short, one at a time mostly. */
const POOL_SIZE = 4;

/** The least step of PostgreSQL's timestamps, ms. */
const MICROSECOND_MS = 0.001;

/** A started pg-boss instance, and the clock it was started with. */
export interface PostgresConnection {
  readonly boss: PgBoss;
  /**
   * Brings PostgreSQL's clock (pg-boss's `job_now()`) to the driver's before a call; does
   * nothing on the system clock, which both sides read already. `fresh`: the call inserts, so
   * the database's time must move on by at least a microsecond, as real time does between
   * statements: pg-boss orders one priority by insert time alone.
   */
  readonly sync: (fresh?: boolean) => Promise<void>;
  /**
   * Stops pg-boss (`graceful`: letting calls under way finish, up to 2 s), then closes the
   * connections. Never rejects.
   */
  readonly close: (graceful?: boolean) => Promise<void>;
}

/**
 * Starts pg-boss on the URL's database, loading it on first use (never at start-up). pg-boss
 * installs or migrates its schema; its own timers are off (no supervision, no schedules, no
 * instance registry): the driver keeps leases and retry times itself, on its clock.
 *
 * When `now` is given (tests drive a manual clock), the driver's time is pushed into PostgreSQL
 * through pg-boss's clock override (`TestClock`), so that retry times and the order of hand-out
 * the database decides on agree with the driver's clock. The override is a table and a function
 * in the schema, read only by the sessions of that pg-boss instance: one such driver per schema
 * at a time, since the next one to start takes the table over and the first to stop removes it.
 *
 * @throws {RuntimeError} in one line naming PostgreSQL and the cause: unreachable, no answer
 * within {@link CONNECT_TIMEOUT_MS}, wrong user or password, no such database, no permission to
 * create pg-boss's schema.
 */
export async function connectPostgres(
  url: PostgresQueueUrl,
  now: (() => number) | undefined,
): Promise<PostgresConnection> {
  const [{ PgBoss, TestClock }, { default: pg }] = await Promise.all([
    import("pg-boss"),
    import("pg"),
  ]);
  const clock = now === undefined ? undefined : new TestClock(now());
  // pg-boss's statements run on a pool of the driver's (see SessionPool), which pg-boss neither
  // opens nor closes: `close` does.
  const pool = new SessionPool(pg.Pool, {
    host: url.host,
    port: url.port,
    database: url.database,
    user: url.username,
    ...(url.password === "" ? {} : { password: url.password }),
    application_name: "swarm-stress",
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  const boss = new PgBoss({
    db: pool,
    schema: url.schema,
    supervise: false,
    schedule: false,
    migrate: true,
    registerInstance: false,
    ...(clock === undefined ? {} : { clock }),
  });
  const close = async (graceful = false): Promise<void> => {
    await boss.stop({ graceful, close: true, timeout: 2_000 }).catch(() => {});
    await pool.end().catch(() => {});
  };
  // Failures reach the calls that fail; without a listener an 'error' event would end the
  // process.
  boss.on("error", () => {});
  // pg-boss may try a silent server more than once: the whole start is bounded, so a run
  // fails within 5 s. Installing pg-boss's schema takes well under a second.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), CONNECT_TIMEOUT_MS + 250);
  });
  try {
    await Promise.race([boss.start(), timedOut]);
  } catch (error) {
    close().catch(() => {});
    throw error instanceof TimeoutError
      ? new RuntimeError(
          `PostgreSQL at ${url.target} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`,
        )
      : postgresError(error, url);
  } finally {
    clearTimeout(timer);
  }
  if (clock === undefined || now === undefined) return { boss, sync: async () => {}, close };
  let syncing: Promise<void> = Promise.resolve();
  const sync = (fresh = false): Promise<void> => {
    // One move at a time: pg-boss's clock refuses a second while one is under way.
    // A move that failed fails its own call only; the next one tries again.
    syncing = syncing
      .catch(() => {})
      .then(async () => {
        const pushed = clock.now();
        const time = Math.max(now(), fresh ? pushed + MICROSECOND_MS : pushed);
        if (time !== pushed) await clock.setTime(time);
      });
    return syncing;
  };
  return { boss, sync, close };
}

class TimeoutError extends Error {}

/**
 * An error from PostgreSQL or pg-boss as one line naming PostgreSQL, the server and the cause;
 * never the password. Errors of this driver's own making pass through.
 */
export function postgresError(error: unknown, url: PostgresQueueUrl): Error {
  if (error instanceof RuntimeError || error instanceof ConfigError) return error;
  const at = `PostgreSQL at ${url.target}`;
  const code = codeOf(error);
  const text = scrub(firstLine(error), url);
  if (code === "ECONNREFUSED") return new RuntimeError(`cannot reach ${at}: connection refused`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new RuntimeError(`cannot reach ${at}: unknown host`);
  }
  if (code === "ETIMEDOUT" || /timeout/i.test(text)) {
    return new RuntimeError(`${at} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`);
  }
  if (code === "28P01" || /password authentication failed|no password was provided/i.test(text)) {
    return new RuntimeError(
      `${at} refused the login of user "${url.username}": wrong user name or password`,
    );
  }
  if (code === "3D000") {
    return new RuntimeError(`${at}: database "${url.database}" does not exist`);
  }
  if (code === "42501") {
    return new RuntimeError(
      `${at}: ${text} (user "${url.username}" needs to create schema "${url.schema}" and use its tables)`,
    );
  }
  if (code === "ECONNRESET" || /Connection terminated|connection closed/i.test(text)) {
    return new RuntimeError(`lost ${at}: the connection closed`);
  }
  return new RuntimeError(`${at}: ${text}`);
}

/** The code of a `pg` error: SQLSTATE from the server, or the socket's errno name. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Several addresses tried (localhost as ::1 and 127.0.0.1): the first one's reason.
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) ? codeOf(errors[0]) : undefined;
}

/** `text` with the password nowhere in it, whatever the server or the client echoed. */
function scrub(text: string, url: PostgresQueueUrl): string {
  const redacted = redactQueueUrl(text);
  return url.password.length >= 3 ? redacted.split(url.password).join("***") : redacted;
}
