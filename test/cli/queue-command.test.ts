import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuiltCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

let dir: string;
let queueFile: string;

beforeAll(async () => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-queue-"));
  queueFile = join(dir, "q.db");
  // Every attempt fails: the run leaves its 12 messages in the file as dead letters.
  const run = await cli(
    [
      "run",
      ...["--agents", "3", "--messages-per-agent", "4", "--types", "direct"],
      ...["--interval", "0", "--delay", "0", "--success-rate", "0", "--max-attempts", "2"],
      ...["--retry-base-delay", "1ms", "--queue", `sqlite:${queueFile}`, "--json"],
    ],
    dir,
  );
  expect(run.stderr).toBe("");
  expect(JSON.parse(run.stdout).totals.deadLettered).toBe(12);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("swarm-stress queue", () => {
  it("inspects a queue file: depth by status and dead letters with their errors", async () => {
    const text = await cli(["queue", "inspect", `sqlite:${queueFile}`], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/dead-lettered\s+12/);
    expect(text.stdout).toMatch(/12\s+mock: simulated failure/);
    const json = JSON.parse(
      (await cli(["queue", "inspect", `sqlite:${queueFile}`, "--json"], dir)).stdout,
    );
    expect(json.depth).toMatchObject({ ready: 0, delayed: 0, leased: 0, deadLettered: 12 });
    expect(json.deadLetters.byError).toEqual([{ error: "mock: simulated failure", count: 12 }]);
  });

  it("moves dead letters back, after which a new run refuses the file instead of mixing runs", async () => {
    const moved = await cli(["queue", "requeue-dead", `sqlite:${queueFile}`, "--json"], dir);
    expect(moved.status).toBe(0);
    expect(JSON.parse(moved.stdout).requeued).toBe(12);
    const json = JSON.parse(
      (await cli(["queue", "inspect", `sqlite:${queueFile}`, "--json"], dir)).stdout,
    );
    expect(json.depth).toMatchObject({ ready: 12, deadLettered: 0 });
    const again = await cli(["run", "--queue", `sqlite:${queueFile}`, "--json"], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/still holds 12 message\(s\)/);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a file that is not a queue, with one line and without touching it", async () => {
    const notQueue = join(dir, "notes.db");
    writeFileSync(notQueue, "these are not the messages you are looking for\n");
    const before = { bytes: readFileSync(notQueue), mtime: statSync(notQueue).mtimeMs };
    for (const command of ["inspect", "requeue-dead"]) {
      const outcome = await cli(["queue", command, `sqlite:${notQueue}`], dir);
      expect(outcome.status, command).toBe(2);
      expect(outcome.stderr.trim().split("\n"), command).toHaveLength(1);
      expect(outcome.stderr).toContain("notes.db");
    }
    expect(readFileSync(notQueue)).toEqual(before.bytes);
    expect(statSync(notQueue).mtimeMs).toBe(before.mtime);
  });

  it("takes a durable queue, never the in-process one", async () => {
    const outcome = await cli(["queue", "inspect", "memory"], dir);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toMatch(
      /^swarm-stress: queue inspect reads sqlite:PATH, redis:\/\/, .* \(the in-process queue lives only inside its run\), got "memory"$/m,
    );
  });

  it("never shows a password when it refuses a queue of the wrong kind", async () => {
    const url = "redis://agent:s3cret-pw@127.0.0.1:1/0?stream=x";
    for (const args of [
      ["queue", "inspect", `x${url}`],
      ["queue", "requeue-dead", url],
      ["queue", "purge", "sqlite:/tmp/agent:s3cret-pw@nowhere.db"],
      ["queue", "purge", `x${url}`],
    ]) {
      const outcome = await cli(args, dir);
      expect(outcome.status, args.join(" ")).toBe(2);
      expect(outcome.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      if (args[2] === url) expect(outcome.stderr).toContain("agent:***@127.0.0.1");
      if (args[2]?.includes("redis")) expect(outcome.stderr).not.toContain("s3cret");
    }
    // A Redis stream it reads: nothing listens there, and the password stays hidden.
    const unreachable = await cli(["queue", "inspect", url], dir);
    expect(unreachable.status).toBe(3);
    expect(unreachable.stderr).not.toContain("s3cret");
  });
});
