import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LIVE_NOTICES_ID,
  LIVE_ROWS_ID,
  LIVE_STEPS_ID,
  LIVE_THRESHOLDS_ID,
  LIVE_WORKERS_ID,
} from "../../src/report/html/dashboard-client.js";
import type {
  DashboardEnd,
  DashboardPanel,
  DashboardUpdate,
} from "../../src/report/html/dashboard-update.js";
import type { RunResult } from "../../src/result/result.js";
import type { BenchSummary } from "../../src/run/bench-suite.js";
import { requireBuiltCli, runCli, startCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";
import {
  dashboardUrl,
  FAILED_LATER,
  type ReceivedEvent,
  readEvents,
  SHORT_SEARCH,
  WATCHED_RUN,
} from "../support/dashboard.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-dashboard-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CI variable cleared, so that --dashboard-keep keeps. */
const NOT_CI = { CI: "" };

const updatesOf = (events: readonly ReceivedEvent[]) =>
  events.filter((e) => e.event === "update").map((e) => e.data as DashboardUpdate);

/** The thresholds table an event puts in the page. */
const thresholdsOf = (event: DashboardPanel | undefined) => event?.html[LIVE_THRESHOLDS_ID];

/** Whether anything still answers at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * The suites wait on CLI processes and their servers, not on the CPU, each with ports and
 * files of its own: they run at once (the quick port checks, last, one after another).
 */
const CONCURRENT = { concurrent: true };

describe("run --dashboard", CONCURRENT, () => {
  it("streams the run every second, flips a threshold as it fails, ends with the report and closes", async () => {
    const run = startCli(
      ["run", ...WATCHED_RUN, "--threshold", FAILED_LATER, "--dashboard", "-o", "streamed.json"],
      dir,
      NOT_CI,
    );
    const url = await dashboardUrl(run);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("swarm-stress live dashboard");
    expect(html).toContain("connect-src 'self'");
    const events = await readEvents(`${url}events`);
    const { code } = await run.exited;

    const updates = updatesOf(events);
    expect(updates.length).toBeGreaterThanOrEqual(4);
    // One a second, each with the timeline one point longer; the last closes the run's end.
    for (let i = 1; i < updates.length; i++) {
      const [before, after] = [updates[i - 1], updates[i]] as [DashboardUpdate, DashboardUpdate];
      expect(after.points).toBe(before.points + 1);
      const step = after.seconds - before.seconds;
      if (!after.final) expect(step).toBeGreaterThanOrEqual(0.95);
      expect(step).toBeLessThan(2.5);
    }
    expect(updates.map((u) => u.final)).toEqual(updates.map((_, i) => i === updates.length - 1));
    // Charts fill in once there are two points to join.
    const last = updates.at(-1) as DashboardUpdate;
    expect(last.charts.map((c) => c.id)).toEqual([
      "chart-throughput",
      "chart-latency",
      "chart-depth",
      "chart-resources",
    ]);
    for (const chart of last.charts) expect(chart.spec, chart.id).toBeDefined();
    const latency = last.charts.find((c) => c.id === "chart-latency");
    expect(latency?.spec?.data[0]).toHaveLength(last.points);
    // The threshold holds at first, then fails for good.
    const failedAt = updates.findIndex((u) => thresholdsOf(u)?.includes("✗ failed"));
    expect(thresholdsOf(updates[0])).toContain("not failed so far");
    expect(failedAt).toBeGreaterThan(0);
    for (const update of updates.slice(failedAt))
      expect(thresholdsOf(update)).toContain("✗ failed");

    // The final event carries the report, and the threshold's verdict.
    expect(events.at(-1)?.event).toBe("end");
    const end = events.at(-1)?.data as DashboardEnd;
    expect(end.report).toMatch(/^<!doctype html>/);
    expect(end.report).toContain("swarm-stress run report");
    expect(thresholdsOf(end)).toContain("totals.failed&lt;80");
    expect(thresholdsOf(end)).toContain("✗ failed");

    expect(code).toBe(1);
    expect(run.stderr()).toContain(`dashboard at ${url}`);
    expect(await answers(url)).toBe(false);
  }, 60_000);

  it("keeps serving after the run with --dashboard-keep until Ctrl-C, the end replayed to a new page", async () => {
    const run = startCli(
      ["run", ...WATCHED_RUN, "--messages-per-agent", "300", "--dashboard-keep", "-o", "kept.json"],
      dir,
      NOT_CI,
    );
    const url = await dashboardUrl(run);
    while (!run.stderr().includes("dashboard kept at") && run.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(run.stderr()).toContain(`dashboard kept at ${url}`);
    expect(run.child.exitCode).toBeNull();
    // A page opened after the run gets its last update and its end at once.
    const events = await readEvents(`${url}events`, (event) => event.event === "end");
    expect(events.map((e) => e.event)).toEqual(["update", "end"]);
    const [replayed] = updatesOf(events);
    expect(replayed?.final).toBe(true);
    expect((await fetch(url)).status).toBe(200);
    run.child.kill("SIGINT");
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(await answers(url)).toBe(false);
  }, 60_000);

  it("never blocks under CI: --dashboard-keep is ignored with a line", async () => {
    const { status, stderr } = await cli(
      ["run", "--agents", "2", "--messages-per-agent", "20", "--dashboard-keep", "-o", "ci.json"],
      dir,
      { CI: "true" },
    );
    expect(status).toBe(0);
    expect(stderr).toContain("--dashboard-keep: ignored under CI");
    expect(stderr).not.toContain("dashboard kept at");
  }, 30_000);

  it("does not keep serving after a run that failed to start", async () => {
    const { status, stderr } = await runCli(
      ["run", "--queue", "redis://127.0.0.1:1/0", "--dashboard-keep", "-o", "failed.json"],
      dir,
      NOT_CI,
    );
    expect(status).toBe(3);
    expect(stderr).toMatch(
      /^dashboard at http:\/\/127\.0\.0\.1:\d+\/\nswarm-stress: .*127\.0\.0\.1:1/,
    );
    expect(stderr).not.toContain("dashboard kept at");
  }, 30_000);
});

/** A small load of each command that takes the dashboard flags, saved to `out`. */
const SMALL_LOADS = {
  run: (out: string) => ["run", "--agents", "2", "--messages-per-agent", "20", "-o", out],
  bench: (out: string) => ["bench", "--only", "small", "-o", out],
} as const;

/** Rows of the first table in `html`. */
const rowsIn = (html: string | undefined) => (html?.match(/<tr/g)?.length ?? 1) - 1;

describe("capacity --dashboard", CONCURRENT, () => {
  it("streams each step's seconds and the steps so far, and ends with the capacity report", async () => {
    const run = startCli([...SHORT_SEARCH, "--dashboard", "-o", "searched.json"], dir, NOT_CI);
    const url = await dashboardUrl(run);
    const events = await readEvents(`${url}events`);
    const { code } = await run.exited;
    expect(code).toBe(0);

    const steps = events.filter((e) => e.event === "steps").map((e) => e.data as DashboardPanel);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.map((panel) => rowsIn(panel.html[LIVE_STEPS_ID]))).toEqual(
      steps.map((_, i) => i + 1),
    );
    const statuses = updatesOf(events).map((u) => u.status);
    // A page that connects once the first step is over (a busy machine) is told where it ended.
    expect(statuses[0]).toMatch(/^Step 1, warm-up at 200\/s for 1s(: | ended)/);
    expect(statuses.some((status) => status.startsWith("Step 2, "))).toBe(true);
    // Each step's timeline starts again from its first second (the first step's perhaps before
    // the page connected).
    const firstSeconds = updatesOf(events).filter((u) => u.points === 1).length;
    expect(firstSeconds).toBeGreaterThanOrEqual(steps.length - 1);
    expect(firstSeconds).toBeLessThanOrEqual(steps.length);

    expect(events.at(-1)?.event).toBe("end");
    const end = events.at(-1)?.data as DashboardEnd;
    expect(end.report).toContain("<h1>Capacity: default</h1>");
    expect(rowsIn(end.html[LIVE_STEPS_ID])).toBe(steps.length);
    expect(end.charts.map((c) => c.id)).toEqual([
      "chart-capacity-latency",
      "chart-capacity-throughput",
    ]);
    expect(await answers(url)).toBe(false);
  }, 60_000);

  it("takes one queue: with several, one line and exit 2", async () => {
    const { status, stderr } = await cli(
      [...SHORT_SEARCH, "--queue", "memory", "--queue", "memory", "--dashboard"],
      dir,
    );
    expect(status).toBe(2);
    expect(stderr).toBe(
      "swarm-stress: --dashboard takes one queue: search several in turn without it\n",
    );
  }, 30_000);
});

/** Each row of a bench rows table: its name and messages, as the page shows them. */
const benchRowsIn = (html: string | undefined) =>
  [...(html ?? "").matchAll(/<tr[^>]*><td>([^<]+)<\/td><td class="num">([\d,]+)<\/td>/g)].map(
    ([, name, messages]) => ({ name, messages: Number(messages?.replaceAll(",", "")) }),
  );

describe("bench --dashboard", CONCURRENT, () => {
  it("streams the row under way, the rows so far, and ends with the summary; never blocks under CI", async () => {
    const run = startCli(
      ["bench", "--only", "small,medium", "--dashboard-keep", "--json", "-o", "bench"],
      dir,
      { CI: "true" },
    );
    const url = await dashboardUrl(run);
    const html = await (await fetch(url)).text();
    expect(html).toContain("swarm-stress live dashboard: bench suite");
    expect(html).toContain(`id="${LIVE_ROWS_ID}"`);
    const events = await readEvents(`${url}events`);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    expect(run.stderr()).toContain("--dashboard-keep: ignored under CI");
    const summary = JSON.parse(run.stdout()) as BenchSummary;
    const saved = summary.rows.map((row) => ({ name: row.name, messages: row.messages }));

    // Each second of the row under way, named in the status line; the medium row's last.
    const statuses = updatesOf(events).map((u) => u.status);
    for (const status of statuses) expect(status).toMatch(/^Row (1 of 2: small|2 of 2: medium)/);
    expect(statuses.at(-1)).toMatch(/^Row 2 of 2: medium ended after /);
    // The rows so far grow one by one (the first perhaps before the page connected).
    const rows = events.filter((e) => e.event === "rows").map((e) => e.data as DashboardPanel);
    const tables = rows.map((panel) => benchRowsIn(panel.html[LIVE_ROWS_ID]));
    expect(tables.at(-1)).toEqual(saved);
    for (const table of tables) expect(table).toEqual(saved.slice(0, table.length));

    expect(events.at(-1)?.event).toBe("end");
    const end = events.at(-1)?.data as DashboardEnd;
    expect(benchRowsIn(end.html[LIVE_ROWS_ID])).toEqual(saved);
    expect(end.html[LIVE_ROWS_ID]).toContain(`seed ${summary.seed} · 2 rows in`);
    expect(end.report).toContain("<h1>Bench: 2 rows</h1>");
    expect(benchRowsIn(end.report)).toEqual(saved);
    expect(await answers(url)).toBe(false);
  }, 30_000);

  it("refuses a side-by-side comparison: one line, exit 2", async () => {
    const { status, stderr } = await cli(
      ["bench", "--queue", "memory", "--queue", "memory", "--dashboard"],
      dir,
    );
    expect(status).toBe(2);
    expect(stderr).toBe(
      "swarm-stress: --dashboard shows the suite's rows: compare queues side by side (--queue) without it\n",
    );
  }, 30_000);
});

describe.skipIf(!redisAvailable)("run --workers --dashboard", CONCURRENT, () => {
  it("the coordinator's page follows what its workers report, with the run's notices", async () => {
    const run = startCli(
      [
        ...["run", ...WATCHED_RUN, "--messages-per-agent", "600"],
        ...["--queue", streamUrl(freshStream("dashboard")), "--workers", "2"],
        ...["--dashboard", "-o", "distributed.json"],
      ],
      dir,
      NOT_CI,
    );
    const url = await dashboardUrl(run);
    const events = await readEvents(`${url}events`);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const updates = updatesOf(events);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.map((u) => u.points)).toEqual(updates.map((_, i) => i + 1));
    // Delivered per second, as the workers reported it, drawn before the run ended.
    const throughput = updates
      .find((u) => !u.final && u.charts[0]?.spec !== undefined)
      ?.charts.find((c) => c.id === "chart-throughput")?.spec;
    const delivered = throughput?.data[1] ?? [];
    expect(Math.max(...delivered.map((v) => v ?? 0))).toBeGreaterThan(0);
    // What the coordinator tells a person, listed on the page too: the run's id, how to join.
    const notices = events.filter((e) => e.event === "notices").at(-1)?.data as DashboardPanel;
    expect(notices.html[LIVE_NOTICES_ID]).toMatch(
      /^<ul class="notices"><li>run \S+: 2 local worker\(s\) started; more can join with swarm-stress worker --queue URL --run \S+<\/li><\/ul>$/,
    );
    const end = events.at(-1)?.data as DashboardEnd;
    expect(end.report).toContain('<section id="workers">');
    expect(end.html[LIVE_WORKERS_ID]).toContain("finished");

    // The workers listed each second, with what each has delivered so far.
    const result = JSON.parse(readFileSync(join(dir, "distributed.json"), "utf8")) as RunResult;
    const ids = (result.workers ?? []).map((w) => w.id).sort();
    expect(ids).toHaveLength(2);
    for (const update of updates) {
      const listed = update.workers ?? [];
      expect(listed.map((w) => w.id).sort()).toEqual(ids);
      for (const w of listed) expect(["joined", "running", "finished", "lost"]).toContain(w.state);
      expect(update.html[LIVE_WORKERS_ID]).toContain(listed[0]?.id);
    }
    const deliveredBy = (update: DashboardUpdate, id: string) =>
      update.workers?.find((w) => w.id === id)?.delivered ?? 0;
    for (const id of ids) {
      const seen = updates.map((u) => deliveredBy(u, id));
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
    expect(
      updates.some(
        (u) => !u.final && u.workers?.some((w) => w.state === "running" && w.delivered > 0),
      ),
    ).toBe(true);
    // At the end every worker finished, and what the list says they delivered is the result's.
    const last = updates.at(-1) as DashboardUpdate;
    expect(last.workers?.map((w) => w.state)).toEqual(["finished", "finished"]);
    const listedSum = (last.workers ?? []).reduce((sum, w) => sum + w.delivered, 0);
    expect(listedSum).toBe(result.totals.delivered);
    expect(listedSum).toBe((result.workers ?? []).reduce((sum, w) => sum + w.delivered, 0));
  }, 60_000);
});

describe.each(Object.keys(SMALL_LOADS) as (keyof typeof SMALL_LOADS)[])(
  "%s --dashboard-port",
  (command) => {
    it("a port in use: one line, exit 3, nothing run or saved", async () => {
      const taken: Server = createServer();
      await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
      const { port } = taken.address() as { port: number };
      const out = `${command}-port-taken`;
      try {
        const { status, stderr, stdout } = await cli(
          [...SMALL_LOADS[command](out), "--dashboard-port", String(port)],
          dir,
        );
        expect(status).toBe(3);
        expect(stderr).toBe(
          `swarm-stress: --dashboard: cannot listen on 127.0.0.1: port ${port} is in use (leave out --dashboard-port for a free one)\n`,
        );
        expect(stdout).toBe("");
        expect(existsSync(join(dir, out))).toBe(false);
      } finally {
        taken.close();
      }
    }, 30_000);

    for (const [port, why] of [
      ["70000", "--dashboard-port: expected 0 to 65535, got 70000"],
      ["http", "--dashboard-port: "],
    ] as const) {
      it(`a bad port (${port}): one line, exit 2`, async () => {
        const { status, stderr } = await cli(
          [...SMALL_LOADS[command](`${command}-bad-port`), "--dashboard-port", port],
          dir,
        );
        expect(status).toBe(2);
        expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
        expect(stderr).toContain(`swarm-stress: ${why}`);
      }, 30_000);
    }
  },
);
