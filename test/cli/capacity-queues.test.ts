/**
 * `capacity --queue A --queue B`: the same search on each queue in turn, each document saved,
 * and the knees side by side. What each search finds is capacity-command.test.ts's business;
 * here, that every queue gets its own search and its own document, and the checks before any.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapacityDocument } from "../../src/capacity/capacity-document.js";
import { checkQueues } from "../../src/cli/capacity-queues.js";
import { cli } from "../support/cli-in-process.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "swarm-capacity-queues-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A search that reaches its maximum in three short steps, on a core that costs nothing. */
const QUICK = [
  ...["capacity", "--agents", "4", "--types", "direct", "--delay", "0", "--interval", "0"],
  ...["--step", "300ms", "--warmup", "200ms", "--confirm", "300ms"],
  ...["--start-rate", "200/s", "--max-rate", "400/s"],
];

// Side by side: each test searches queues of its own, in the same directory.
describe.concurrent("swarm-stress capacity with several --queue", () => {
  it("searches each queue in turn, saves a document for each, and sets the knees side by side", async () => {
    const out = join(dir, "two");
    const sqlite = `sqlite:${join(dir, "q.db")}`;
    const outcome = await cli([...QUICK, "--queue", "memory", "--queue", sqlite, "-o", out], dir);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(outcome.stderr).toMatch(/^memory: step 1, warm-up, 200\/s/m);
    expect(outcome.stderr).toMatch(new RegExp(`^${sqlite}: step 1, warm-up, 200/s`, "m"));
    expect(outcome.stdout).toMatch(/^== memory\nCapacity: /m);
    // What each search finds on a busy machine is capacity-command.test.ts's business: here,
    // a row of the knees for each queue, with its document's verdict.
    const knees = outcome.stdout.slice(outcome.stdout.indexOf("Capacity by queue")).split("\n");
    const docs = ["capacity-q1-memory.json", "capacity-q2-sqlite.json"].map(
      (name) => JSON.parse(readFileSync(join(out, name), "utf8")) as CapacityDocument,
    );
    expect(docs.map((doc) => doc.config.queue)).toEqual(["memory", sqlite]);
    for (const [i, label] of ["memory", sqlite].entries()) {
      const verdict = docs[i]?.outcome.verdict as string;
      expect(
        knees.filter((line) => line.startsWith(`  ${label} `) && line.includes(verdict)),
      ).toHaveLength(1);
    }
  });

  it("prints every search as JSON with --json", async () => {
    const outcome = await cli(
      [...QUICK, "--queue", "memory", "--queue", `sqlite:${join(dir, "j.db")}`, "--json"],
      dir,
    );
    expect(outcome.status, outcome.stderr).toBe(0);
    const searched = JSON.parse(outcome.stdout) as { queue: string; capacity: CapacityDocument }[];
    expect(searched.map((s) => [s.queue.split(":")[0], s.capacity.schema])).toEqual([
      ["memory", "swarm-stress/capacity@1"],
      ["sqlite", "swarm-stress/capacity@1"],
    ]);
  });

  it("refuses, in one line and before any load, a queue given twice, a malformed one, or --html", async () => {
    const refused = async (args: string[], message: RegExp) => {
      const outcome = await cli([...QUICK, ...args, "-o", join(dir, "never")], dir);
      expect(outcome.status).toBe(2);
      expect(outcome.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
      expect(existsSync(join(dir, "never"))).toBe(false);
    };
    await refused(["--queue", "memory", "--queue", "memory"], /"memory" is given twice$/);
    await refused(["--queue", "memory", "--queue", "kafka://x"], /^swarm-stress: unknown queue/);
    await refused(
      ["--queue", "memory", "--queue", "sqlite:x.db", "--html", "x.html"],
      /--html takes one queue/,
    );
  });

  it("never shows a queue's password", () => {
    expect(checkQueues(["memory", "redis://:s3cret@127.0.0.1:6379/0?stream=x"])).toEqual([
      "memory",
      "redis://:***@127.0.0.1:6379/0?stream=x",
    ]);
  });
});
