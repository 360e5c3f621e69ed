import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NatsQueue } from "../../src/queue/nats/nats.js";
import type { RunResult } from "../../src/result/result.js";
import { requireBuiltCli, sleep } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";
import { FAILURE_RUN } from "../support/journalled-run.js";
import {
  closedPort,
  freshNatsStream,
  NATS_SERVER,
  NATS_TEST_PASSWORD,
  NATS_URL,
  natsAvailable,
  natsStreamUrl,
  startNatsServer,
} from "../support/nats.js";

let dir: string;
const made: string[] = [];

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-nats-cli-"));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (natsAvailable) for (const stream of made) await NatsQueue.purge(NATS_URL, stream);
});

function freshUrl(label: string): string {
  const stream = freshNatsStream(label);
  made.push(stream);
  return natsStreamUrl(stream);
}

/**
 * Wait until `file` holds at least `lines` lines (a run's record: that many outcomes), the run
 * has `ended()`, or 20 s passed.
 */
async function untilRecorded(file: string, lines: number, ended: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  const count = () =>
    existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
  while (count() < lines && !ended() && Date.now() < deadline) await sleep(20);
}

/**
 * The suites wait on the broker and on child processes, not on the CPU, each on queues of its
 * own: they run at once. Tests of one suite that build on each other run in turn.
 */
const CONCURRENT = { concurrent: true };

describe.skipIf(!natsAvailable)("a run on a NATS JetStream queue", CONCURRENT, () => {
  it("balances its audit with failures, retries and dead letters; a rerun is refused until purged", async () => {
    const url = freshUrl("fail");
    const args = ["run", "--queue", url, ...FAILURE_RUN, "--seed", "3", "--json"];
    const run = await cli(args, dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as RunResult;
    const { totals } = result;
    expect(result.config.queue).toBe(url);
    expect(totals.retried).toBeGreaterThan(0);
    expect(totals.deadLettered).toBeGreaterThan(0);
    expect(totals.delivered + totals.deadLettered + totals.pending + (totals.dropped ?? 0)).toBe(
      totals.generated,
    );
    expect(totals.pending).toBe(0);
    expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });

    const again = await cli(args, dir);
    expect(again.status).toBe(2);
    expect(again.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^swarm-stress: NATS stream \\S+ at 127.0.0.1:4222 holds ${totals.deadLettered} dead letter\\(s\\) from an earlier run`,
        ),
      ),
    ]);
    const purged = await cli(["queue", "purge", url, "--json"], dir);
    expect(purged.status).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ deletedStreams: 3 });
    expect((await cli([...args, "--messages-per-agent", "2"], dir)).status).toBe(0);
  }, 60_000);
});

describe("a NATS queue that cannot be reached", CONCURRENT, () => {
  it("ends in one line naming NATS and the cause, exit 3, within 5 s, no password shown", async () => {
    const port = await closedPort();
    const started = Date.now();
    const run = await cli(
      ["run", "--queue", `nats://agent:s3cret-pw@127.0.0.1:${port}?stream=x`, "--no-progress"],
      dir,
    );
    // The 5 s is the driver's, held to it in the driver's own tests; here, with the other test
    // files competing for the CPU at a higher priority and this file's runs sharing the
    // process, the whole command only must not hang.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      `swarm-stress: cannot connect to NATS at 127.0.0.1:${port}: connection refused\n`,
    );
    expect(run.stdout).not.toContain("s3cret");
  });

  it.skipIf(NATS_SERVER === undefined)(
    "refuses a wrong password the same way, exit 3; the right one is never shown or saved",
    async () => {
      const server = await startNatsServer(true);
      try {
        await server.ready;
        const run = await cli(
          ["run", "--queue", `nats://swarm:wrong-pw@127.0.0.1:${server.port}`, "--no-progress"],
          dir,
        );
        expect(run.status).toBe(3);
        expect(run.stderr).toBe(
          `swarm-stress: cannot connect to NATS at 127.0.0.1:${server.port}: the server refused the user name or password (Authorization Violation)\n`,
        );
        expect(run.stdout + run.stderr).not.toContain("wrong-pw");

        // The right one works, and appears nowhere: not on the terminal, not in the result.
        const out = join(dir, "with-password.json");
        const url = `nats://swarm:${NATS_TEST_PASSWORD}@127.0.0.1:${server.port}?stream=pw`;
        const good = await cli(
          ["run", "--queue", url, "--messages-per-agent", "2", "--json", "--out", out],
          dir,
        );
        expect(good.status).toBe(0);
        const saved = readFileSync(out, "utf8");
        for (const text of [good.stdout, good.stderr, saved]) {
          expect(text).not.toContain(NATS_TEST_PASSWORD);
        }
        expect((JSON.parse(saved) as RunResult).config.queue).toBe(
          `nats://swarm:***@127.0.0.1:${server.port}?stream=pw`,
        );
      } finally {
        await server.stop();
      }
    },
  );

  it.skipIf(NATS_SERVER === undefined)(
    "ends a run whose NATS goes away in one line, exit 3, the partial result saved",
    async () => {
      const server = await startNatsServer();
      try {
        await server.ready;
        const out = join(dir, "gone.json");
        const record = join(dir, "gone.ndjson");
        // In this process: how the run ends is its own doing, not the process's.
        let ended = false;
        const run = cli(
          [
            ...["run", "--queue", `nats://127.0.0.1:${server.port}?stream=gone`, "--out", out],
            ...["--agents", "3", "--messages-per-agent", "1000", "--interval", "20ms"],
            ...["--record", record, "--no-progress"],
          ],
          dir,
        ).finally(() => {
          ended = true;
        });
        // Gone once the run is under way (deliveries recorded), however slowly it started.
        await untilRecorded(record, 20, () => ended);
        await server.stop();
        const { status, stderr } = await run;
        expect(status).toBe(3);
        const line = `lost NATS at 127.0.0.1:${server.port}: connection refused (reconnects failed for 5 s)`;
        const own = stderr.split("\n").filter((l) => l.startsWith("swarm-stress:"));
        expect(own).toEqual([`swarm-stress: ${line}`]);
        expect(stderr).toContain(`result saved to ${out}`);
        const result = JSON.parse(readFileSync(out, "utf8")) as RunResult;
        expect(result.fault?.reason).toBe(line);
        expect(result.totals.delivered).toBeGreaterThan(0);
        expect(result.audit.lost).toBe(0);
      } finally {
        await server.stop();
      }
    },
    30_000,
  );
});
