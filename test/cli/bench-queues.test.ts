import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SideBySideSummary } from "../../src/compare/side-by-side.js";
import type { RunResult } from "../../src/result/result.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { cli, expectRefused } from "../support/cli-in-process.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";
import { freePort, PrivateRedis, redisServerInstalled } from "../support/redis-server.js";

let cwd: string;

beforeAll(() => {
  requireBuiltCli();
  cwd = mkdtempSync(join(tmpdir(), "swarm-stress-bench-queues-"));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function freshDir(): string {
  return mkdtempSync(join(cwd, "run-"));
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** The table's body rows: lines that start with one of `labels`. */
function tableRows(stdout: string, labels: readonly string[]): string[] {
  return stdout
    .split("\n")
    .filter((line) => labels.some((label) => line.startsWith(`  ${label} `)));
}

if (!redisAvailable)
  console.warn("\n!!! bench --queue: SKIPPING the Redis comparison (no Redis)\n");

describe("swarm-stress bench --queue", () => {
  it("runs one row on each queue, interleaved and repeated, and prints one row per queue", async () => {
    const dir = freshDir();
    const out = join(dir, "out");
    const html = join(dir, "page.html");
    const queues = [
      "memory",
      "sqlite:q.db",
      ...(redisAvailable ? [streamUrl(freshStream("b"))] : []),
    ];
    const args = ["bench", "--only", "small", "--repeat", "2", "--out", out, "--html", html];
    const { status, stdout, stderr } = await cli(
      [...args, ...queues.flatMap((queue) => ["--queue", queue])],
      dir,
    );
    expect(status, stderr).toBe(0);
    const rows = tableRows(stdout, queues);
    expect(rows).toHaveLength(queues.length);
    for (const row of rows) expect(row).toMatch(/\s2\s.*\sbalanced\s+0\s+0$/);
    expect(stdout).toContain("workload small · core mock · seed 1 · 2 rounds");
    // Round 2 starts with the second queue: the order turns by one each round.
    const done = [...stderr.matchAll(/^bench: (\S+) round (\d) done/gm)].map(
      (m) => `${m[1]}@${m[2]}`,
    );
    expect(done[0]).toBe("memory@1");
    expect(done[queues.length]).toBe("sqlite:q.db@2");
    expect(done).toHaveLength(queues.length * 2);

    const summary = readJson<SideBySideSummary>(join(out, "summary.json"));
    expect(summary.schema).toBe("swarm-stress/bench-queues@1");
    expect(summary.queues.map((queue) => queue.label)).toEqual(queues);
    expect(summary.queues.every((queue) => queue.auditBalanced && queue.runs === 2)).toBe(true);
    expect(summary.order[1]?.[0]).toBe(1);
    const files = readdirSync(out).sort();
    expect(files).toContain("q1-memory-round2.json");
    expect(files).toContain("q2-sqlite-round1.json");
    expect(files).toContain("comparison.html");
    const result = readJson<RunResult>(join(out, "q2-sqlite-round1.json"));
    expect(result.config.queue).toMatch(/^sqlite:q\.db\.bench-\w+-\d+$/);
    // Each run's queue file was removed after it; the user's own file was never made.
    expect(readdirSync(dir).sort()).toEqual(["out", "page.html"]);
    const page = readFileSync(html, "utf8");
    for (const queue of queues) expect(page).toContain(queue.replace(/&/g, "&amp;"));
    expect(page).toMatch(/data-charts="[23]"/);
  });

  it.skipIf(!redisServerInstalled)(
    "never prints nor saves the password of a queue URL",
    async () => {
      const server = await PrivateRedis.start({ password: "pw-n0t-shown" });
      try {
        const dir = freshDir();
        const out = join(dir, "out");
        const url = server.url(freshStream("secret"));
        const { status, stdout, stderr } = await cli(
          [
            "bench",
            "--only",
            "small",
            "--repeat",
            "1",
            "--out",
            out,
            "--queue",
            "memory",
            "--queue",
            url,
          ],
          dir,
        );
        expect(status, stderr).toBe(0);
        const shown = url.replace(":pw-n0t-shown@", ":***@");
        expect(tableRows(stdout, ["memory", shown])).toHaveLength(2);
        expect(`${stdout}${stderr}`).not.toContain("pw-n0t-shown");
        for (const file of readdirSync(out)) {
          expect(readFileSync(join(out, file), "utf8"), file).not.toContain("pw-n0t-shown");
        }
      } finally {
        await server.dispose();
      }
    },
  );

  it("refuses a bad queue, a queue twice, a bad --repeat or several rows in one line, exit 2", async () => {
    const dir = freshDir();
    await expectRefused(
      ["bench", "--queue", "memory", "--queue", "kafka://x"],
      dir,
      /unknown queue "kafka:\/\/x"/,
    );
    await expectRefused(
      ["bench", "--queue", "memory", "--queue", "redis://:pw@127.0.0.1:6379/15?stream="],
      dir,
      /^swarm-stress: .*redis:\/\/:\*\*\*@/,
    );
    await expectRefused(
      ["bench", "--queue", "memory", "--queue", "memory"],
      dir,
      /"memory" given twice/,
    );
    await expectRefused(["bench", "--queue", "memory", "--repeat", "0"], dir, /--repeat/);
    await expectRefused(
      ["bench", "--queue", "memory", "--only", "small,large"],
      dir,
      /name one row/,
    );
    await expectRefused(["bench", "--queue", "memory", "--only", "nope"], dir, /unknown bench row/);
    await expectRefused(["bench", "--repeat", "2"], dir, /--repeat goes with --queue/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("stops at an unreachable broker before any run, in one line, exit 3", async () => {
    const dir = freshDir();
    const url = `redis://:pw-hidden@127.0.0.1:${await freePort()}/0?stream=x`;
    const { status, stdout, stderr } = await cli(
      ["bench", "--only", "small", "--queue", "memory", "--queue", url],
      dir,
    );
    expect(status).toBe(3);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/cannot (connect to|reach) .*127\.0\.0\.1/);
    expect(stderr).not.toContain("pw-hidden");
    expect(stderr).not.toContain("bench: memory");
    expect(existsSync(join(dir, "results"))).toBe(false);
  });
});
