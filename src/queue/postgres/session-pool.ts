import type pg from "pg";
import type { Db } from "pg-boss";

/** Longest wait for a ROLLBACK, ms. */
const ROLLBACK_MS = 5_000;

/** A transaction pg-boss's calls can run in (`{ db: tx.db }`), and how it ends. */
export type PgTransaction = Awaited<ReturnType<NonNullable<Db["beginTransaction"]>>>;

/**
 * The connection pool pg-boss runs its statements on, in place of its own: the same node-postgres
 * pool, with pg-boss's per-session setup (the clock override a `TestClock` needs) run on each new
 * connection before the pool hands it out. pg-boss's own pool queues that setup on the connection
 * from its `connect` event and the caller's statement behind it, two statements at once on one
 * client, which pg 8 warns of and pg 9 refuses; node-postgres's `onConnect` hook is awaited.
 */
export class SessionPool implements Db {
  private readonly pool: pg.Pool;
  private sessionStatements: readonly string[] = [];

  constructor(Pool: typeof pg.Pool, config: pg.PoolConfig) {
    this.pool = new Pool({
      ...config,
      onConnect: async (client) => {
        for (const statement of this.sessionStatements) await client.query(statement);
      },
    });
    // An idle connection that breaks emits here; the next call on it fails and says why.
    this.pool.on("error", () => {});
  }

  /**
   * pg-boss names what every session must have run, before it opens any (its start) or to clear
   * it (its stop). A set that arrives with connections open is run on each of them too.
   */
  async setSessionStatements(statements: string[]): Promise<void> {
    this.sessionStatements = statements;
    if (statements.length === 0 || this.pool.totalCount === 0) return;
    const clients = await Promise.all(
      Array.from({ length: this.pool.totalCount }, () => this.pool.connect()),
    );
    try {
      await Promise.all(
        clients.map(async (client) => {
          for (const statement of statements) await client.query(statement);
        }),
      );
    } finally {
      for (const client of clients) client.release();
    }
  }

  async executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    return this.pool.query(text, values);
  }

  /**
   * A transaction on one connection of its own. Its statements run one at a time, as their
   * caller awaits each; a connection left in doubt (a failed COMMIT or ROLLBACK) is closed, not
   * handed out again.
   */
  async beginTransaction(): Promise<PgTransaction> {
    const client = await this.pool.connect();
    let released = false;
    const release = (error?: Error): void => {
      if (released) return;
      released = true;
      client.release(error);
    };
    try {
      await client.query("BEGIN");
    } catch (error) {
      release(error as Error);
      throw error;
    }
    const settled = (): Promise<never> =>
      Promise.reject(new Error("transaction is already settled"));
    return {
      db: {
        executeSql: (text: string, values?: unknown[]) =>
          released ? settled() : client.query(text, values),
      },
      commit: async () => {
        if (released) return settled();
        try {
          await client.query("COMMIT");
          release();
        } catch (error) {
          release(error as Error);
          throw error;
        }
      },
      // Bounded: a ROLLBACK that cannot get through drops the connection instead, which ends the
      // transaction on the server too.
      rollback: async () => {
        if (released) return;
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("ROLLBACK did not complete")), ROLLBACK_MS);
        });
        try {
          await Promise.race([client.query("ROLLBACK"), deadline]);
          release();
        } catch (error) {
          release(error as Error);
        } finally {
          clearTimeout(timer);
        }
      },
    };
  }

  /** Closes every connection, once pg-boss has stopped. */
  async end(): Promise<void> {
    if (!this.pool.ending) await this.pool.end();
  }
}
