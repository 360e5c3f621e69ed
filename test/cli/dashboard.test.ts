import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LIVE_NOTICES_ID,
  LIVE_STEPS_ID,
  LIVE_THRESHOLDS_ID,
} from "../../src/report/html/dashboard-client.js";
import type {
  DashboardEnd,
  DashboardPanel,
  DashboardUpdate,
} from "../../src/report/html/dashboard-update.js";
import { requireBuiltCli, runCli, startCli } from "../support/built-cli.js";
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

describe("run --dashboard", () => {
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
    const { status, stderr } = await runCli(
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

  it("a port in use: one line, exit 3, no run", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { status, stderr, stdout } = await runCli(
        ["run", "--agents", "2", "--messages-per-agent", "20", "--dashboard-port", String(port)],
        dir,
      );
      expect(status).toBe(3);
      expect(stderr).toBe(
        `swarm-stress: --dashboard: cannot listen on 127.0.0.1: port ${port} is in use (leave out --dashboard-port for a free one)\n`,
      );
      expect(stdout).toBe("");
    } finally {
      taken.close();
    }
  }, 30_000);

  for (const [port, why] of [
    ["70000", "--dashboard-port: expected 0 to 65535, got 70000"],
    ["http", "--dashboard-port: "],
  ] as const) {
    it(`a bad port (${port}): one line, exit 2`, async () => {
      const { status, stderr } = await runCli(
        ["run", "--agents", "2", "--messages-per-agent", "20", "--dashboard-port", port],
        dir,
      );
      expect(status).toBe(2);
      expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(stderr).toContain(`swarm-stress: ${why}`);
    }, 30_000);
  }
});

/** Rows of the first table in `html`. */
const rowsIn = (html: string | undefined) => (html?.match(/<tr/g)?.length ?? 1) - 1;

describe("capacity --dashboard", () => {
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
    const { status, stderr } = await runCli(
      [...SHORT_SEARCH, "--queue", "memory", "--queue", "memory", "--dashboard"],
      dir,
    );
    expect(status).toBe(2);
    expect(stderr).toBe(
      "swarm-stress: --dashboard takes one queue: search several in turn without it\n",
    );
  }, 30_000);
});

describe.skipIf(!redisAvailable)("run --workers --dashboard", () => {
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
  }, 60_000);
});
