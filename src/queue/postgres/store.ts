import type { DeadLetter, QueueDepth } from "../driver.js";
import { deadErrorOf, messageOf } from "./codec.js";
import type { PgBoss } from "./connection.js";

/** The two pg-boss queues behind one driver queue. */
export interface QueueNames {
  /** Messages: created (ready or delayed), retry (a lapsed lease) and active (leased) jobs. */
  readonly work: string;
  /** Dead letters, as jobs nobody fetches: `NAME.dead`. */
  readonly dead: string;
}

/** The pg-boss queues of queue `name`. */
export function queueNames(name: string): QueueNames {
  return { work: name, dead: `${name}.dead` };
}

/**
 * Reads pg-boss's job table directly for what its API has no call for: counts by state against
 * the database's clock, the earliest retry time, every held message, dead letters oldest first.
 * Only reads: every change goes through pg-boss's API.
 */
export class JobStore {
  private readonly table: string;

  /** `schema` must have passed the URL's identifier check: it is named in SQL as it is. */
  constructor(
    private readonly boss: PgBoss,
    private readonly schema: string,
    private readonly names: QueueNames,
  ) {
    this.table = `${schema}.job`;
  }

  /** Work jobs by state, and dead letters; `leased` counts every active job. */
  async depth(): Promise<QueueDepth> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT
         count(*) FILTER (WHERE name = $1 AND state < 'active' AND start_after <= ${this.schema}.job_now())::int AS ready,
         count(*) FILTER (WHERE name = $1 AND state < 'active' AND start_after > ${this.schema}.job_now())::int AS delayed,
         count(*) FILTER (WHERE name = $1 AND state = 'active')::int AS leased,
         count(*) FILTER (WHERE name = $2 AND state < 'completed')::int AS dead
       FROM ${this.table} WHERE name IN ($1, $2) AND state < 'completed'`,
      [this.names.work, this.names.dead],
    );
    const row = rows[0] as { ready: number; delayed: number; leased: number; dead: number };
    return { ready: row.ready, delayed: row.delayed, leased: row.leased, deadLettered: row.dead };
  }

  /** Epoch ms of the earliest work job not yet due, by the database's clock. */
  async nextRetryAt(): Promise<number | undefined> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT (extract(epoch FROM min(start_after)) * 1000)::float8 AS at FROM ${this.table}
       WHERE name = $1 AND state < 'active' AND start_after > ${this.schema}.job_now()`,
      [this.names.work],
    );
    const at = (rows[0] as { at: number | null } | undefined)?.at;
    return at === null || at === undefined ? undefined : Math.round(at * 1000) / 1000;
  }

  /** The data of every work job not settled: created, retry and active. */
  async heldData(): Promise<unknown[]> {
    const { rows } = await this.boss
      .getDb()
      .executeSql(`SELECT data FROM ${this.table} WHERE name = $1 AND state <= 'active'`, [
        this.names.work,
      ]);
    return rows.map((row: { data: unknown }) => row.data);
  }

  /** Ids and attempt counts of active work jobs: on resume, the leases of a run that died. */
  async activeJobs(): Promise<{ id: string; retryCount: number }[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id::text AS id, retry_count AS "retryCount" FROM ${this.table}
       WHERE name = $1 AND state = 'active'`,
      [this.names.work],
    );
    return rows as { id: string; retryCount: number }[];
  }

  /** Up to `limit` dead letters, oldest first. */
  async deadLetters(limit: number): Promise<DeadLetter[]> {
    if (!(limit > 0)) return [];
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT data FROM ${this.table} WHERE name = $1 AND state < 'completed'
       ORDER BY created_on, (data->>'o')::float8 LIMIT $2`,
      [this.names.dead, Number.isFinite(limit) ? Math.floor(limit) : null],
    );
    return rows.map((row: { data: unknown }) => ({
      message: messageOf(row.data),
      error: deadErrorOf(row.data),
    }));
  }
}
