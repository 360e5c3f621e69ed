import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresQueue } from "../../src/queue/postgres/postgres.js";
import type { RunResult } from "../../src/result/result.js";
import { cli, oneLine, QUICK_PAUSES } from "../support/cli-in-process.js";
import {
  balancedFailureRun,
  expectCtrlCKeepsPending,
  FAILURE_RUN,
} from "../support/journalled-run.js";
import { freshQueueName, postgresAvailable, queueUrl } from "../support/postgres.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-postgres-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The suites wait on the broker and on child processes, not on the CPU, each on queues of its
 * own: they run at once (after the quick refusals). Tests of one suite that build on each
 * other run in turn.
 */
const CONCURRENT = { concurrent: true };

// First and one at a time: their bounds on time would count the runs below sharing this process.
describe("swarm-stress run on PostgreSQL that cannot be used", () => {
  it("says in one line, exit 3 within 5 s, that nothing listens; never the password", async () => {
    const args = [
      "run",
      "--queue",
      "postgres://root:s3cret-pw@127.0.0.1:1/test?queue=x",
      "--no-progress",
    ];
    // Once untimed: the first call in this process loads (and vitest transforms) what a run
    // loads, seconds on a busy machine, which the bound below is not about.
    await cli(args, dir);
    const started = Date.now();
    const outcome = await cli(args, dir);
    // The 5 s is the driver's, held to it in the driver's own tests; here, with the other test
    // files competing for the CPU at a higher priority, the whole command only must not hang.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(outcome.status).toBe(3);
    expect(oneLine(outcome.stderr)).toBe(
      "swarm-stress: cannot reach PostgreSQL at 127.0.0.1:1: connection refused",
    );
    expect(outcome.stdout + outcome.stderr).not.toContain("s3cret");
  });

  it.skipIf(!postgresAvailable)(
    "says in one line, exit 3, that the database is missing",
    async () => {
      const url = queueUrl(freshQueueName("cli")).replace(/\/test\?/, "/no_such_db_here?");
      const outcome = await cli(["run", "--queue", url.replace("root@", "root:s3cret-pw@")], dir);
      expect(outcome.status).toBe(3);
      expect(oneLine(outcome.stderr)).toMatch(
        /^swarm-stress: PostgreSQL at .*: database "no_such_db_here" does not exist$/,
      );
      expect(outcome.stdout + outcome.stderr).not.toContain("s3cret");
    },
  );

  it("refuses a malformed URL in one line, exit 2, the password hidden", async () => {
    const outcome = await cli(["run", "--queue", "postgres://root:s3cret-pw@h:99999/test"], dir);
    expect(outcome.status).toBe(2);
    expect(oneLine(outcome.stderr)).toMatch(/postgres:\/\/root:\*\*\*@h:99999\/test: bad port/);
    expect(outcome.stdout + outcome.stderr).not.toContain("s3cret");
  });
});

// Apart from the suite below, whose tests build on each other: it runs beside them.
describe.skipIf(!postgresAvailable)(
  "swarm-stress run --queue postgres:// (default run)",
  CONCURRENT,
  () => {
    it("accounts for every message of the default run: audit balanced, nothing left", async () => {
      const own = queueUrl(freshQueueName("default"));
      try {
        const outcome = await cli(["run", "--queue", own, ...QUICK_PAUSES, "--json"], dir);
        expect(outcome.status, outcome.stderr).toBe(0);
        const result = JSON.parse(outcome.stdout) as RunResult;
        expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
        expect(result.totals.delivered).toBe(result.totals.generated);
        expect(result.totals.pending).toBe(0);
      } finally {
        expect(await PostgresQueue.purge(own)).toBe(0);
        await cli(["queue", "purge", own], dir); // the run ledger's rows
      }
    }, 60_000);
  },
);

describe.skipIf(!postgresAvailable)("swarm-stress run --queue postgres://", CONCURRENT, () => {
  const queue = freshQueueName("cli");
  const url = queueUrl(queue);
  afterAll(async () => {
    await cli(["queue", "purge", url], dir); // the queues and the run ledger rows
  });

  it.sequential("accounts for every message of a failure run: retries and dead letters, audit balanced", async () => {
    const result = balancedFailureRun(
      await cli(["run", ...FAILURE_RUN, "--queue", url, "--json"], dir),
    );
    expect(result.config.queue).toBe(url);
  }, 60_000);

  it.sequential("shows the dead letters that run left in queue inspect", async () => {
    const inspected = await cli(["queue", "inspect", url, "--json"], dir);
    expect(inspected.status, inspected.stderr).toBe(0);
    const inspection = JSON.parse(inspected.stdout);
    expect(inspection.depth).toMatchObject({ ready: 0, delayed: 0, leased: 0 });
    expect(inspection.depth.deadLettered).toBeGreaterThan(0);
    expect(inspection.deadLetters.byError[0].error).toMatch(/simulated failure/);
    const text = await cli(["queue", "inspect", url], dir);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Queue postgres:\/\/root@.*\n/);
    expect(text.stdout).toMatch(/dead-lettered +\d+/);
  });

  it.sequential("refuses to inspect a queue that does not exist, in one line, exit 2", async () => {
    const missing = queueUrl(freshQueueName("missing"));
    const outcome = await cli(["queue", "inspect", missing], dir);
    expect(outcome.status).toBe(2);
    expect(oneLine(outcome.stderr)).toMatch(/^swarm-stress: no queue swarm-stress-test\.missing\./);
  });

  it.sequential("refuses the dead letters that run left until the queue is purged", async () => {
    const again = await cli(["run", ...FAILURE_RUN, "--queue", url], dir);
    expect(again.status).toBe(2);
    expect(oneLine(again.stderr)).toMatch(
      /holds \d+ dead letter\(s\) from an earlier run: purge it/,
    );
    const purged = await cli(["queue", "purge", url, "--json"], dir);
    expect(purged.status, purged.stderr).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ queue });
    expect(JSON.parse(purged.stdout).deletedMessages).toBeGreaterThan(0);
    // With a password this time, printed as text and saved: it shows in neither.
    const out = join(dir, "again.json");
    const withPassword = url.replace("root@", "root:s3cret-pw@");
    const fresh = await cli(["run", ...FAILURE_RUN, "--queue", withPassword, "-o", out], dir);
    expect(fresh.status, fresh.stderr).toBe(0);
    const saved = readFileSync(out, "utf8");
    expect((JSON.parse(saved) as RunResult).audit.balanced).toBe(true);
    for (const text of [saved, fresh.stdout, fresh.stderr]) expect(text).not.toContain("s3cret");
  }, 60_000);
});

describe.skipIf(!postgresAvailable)("a run on PostgreSQL stopped with Ctrl-C", CONCURRENT, () => {
  const url = queueUrl(freshQueueName("sigint"));
  afterAll(async () => {
    await cli(["queue", "purge", url], dir); // the run ledger, and what a failed test left
  });

  it("saves a balanced partial result whose pending messages are what PostgreSQL keeps", async () => {
    await expectCtrlCKeepsPending(url, dir, PostgresQueue.purge);
  }, 60_000);
});
