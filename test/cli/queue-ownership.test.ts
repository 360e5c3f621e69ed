import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import { requireBuiltCli, sleep, startCli, untilExists } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-ownership-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About two seconds of work: 300 messages, 10 every 50 ms. */
const WORKLOAD = [
  ...["--agents", "3", "--messages-per-agent", "100", "--types", "direct"],
  ...["--interval", "50ms", "--seed", "5", "--no-progress"],
];

/** Wait until the run has its queue file, then `ms` more: it is well into its work. */
async function intoTheRun(file: string, ms: number): Promise<void> {
  await untilExists(file);
  await sleep(ms);
}

const holderLine = (pid: number | undefined) =>
  new RegExp(
    `^swarm-stress: queue file .*\\.db is in use by pid ${pid} on host ${hostname()} \\(swarm-stress run, since .*Z\\): one process owns a queue file at a time$`,
    "m",
  );

describe("one process owns a queue file", () => {
  it("refuses the second of two runs started together, and the first loses nothing", async () => {
    const file = join(dir, "together", "q.db");
    rmSync(join(dir, "together"), { recursive: true, force: true });
    mkdirSync(join(dir, "together"));
    const queue = ["--queue", `sqlite:${file}`];
    // About five seconds of work: a process started at the lowest priority beside the whole
    // suite once took longer than two to get going, after the other run had ended.
    const workload = [...WORKLOAD, "--messages-per-agent", "300"];
    // One run in this process, the other in a process of its own: two processes, two pids.
    const a = cli(["run", ...workload, ...queue, "--out", join(dir, "together", "a.json")], dir);
    await sleep(5);
    const b = startCli(
      ["run", ...workload, ...queue, "--out", join(dir, "together", "b.json")],
      dir,
    );
    const [first, second] = await Promise.all([a, b.exited]);
    const outcomes = [first.status, second.code].sort();
    expect(outcomes).toEqual([0, 2]);
    const [refusal, holder] =
      first.status === 0 ? [b.stderr(), process.pid] : [first.stderr, b.child.pid];
    expect(refusal).toMatch(holderLine(holder));
    expect(refusal.trim().split("\n")).toHaveLength(1);
    const name = first.status === 0 ? "a.json" : "b.json";
    const result = JSON.parse(readFileSync(join(dir, "together", name), "utf8")) as RunResult;
    expect(result.totals.delivered).toBe(900);
    expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
  }, 30_000);

  it("refuses to resume, or to requeue dead letters of, a file a live run holds", async () => {
    const file = join(dir, "live.db");
    const queue = ["--queue", `sqlite:${file}`];
    // Long enough to outlast the checks on a loaded machine; stopped with Ctrl-C after them.
    const long = [...WORKLOAD, "--messages-per-agent", "2000"];
    const original = startCli(["run", ...long, ...queue, "--out", join(dir, "live.json")], dir);
    await intoTheRun(file, 300);
    const resume = await cli(["run", "--resume", ...queue, "--no-progress"], dir);
    expect(resume.status).toBe(2);
    expect(resume.stderr).toMatch(holderLine(original.child.pid));
    const requeue = await cli(["queue", "requeue-dead", `sqlite:${file}`], dir);
    expect(requeue.status).toBe(2);
    expect(requeue.stderr).toMatch(/is in use by pid/);
    original.child.kill("SIGINT");
    const { code } = await original.exited;
    expect(code).toBe(130);
    // The refused commands changed nothing: the original's accounting holds.
    const result = JSON.parse(readFileSync(join(dir, "live.json"), "utf8")) as RunResult;
    expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
  }, 30_000);

  it("resumes at once after the holder was killed", async () => {
    const file = join(dir, "killed.db");
    const queue = ["--queue", `sqlite:${file}`];
    const original = startCli(
      ["run", ...WORKLOAD, ...queue, "--out", join(dir, "first.json")],
      dir,
    );
    await intoTheRun(file, 500);
    original.child.kill("SIGKILL");
    await original.exited;
    const started = Date.now();
    const resumed = await cli(["run", "--resume", ...queue, "--json"], dir);
    expect(resumed.stderr).toBe("");
    expect(resumed.status).toBe(0);
    const result = JSON.parse(resumed.stdout) as RunResult;
    expect(result.totals.delivered).toBe(300);
    expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
    // Detected as dead, not waited out: the resumed part alone takes about two seconds.
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 30_000);
});
