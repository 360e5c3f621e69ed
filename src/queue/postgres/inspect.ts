import { ConfigError } from "../../errors.js";
import { WHOLE_MESSAGE_FIELDS } from "../message-codec.js";
import type { PriorityDepth, QueueInspection } from "../sqlite/inspect.js";
import { deadErrorOf, messageOf } from "./codec.js";
import { connectPostgres, postgresError } from "./connection.js";
import { JobStore, queueNames } from "./store.js";
import { type PostgresQueueUrl, parsePostgresQueueUrl } from "./url.js";

/** Options of {@link inspectPostgresQueue}. */
export interface PostgresInspectOptions {
  /** How many of the oldest dead letters to include. Default 20. */
  readonly deadLetterSample?: number;
  /** How many distinct errors to count, most frequent first. Default 20. */
  readonly errorKinds?: number;
}

/** Where `acceptedAt` sits in a stored message: the last field of a whole message. */
const ACCEPTED_AT = WHOLE_MESSAGE_FIELDS - 1;

/**
 * What `queue inspect` shows for a PostgreSQL queue, in the queue file's terms: depth by state
 * and priority on the database's clock, the oldest message's age, and the dead letters with
 * their errors. Only reads. Leases are timed by the run that holds them, not in the database,
 * so `expiredLeases` is always 0 (a lapsed lease counts as leased until that run fails it back,
 * or a run that resumes does), and a retry that came due counts as ready (`dueRetries` 0).
 *
 * @throws {ConfigError} for a bad URL or a queue that does not exist.
 * @throws {RuntimeError} when PostgreSQL cannot be reached or refuses.
 */
export async function inspectPostgresQueue(
  url: string | PostgresQueueUrl,
  options: PostgresInspectOptions = {},
): Promise<QueueInspection> {
  const parsed = typeof url === "string" ? parsePostgresQueueUrl(url) : url;
  const { boss, close } = await connectPostgres(parsed, undefined);
  try {
    const names = queueNames(parsed.queue);
    if ((await boss.getQueue(names.work)) === null) {
      throw new ConfigError(`no queue ${parsed.queue} at ${parsed.display}`);
    }
    const store = new JobStore(boss, parsed.schema, names);
    const sql = async <T>(text: string, values: unknown[]): Promise<T[]> =>
      (await boss.getDb().executeSql(text, values)).rows as T[];
    const table = `${parsed.schema}.job`;
    const now = `${parsed.schema}.job_now()`;
    const byPriority = await sql<PriorityDepth>(
      `SELECT priority,
         count(*) FILTER (WHERE state < 'active' AND start_after <= ${now})::int AS ready,
         count(*) FILTER (WHERE state < 'active' AND start_after > ${now})::int AS delayed,
         count(*) FILTER (WHERE state = 'active')::int AS leased
       FROM ${table} WHERE name = $1 AND state <= 'active'
       GROUP BY priority ORDER BY priority DESC`,
      [names.work],
    );
    const [oldest] = await sql<{ at: number | null }>(
      `SELECT min((data->'m'->>${ACCEPTED_AT})::float8) AS at FROM ${table}
       WHERE name = $1 AND state <= 'active'`,
      [names.work],
    );
    const byError = await sql<{ error: string; count: number }>(
      `SELECT coalesce(data->>'e', '') AS error, count(*)::int AS count FROM ${table}
       WHERE name = $1 AND state < 'completed' GROUP BY 1 ORDER BY 2 DESC, 1
       LIMIT $2`,
      [names.dead, Math.max(0, Math.floor(options.errorKinds ?? 20))],
    );
    const first = await sql<{ data: unknown; at: number }>(
      `SELECT data, (extract(epoch FROM created_on) * 1000)::float8 AS at FROM ${table}
       WHERE name = $1 AND state < 'completed'
       ORDER BY created_on, (data->>'o')::float8 LIMIT $2`,
      [names.dead, Math.max(0, Math.floor(options.deadLetterSample ?? 20))],
    );
    const depth = await store.depth();
    const acceptedAt = oldest?.at ?? null;
    return {
      path: parsed.display,
      schemaVersion: (await boss.schemaVersion()) ?? 0,
      depth,
      expiredLeases: 0,
      dueRetries: 0,
      byPriority,
      oldestAgeMs: acceptedAt === null ? undefined : Date.now() - acceptedAt,
      nextRetryAt: await store.nextRetryAt(),
      deadLetters: {
        total: depth.deadLettered,
        kept: depth.deadLettered,
        byError,
        first: first.map((row) => ({
          message: messageOf(row.data),
          error: deadErrorOf(row.data),
          deadAt: Math.round(row.at),
        })),
      },
    };
  } catch (error) {
    throw postgresError(error, parsed);
  } finally {
    await close();
  }
}
