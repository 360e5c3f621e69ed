/**
 * `swarm-stress capacity --workers` keeps its worker processes from step to step, and Ctrl-C
 * mid-search leaves none of them running.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapacityDocument } from "../../src/capacity/capacity-document.js";
import { connectRedis } from "../../src/queue/redis/connection.js";
import { requireBuiltCli, type StartedCli, sleep, startCli } from "../support/built-cli.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";
import { until } from "../support/until.js";

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-capacity-workers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `swarm-stress worker` processes whose parent is `parent`, by /proc. */
function workerChildren(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after its last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (ppid === parent && args.includes("worker")) pids.push(Number(entry));
    } catch {
      // Gone while being read.
    }
  }
  return pids.sort((a, b) => a - b);
}

/** Whether `pid` is a process still running (an exited one waiting to be reaped is not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The search's arguments: two workers, a ramp of 2 s steps far from its maximum. */
function searchArgs(out: string, more: readonly string[] = []): string[] {
  return [
    "capacity",
    ...["--queue", streamUrl(freshStream("cli-workers")), "--workers", "2"],
    ...["--agents", "4", "--types", "direct", "--delay", "1ms", "--interval", "0"],
    ...["--start-rate", "200/s", "--max-rate", "100000/s", "--slo", "latency.endToEnd.p99<5s"],
    ...["--warmup", "1s", "--step", "2s", "-o", out, ...more],
  ];
}

/**
 * A search started, its worker processes looked at during its first ramp step and during its
 * second: still going when it returns, unless it ended early.
 */
async function twoSteps(
  out: string,
): Promise<{ search: StartedCli; during1: number[]; during2: number[] }> {
  const search = startCli(searchArgs(out), dir);
  const pid = search.child.pid as number;
  const untilLine = (pattern: RegExp) =>
    until(() => pattern.test(search.stderr()) || search.child.exitCode !== null, 30_000);
  await untilLine(/^step 1, warm-up/m);
  await sleep(300);
  const during1 = workerChildren(pid);
  await untilLine(/^step 2, ramp/m);
  await sleep(300);
  return { search, during1, during2: workerChildren(pid) };
}

// Side by side: each test is a search of its own, on a stream of its own, waiting on its steps.
describe.skipIf(!redisAvailable)("swarm-stress capacity --workers", { concurrent: true }, () => {
  it("keeps its two worker processes from step to step, and Ctrl-C leaves none running", async () => {
    const out = join(dir, "stopped.json");
    // A search that a busy moment of the machine ended early (its harness could not offer a
    // rate) is started again, up to three times.
    // Ended early: exited, saving what it found as it ends, or a step past the warm-up that its
    // harness could not offer, which ends it (its workers were gone 300 ms into step 2 once).
    const endedEarly = ({ search }: { search: StartedCli }) =>
      search.child.exitCode !== null ||
      /^capacity saved to |^step \d+, (?!warm-up)[^:\n]*: harness-limited/m.test(search.stderr());
    let watched = await twoSteps(out);
    for (let attempt = 1; attempt < 3 && endedEarly(watched); attempt++) {
      watched.search.child.kill("SIGINT");
      await watched.search.exited;
      watched = await twoSteps(out);
    }
    const { search, during1, during2 } = watched;
    expect(endedEarly(watched), search.stderr()).toBe(false);
    expect(during1).toHaveLength(2);
    expect(during2, search.stderr()).toEqual(during1);
    search.child.kill("SIGINT");
    const { code } = await search.exited;
    expect(code, search.stderr()).toBe(130);
    // Only the search's own lines: the workers, quiet, had nothing to say.
    expect(search.stderr(), search.stderr()).not.toMatch(/^(worker|swarm-stress: .*worker)/m);
    await until(() => during1.every((worker) => !running(worker)), 5_000);
    const doc = JSON.parse(readFileSync(out, "utf8")) as CapacityDocument;
    expect(doc.outcome.verdict).toBe("stopped");
    expect(doc.steps.at(-1)?.verdict).toBe("stopped");
  }, 90_000);

  it("leaves no worker running once the search is killed outright", async () => {
    // A heartbeat of 2 s: a worker amid a step finds the coordinator's beat lapsed within 4 s.
    const stream = freshStream("cli-workers-killed");
    const args = searchArgs(join(dir, "killed.json"), ["--heartbeat", "2s"]);
    args[args.indexOf("--queue") + 1] = streamUrl(stream);
    const search = startCli(args, dir);
    const pid = search.child.pid as number;
    await until(
      () => /^step 1, warm-up/m.test(search.stderr()) || search.child.exitCode !== null,
      30_000,
    );
    await sleep(300);
    const workers = workerChildren(pid);
    expect(workers, search.stderr()).toHaveLength(2);
    search.child.kill("SIGKILL");
    await search.exited;
    await until(() => workers.every((worker) => !running(worker)), 15_000);
    // The killed search could not remove its step's stream: the test does.
    const redis = await connectRedis(streamUrl(stream));
    try {
      let cursor = "0";
      do {
        const [next, keys] = (await redis.sendCommand([
          "SCAN",
          cursor,
          "MATCH",
          `*${stream}*`,
          "COUNT",
          "1000",
        ])) as [string, string[]];
        if (keys.length > 0) await redis.sendCommand(["DEL", ...keys]);
        cursor = next;
      } while (cursor !== "0");
    } finally {
      redis.destroy();
    }
  }, 60_000);
});
