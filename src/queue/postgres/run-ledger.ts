import type { SettledRecord } from "../../model/settled-record.js";
import { encodeOutcomes, firstOutcomes, type RunLedger, type SavedRun } from "../ledger.js";
import { connectPostgres, type PostgresConnection, postgresError } from "./connection.js";
import type { PostgresQueueUrl } from "./url.js";

/**
 * The run ledger of a pg-boss queue, in two tables of pg-boss's schema, one row per queue name
 * in the first: `swarm_stress_run` (queue, config) and `swarm_stress_run_outcome` (queue, seq,
 * the outcome as JSON; the first kept for a seq stays). Each write is a committed statement,
 * as durable as the server's `synchronous_commit` (on by default; `off` may lose the last
 * fraction of a second of commits to a crash of PostgreSQL itself).
 */
export class PostgresRunLedger implements RunLedger {
  private constructor(
    private readonly connection: PostgresConnection,
    private readonly url: PostgresQueueUrl,
    readonly describe: string,
  ) {}

  /** @throws {RuntimeError} when PostgreSQL cannot be reached. */
  static async open(url: PostgresQueueUrl): Promise<PostgresRunLedger> {
    const ledger = new PostgresRunLedger(
      await connectPostgres(url, undefined),
      url,
      `PostgreSQL queue ${url.queue} at ${url.target}`,
    );
    try {
      // Two runs opening their first ledger at once would both create the tables, and one
      // would fail on PostgreSQL's catalog ("duplicate key ... pg_type_typname_nsp_index"):
      // the statements run as one transaction that first takes a lock of the schema's own.
      await ledger.sql(
        `SELECT pg_advisory_xact_lock(hashtext('swarm-stress run ledger ' || current_database() || '.${url.schema}'));
         CREATE TABLE IF NOT EXISTS ${ledger.runs} (queue text PRIMARY KEY, config text NOT NULL);
         CREATE TABLE IF NOT EXISTS ${ledger.outcomes} (
           queue text NOT NULL, seq bigint NOT NULL, record text NOT NULL, PRIMARY KEY (queue, seq))`,
      );
    } catch (error) {
      await ledger.close();
      throw error;
    }
    return ledger;
  }

  async begin(config: string): Promise<void> {
    await this.sql(
      `WITH gone AS (DELETE FROM ${this.outcomes} WHERE queue = $1)
       INSERT INTO ${this.runs} (queue, config) VALUES ($1, $2)
       ON CONFLICT (queue) DO UPDATE SET config = excluded.config`,
      [this.url.queue, config],
    );
  }

  async saved(): Promise<SavedRun | undefined> {
    const [run] = await this.sql(`SELECT config FROM ${this.runs} WHERE queue = $1`, [
      this.url.queue,
    ]);
    if (run === undefined) return undefined;
    const rows = await this.sql(
      `SELECT record FROM ${this.outcomes} WHERE queue = $1 ORDER BY seq`,
      [this.url.queue],
    );
    return {
      config: String(run.config),
      outcomes: firstOutcomes(rows.map((row) => `[${String(row.record)}]`)),
    };
  }

  async record(records: readonly SettledRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.sql(
      `INSERT INTO ${this.outcomes} (queue, seq, record)
       SELECT $1, (r->>'seq')::bigint, r::text FROM json_array_elements($2::json) AS r
       ON CONFLICT (queue, seq) DO NOTHING`,
      [this.url.queue, encodeOutcomes(records)],
    );
  }

  async forget(): Promise<void> {
    await this.sql(
      `WITH gone AS (DELETE FROM ${this.outcomes} WHERE queue = $1)
       DELETE FROM ${this.runs} WHERE queue = $1`,
      [this.url.queue],
    );
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private get runs(): string {
    return `${this.url.schema}.swarm_stress_run`;
  }

  private get outcomes(): string {
    return `${this.url.schema}.swarm_stress_run_outcome`;
  }

  private async sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]> {
    try {
      const result = await this.connection.boss.getDb().executeSql(text, values);
      return result.rows as Record<string, unknown>[];
    } catch (error) {
      throw postgresError(error, this.url);
    }
  }
}
