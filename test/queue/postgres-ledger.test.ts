import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { PostgresRunLedger } from "../../src/queue/postgres/run-ledger.js";
import { parsePostgresQueueUrl } from "../../src/queue/postgres/url.js";
import { POSTGRES_URL, postgresAvailable, queueUrl } from "../support/postgres.js";

describe.skipIf(!postgresAvailable)("the run ledger of a PostgreSQL queue", () => {
  it("opens from several runs at once on a schema that has none yet", async () => {
    // Two runs creating the tables at once once failed on PostgreSQL's catalog in CI.
    const schema = `swarm_stress_ledger_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const urls = [0, 1, 2, 3, 4, 5].map((n) =>
        parsePostgresQueueUrl(queueUrl(`swarm-stress-test.ledger-${n}`, `&schema=${schema}`)),
      );
      const opened = await Promise.allSettled(urls.map((url) => PostgresRunLedger.open(url)));
      const ledgers = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
      try {
        expect(opened.filter((o) => o.status === "rejected")).toEqual([]);
        await Promise.all(ledgers.map((ledger, n) => ledger.begin(`{"n":${n}}`)));
        expect((await ledgers[3]?.saved())?.config).toBe('{"n":3}');
      } finally {
        await Promise.all(ledgers.map((ledger) => ledger.close()));
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }, 30_000);
});
